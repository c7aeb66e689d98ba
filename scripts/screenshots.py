"""Screenshots of pages at small-phone (320 px), phone (390 px) and desktop (1280 px) widths, for
looking at them.

Usage: .venv/bin/python scripts/screenshots.py http://127.0.0.1:8000 OUTDIR /path [/path ...]
"""

import re
import sys
from pathlib import Path

from chromium import CHROMIUM_ARGS, CHROMIUM_PATH
from playwright.sync_api import sync_playwright


def main():
    base, out, *paths = sys.argv[1:]
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM_PATH, args=CHROMIUM_ARGS)
        for width, height in ((320, 640), (390, 844), (1280, 900)):
            page = browser.new_page(viewport={"width": width, "height": height})
            for path in paths:
                page.goto(base + path, wait_until="networkidle")
                name = re.sub(r"[^a-z0-9]+", "-", path.lower()).strip("-") or "home"
                target = out / f"{name}-{width}.png"
                page.screenshot(path=str(target), full_page=True)
                print(target)
            page.close()
        browser.close()


if __name__ == "__main__":
    main()
