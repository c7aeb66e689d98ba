"""make bench: 10,000 programs, gunicorn in production mode, wrk on loopback, on SQLite and PostgreSQL.

For each database it builds a fresh portfolio with `generate_portfolio`, serves it with gunicorn
(sync workers, DEBUG off, whitenoise), and drives load with wrk (16 connections):

  (a) one URL repeated, for home, explorer, a search, the htmx partial, page 50, a program page,
      a facility page and the CSV download of all rows, each as a ratio to a static file served by
      the same server in the same run. Target: ≥ 50 % of static throughput, p99 < 50 ms.
  (b) a realistic mix of distinct URLs, round-robin: 1,500 program pages from the sitemap and 300
      different explorer filter/search/page combinations. Target: ≥ 10 %, p99 < 250 ms. It runs
      twice, 2 × --seconds each: "first visits" starts from an empty cache and never lets it answer
      (no two requests share a URL; see FIRST_VISITS_SCRIPT), so every request renders its page
      from the database; "steady state" goes round the list after every URL has been seen, as a
      public site's popular pages would be.

Every ratio is to the static file measured in turns with that row, in slices (see interleaved):
this shared machine's speed drifts by tens of percent within minutes.

Usage: .venv/bin/python scripts/bench.py [--programs 10000] [--seconds 10] [--db sqlite,postgres]
Prints a table per database and exits non-zero when a target is missed.
"""

import argparse
import json
import os
import random
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path
from xml.etree import ElementTree

ROOT = Path(__file__).resolve().parent.parent
PY = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
CONNECTIONS = 16
WRK_THREADS = 2

MIX_SCRIPT = """
local paths = {}
for line in io.lines(os.getenv("BENCH_PATHS")) do paths[#paths + 1] = line end
local i = 0
request = function()
  i = i + 1
  if i > #paths then i = 1 end
  return wrk.format("GET", paths[i])
end
"""
# First visits: no request is ever answered from the page cache. wrk's threads share the list out
# (thread t takes paths t, t + threads, …) so two threads never ask for the same page, and each
# later pass over the list adds ?visit=<n>, a query the pages ignore but the page cache keys on:
# the same 1,800 pages, rendered from the database every time. Each slice of the run (see
# interleaved) starts at its own BENCH_VISIT_START, so no slice meets another's pages.
FIRST_VISITS_SCRIPT = """
local paths = {}
for line in io.lines(os.getenv("BENCH_PATHS")) do paths[#paths + 1] = line end
local threads = tonumber(os.getenv("BENCH_THREADS"))
local counter = 0
function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
end
local i, visit
request = function()
  i = (i or id + 1 - threads) + threads
  visit = visit or tonumber(os.getenv("BENCH_VISIT_START") or "1")
  if i > #paths then
    i = id + 1
    visit = visit + 1
  end
  local path = paths[i]
  if visit > 1 then
    local sep = "?"
    if path:sub(-1) == "?" then sep = "" elseif path:find("?", 1, true) then sep = "&" end
    path = path .. sep .. "visit=" .. visit
  end
  return wrk.format("GET", path)
end
"""
HTMX_HEADERS = {"HX-Request": "true", "HX-Target": "results"}
HTMX_SCRIPT = """
wrk.headers["HX-Request"] = "true"
wrk.headers["HX-Target"] = "results"
"""


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run(cmd, env, **kwargs):
    return subprocess.run(cmd, env=env, cwd=ROOT, check=True, **kwargs)


def prepare(db, env, programs):
    if db == "postgres":
        name = "gyeongju_bench"
        subprocess.run(
            [
                "psql",
                "-h",
                "127.0.0.1",
                "-U",
                "postgres",
                "-q",
                "-v",
                "ON_ERROR_STOP=1",
                "-c",
                f"DROP DATABASE IF EXISTS {name} WITH (FORCE)",
                "-c",
                f"CREATE DATABASE {name} ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8' TEMPLATE template0",
            ],
            check=True,
        )
        env["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{name}"
    else:
        env["DATABASE_URL"] = f"sqlite:///{env['BENCH_DIR']}/bench.sqlite3"
    run([PY, "manage.py", "migrate", "--noinput", "-v0"], env)
    started = time.monotonic()
    run([PY, "manage.py", "generate_portfolio", "--programs", str(programs), "--seed", "1"], env)
    generated = time.monotonic() - started
    if db == "postgres":
        subprocess.run(["psql", env["DATABASE_URL"], "-q", "-c", "VACUUM ANALYZE"], check=True)
    run([PY, "manage.py", "collectstatic", "--noinput", "-v0"], env)
    return generated


def serve(env, port):
    process = subprocess.Popen(
        [
            GUNICORN,
            "gyeongju.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--worker-class",
            "sync",
            "--log-level",
            "warning",
        ],
        env=env,
        cwd=ROOT,
        start_new_session=True,
    )
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/robots.txt", timeout=2)
            return process
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise SystemExit("gunicorn did not start")


def warm(base, paths, rounds):
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(lambda path: get(base, path), paths * rounds))


