#!/usr/bin/env python3
"""Lighthouse (mobile preset) on the home page, the explorer and a program page, served in
production mode; prints the scores and fails when one is below target.

Each page is audited three times and the run with the median performance score is reported, as
Lighthouse's own guidance on variability advises: on a shared machine one run's Total Blocking Time
moves by a hundred milliseconds between identical runs.

Targets: performance >= 95; accessibility, best practices and SEO = 100.
Needs Chromium (CHROME_PATH, default /usr/bin/chromium) and `npm ci` (lighthouse 12.2.3).

Usage: .venv/bin/python scripts/audit.py   (or `make audit`)
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scripts.chromium import CHROMIUM_ARGS  # noqa: E402
from tests.browser.prodserver import production_server  # noqa: E402

PAGES = [
    ("home", "/"),
    ("explorer", "/programs/"),
    ("program", "/programs/proton-ion-beam-rnd-center/"),
]
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
TARGETS = {"performance": 95, "accessibility": 100, "best-practices": 100, "seo": 100}
RUNS = 3  # per page; the median run by performance score is the page's result
METRICS = [
    ("first-contentful-paint", "FCP"),
    ("largest-contentful-paint", "LCP"),
    ("total-blocking-time", "TBT"),
    ("cumulative-layout-shift", "CLS"),
]
CHROME_FLAGS = ["--headless=new", *CHROMIUM_ARGS]
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"  # 12.2.3, pinned in package.json


def lighthouse(url: str, out: Path) -> dict:
    command = [
        "npx",
        "--no-install",
        "lighthouse",
        url,
        "--quiet",
        "--output=json",
        f"--output-path={out}",
        f"--only-categories={','.join(CATEGORIES)}",
        f"--chrome-flags={' '.join(CHROME_FLAGS)}",
    ]
    env = {**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", "/usr/bin/chromium")}
    # Lighthouse sometimes fails to record a trace (NO_NAVSTART) and asks to be run again; a run
    # that fails that way is repeated, up to three tries. Scores are never retried.
    for attempt in range(1, 4):
        result = subprocess.run(command, cwd=ROOT, env=env, timeout=300)
        if result.returncode == 0:
            return json.loads(out.read_text(encoding="utf-8"))
        print(f"Lighthouse did not finish on {url} (try {attempt} of 3)", file=sys.stderr)
    raise SystemExit(f"Lighthouse failed three times on {url}")


def failures_of(report: dict) -> list[str]:
    """The weighted audits that cost points in a category below target, for the reader to fix."""
    lines = []
    for key in CATEGORIES:
        if round(100 * (report["categories"][key]["score"] or 0)) >= TARGETS[key]:
            continue
        for ref in report["categories"][key]["auditRefs"]:
            audit = report["audits"][ref["id"]]
            if ref.get("weight") and audit.get("score") is not None and audit["score"] < 1:
                lines.append(f"{key}/{ref['id']}: {audit.get('displayValue', '')} {audit['title']}")
    return lines


def main() -> int:
    if not os.access(os.environ.get("CHROME_PATH", "/usr/bin/chromium"), os.X_OK):
        print("Chromium이 없습니다: apt-get install -y chromium fonts-noto-cjk", file=sys.stderr)
        return 2
    if not LIGHTHOUSE.exists():
        print("lighthouse가 없습니다: npm ci", file=sys.stderr)
        return 2

    rows = []
    notes = []
    with production_server() as base, tempfile.TemporaryDirectory() as tmp:
        print(f"production-mode server at {base} (gunicorn, whitenoise, DEBUG off)\n", flush=True)
        for index, (name, path) in enumerate(PAGES):
            reports = [
                lighthouse(base + path, Path(tmp) / f"{index}-{run}.json") for run in range(RUNS)
            ]
            reports.sort(key=lambda report: report["categories"]["performance"]["score"] or 0)
            report = reports[len(reports) // 2]
            runs = ", ".join(
                str(round(100 * (r["categories"]["performance"]["score"] or 0))) for r in reports
            )
            print(
                f"{path}: performance in {RUNS} runs {runs}; the median run is reported", flush=True
            )
            scores = {
                key: round(100 * (report["categories"][key]["score"] or 0)) for key in CATEGORIES
            }
            metrics = [report["audits"][audit]["displayValue"] for audit, _ in METRICS]
            rows.append((name, path, scores, metrics))
            notes += [f"{path} {line}" for line in failures_of(report)]

    header = (
        f"{'page':<12} {'path':<40} {'perf':>5} {'a11y':>5} {'best':>5} {'seo':>5}  "
        + " ".join(f"{label:>7}" for _, label in METRICS)
    )
    print(header)
    print("-" * len(header))
    failed = False
    for name, path, scores, metrics in rows:
        cells = []
        for key in CATEGORIES:
            ok = scores[key] >= TARGETS[key]
            failed |= not ok
            cells.append(f"{scores[key]:>4}{' ' if ok else '!'}")
        print(
            f"{name:<12} {path:<40} {' '.join(cells)}  "
            + " ".join(f"{value.replace(chr(160), ' '):>7}" for value in metrics)
        )
    print(
        "\ntargets: performance >= 95, accessibility = best practices = SEO = 100"
        f" (! marks a miss); Lighthouse 12.2.3, mobile preset, median of {RUNS} runs"
    )
    if notes:
        print("\naudits that cost points where a target was missed:")
        for line in notes:
            print(f"  {line}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