def workers_rss_mb(master_pid):
    """Resident memory of each gunicorn worker (children of the master), in MB."""
    sizes = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            text = status.read_text()
        except OSError:
            continue
        if f"\nPPid:\t{master_pid}\n" in text:
            rss = re.search(r"VmRSS:\s+(\d+) kB", text)
            if rss:
                sizes.append(round(int(rss.group(1)) / 1024))
    return sorted(sizes)


def get(base, path, headers=None):
    request = urllib.request.Request(base + path, headers=headers or {})
    with urllib.request.urlopen(request, timeout=60) as response:
        return response.read()


def wrk(url, seconds, *, script=None, env=None, connections=CONNECTIONS):
    cmd = [
        "wrk",
        f"-t{min(WRK_THREADS, connections)}",
        f"-c{connections}",
        f"-d{seconds}s",
        "--latency",
        "--timeout",
        "30s",
    ]
    if script:
        cmd += ["-s", script]
    out = subprocess.run([*cmd, url], capture_output=True, text=True, env=env, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    done = re.search(r"(\d+) requests in ([\d.]+)(us|ms|s|m)", out)
    requests, duration = int(done.group(1)), to_ms(done.group(2), done.group(3)) / 1000
    latency = {
        m.group(1): to_ms(m.group(2), m.group(3))
        for m in re.finditer(r"\s+(50|99)%\s+([\d.]+)(us|ms|s)", out)
    }
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    socket_errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out
    )
    failures = int(errors.group(1)) if errors else 0
    if socket_errors:
        failures += sum(int(x) for x in socket_errors.groups())
    return {
        "rps": rps,
        "p50": latency.get("50"),
        "p99": latency.get("99"),
        "errors": failures,
        "requests": requests,
        "seconds": duration,
    }


def interleaved(base, static_path, measured, seconds, *, slices, env=None, **options):
    """``measured(slice, seconds)`` (a wrk run) and the static file in turns, ``slices`` times:
    this shared machine's speed drifts by tens of percent within minutes, and a ratio is only
    fair between runs made in the same seconds. The measured URL gets ``seconds`` in all, the
    static file half as long. Returns (measured, static), each pooled over the slices: requests
    per second overall, the median of the slices' p50 and the worst p99."""
    runs = {"measured": [], "static": []}
    for index in range(slices):
        runs["static"].append(wrk(base + static_path, max(1, seconds // (2 * slices))))
        runs["measured"].append(measured(index, max(1, seconds // slices)))
    return pooled(runs["measured"]), pooled(runs["static"])


def pooled(runs: list[dict]) -> dict:
    requests = sum(run["requests"] for run in runs)
    seconds = sum(run["seconds"] for run in runs)
    p50s = sorted(run["p50"] for run in runs)
    return {
        "rps": requests / seconds,
        "p50": p50s[len(p50s) // 2],
        "p99": max(run["p99"] for run in runs),
        "errors": sum(run["errors"] for run in runs),
        "requests": requests,
        "seconds": seconds,
        "slices": [round(run["rps"], 1) for run in runs],
    }


def to_ms(value, unit):
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]


def mix_paths(base, rng):
    """1,500 program pages from the sitemap and 300 explorer combinations."""
    index = ElementTree.fromstring(get(base, "/sitemap.xml"))
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    programs = []
    for loc in index.findall("s:sitemap/s:loc", ns):
        if "sitemap-programs" not in loc.text:
            continue
        section = ElementTree.fromstring(get(base, re.sub(r"^https?://[^/]+", "", loc.text)))
        programs += [
            re.sub(r"^https?://[^/]+", "", u.text) for u in section.findall("s:url/s:loc", ns)
        ]
    programs = rng.sample(programs, min(1500, len(programs)))
    words = [
        "탄소",
        "수출",
        "배터리",
        "스마트",
        "센터",
        "수소",
        "관광",
        "창업",
        "부품",
        "실증",
        "외동",
        "건천",
    ]
    categories = [
        "mobility-materials",
        "research",
        "smart-manufacturing",
        "export-investment",
        "energy",
        "agri-food",
    ]
    explorer = set()
    while len(explorer) < 300:
        params = []
        if rng.random() < 0.6:
            params.append(f"q={urllib.parse.quote(rng.choice(words))}")
        if rng.random() < 0.5:
            params.append(f"category={rng.choice(categories)}")
        if rng.random() < 0.4:
            params.append(f"status={rng.choice(['planned', 'ongoing', 'completed'])}")
        if rng.random() < 0.3:
            params.append(f"year={rng.randint(2015, 2030)}")
        if rng.random() < 0.3:
            params.append(f"funding={rng.choice(['national', 'city', 'provincial', 'private'])}")
        if rng.random() < 0.3:
            params.append(f"min_cost={rng.choice(['10억', '50억', '100억'])}")
        if rng.random() < 0.4:
            params.append(f"sort={rng.choice(['name', 'cost_desc', 'cost_asc', 'start', 'end'])}")
        if rng.random() < 0.4:
            params.append(f"page={rng.randint(2, 20)}")
        explorer.add("/programs/?" + "&".join(quote_param(p) for p in params))
    paths = programs + sorted(explorer)
    rng.shuffle(paths)
    return paths


def quote_param(pair):
    key, value = pair.split("=", 1)
    return f"{key}={urllib.parse.quote(urllib.parse.unquote(value))}"


def bench_database(db, args):
    bench_dir = tempfile.mkdtemp(prefix=f"bench-{db}-")
    env = dict(os.environ)
    env.pop("REDIS_URL", None)
    env.update(
        BENCH_DIR=bench_dir,
        DJANGO_DEBUG="0",
        DJANGO_HTTPS="0",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(64),
        DJANGO_STATIC_ROOT=f"{bench_dir}/static",
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        DJANGO_LOG_LEVEL="WARNING",
    )
    print(f"\n### {db}: building {args.programs:,} programs …", flush=True)
    generated = prepare(db, env, args.programs)
    port = free_port()
    env["SITE_URL"] = f"http://127.0.0.1:{port}"
    server = serve(env, port)
    base = f"http://127.0.0.1:{port}"
    results = {"generate_seconds": round(generated, 1), "single": {}, "mix": {}}
    try:
        manifest = json.loads(Path(f"{bench_dir}/static/staticfiles.json").read_text())["paths"]
        program = get(base, "/sitemap-programs.xml")
        program_path = re.sub(
            r"^https?://[^/]+", "", re.search(rb"<loc>([^<]+)</loc>", program).group(1).decode()
        )
        facilities = get(base, "/facilities/")
        facility_path = re.search(rb'href="(/facilities/[^"/]+/)"', facilities).group(1).decode()
        single = [
            ("static file", "/static/" + manifest["portal/css/site.css"], None),
            ("home", "/", None),
            ("explorer", "/programs/", None),
            ("search (탄소)", "/programs/?q=%ED%83%84%EC%86%8C", None),
            ("htmx partial", "/programs/?q=%ED%83%84%EC%86%8C&category=energy", "htmx"),
            ("explorer page 50", "/programs/?page=50", None),
            ("program page", program_path, None),
            ("facility page", facility_path, None),
            ("CSV, all rows", "/data/programs.csv", None),
        ]
        htmx_script = Path(bench_dir) / "htmx.lua"
        htmx_script.write_text(HTMX_SCRIPT)
        static_path = single[0][1]
        for label, path, kind in single:
            get(
                base, path, HTMX_HEADERS if kind else None
            )  # warm the cache, as a repeated URL would
            if label.startswith("CSV"):
                # A whole-portfolio download takes seconds: fewer connections, longer run. The
                # workers' memory before and after shows whether it streams.
                before = workers_rss_mb(server.pid)
                result = wrk(base + path, args.seconds * 3, connections=2)
                result["rss_before_mb"], result["rss_after_mb"] = before, workers_rss_mb(server.pid)
                print(
                    f"  worker memory (MB) before/after CSV downloads: {before} → {result['rss_after_mb']}"
                )
            elif label == "static file":
                result = wrk(base + path, args.seconds)
            else:
                script = str(htmx_script) if kind else None
                result, static = interleaved(
                    base,
                    static_path,
                    lambda _slice, seconds, path=path, script=script: wrk(
                        base + path, seconds, script=script
                    ),
                    args.seconds,
                    slices=2,
                )
                result["static_rps"] = static["rps"]
            results["single"][label] = result
            print(line(label, result), flush=True)

        paths_file = Path(bench_dir) / "paths.txt"
        paths_file.write_text("\n".join(mix_paths(base, random.Random(7))) + "\n")
        scripts = {}
        for name, source in (("first", FIRST_VISITS_SCRIPT), ("mix", MIX_SCRIPT)):
            scripts[name] = Path(bench_dir) / f"{name}.lua"
            scripts[name].write_text(source)
        paths = paths_file.read_text().split()
        for label in ("mix, first visits", "mix, steady state"):
            if label == "mix, steady state":
                # Every URL seen before, by both workers (each keeps its own local-memory cache).
                warm(base, paths, rounds=4)
            script = scripts["first" if label == "mix, first visits" else "mix"]

            def mix_slice(index, seconds, script=script):
                # Each slice of first visits asks for pages no earlier slice asked for.
                mix_env = dict(
                    os.environ,
                    BENCH_PATHS=str(paths_file),
                    BENCH_THREADS=str(WRK_THREADS),
                    BENCH_VISIT_START=str(1 + 1000 * index),
                )
                return wrk(base + "/", seconds, script=str(script), env=mix_env)

            result, static = interleaved(base, static_path, mix_slice, args.seconds * 2, slices=4)
            result["static_rps"] = static["rps"]
            results["mix"][label] = result
            print(line(label, result), flush=True)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
        shutil.rmtree(bench_dir, ignore_errors=True)
    return results


def line(label, result) -> str:
    text = f"  {label:18} {result['rps']:9.1f} req/s  p50 {result['p50']:7.2f} ms  p99 {result['p99']:7.2f} ms"
    if "static_rps" in result:
        text += f"  (static file in the same minutes: {result['static_rps']:.1f} req/s)"
    return text


def report(db, results):
    """A table per database. Each ratio is to the static file measured in turns with that row
    (interleaved), the "static" column; the first row is the static file on its own."""
    lines = [
        f"\n{db}: {results['generate_seconds']} s to generate the portfolio",
        "| request | req/s | p50 ms | p99 ms | static req/s | of static | errors | target | |",
        "|---|---:|---:|---:|---:|---:|---:|---|---|",
    ]
    missed = []
    rows = [(label, r, "single") for label, r in results["single"].items()]
    rows += [(label, r, "mix") for label, r in results["mix"].items()]
    for label, r, kind in rows:
        static = r.get("static_rps", results["single"]["static file"]["rps"])
        ratio = r["rps"] / static
        if label == "static file":
            target, ok = "—", True
        elif label == "CSV, all rows":
            target, ok = "streams (see tests)", not r["errors"]
        elif kind == "single":
            target = "≥ 50 %, p99 < 50 ms"
            ok = ratio >= 0.5 and r["p99"] < 50 and not r["errors"]
        else:
            target = "≥ 10 %, p99 < 250 ms"
            ok = ratio >= 0.10 and r["p99"] < 250 and not r["errors"]
        if not ok:
            missed.append(f"{db} {label}")
        lines.append(
            f"| {label} | {r['rps']:.1f} | {r['p50']:.2f} | {r['p99']:.2f} | {static:.1f} | {ratio:.1%} | {r['errors']} | {target} | {'ok' if ok else 'MISSED'} |"
        )
    print("\n".join(lines))
    return missed


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--programs", type=int, default=10_000)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--db", default="sqlite,postgres")
    parser.add_argument("--json", help="also write the raw numbers here")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk가 필요합니다: apt-get install -y wrk")
    all_results, missed = {}, []
    for db in args.db.split(","):
        all_results[db] = bench_database(db, args)
    print(
        f"\n## make bench — {args.programs:,} programs, gunicorn 2 sync workers, wrk {CONNECTIONS} connections, {os.cpu_count()} cores"
    )
    for db, results in all_results.items():
        missed += report(db, results)
    if args.json:
        Path(args.json).write_text(json.dumps(all_results, indent=1, ensure_ascii=False))
    if missed:
        print("\nMissed targets: " + ", ".join(missed))
        sys.exit(1)
    print("\nAll targets met.")


if __name__ == "__main__":
    main()
