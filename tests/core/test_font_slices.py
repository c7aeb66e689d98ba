"""Font slice 0 holds every Hangul syllable the site's own words use, so a page of the seed
portfolio fetches two font files (Regular and Bold slice 0) and nothing else.

When a template or a Korean message gains a syllable that slice 0 lacks, every page showing it
fetches one more slice per weight, and the browser lays the page out again as each arrives (on
the program page that cost Lighthouse 5 points). The fix is `make fonts`.
"""

import re

from django.conf import settings

from scripts.vendor_krds import HANGUL_SYLLABLES, SEEDS_DEFAULT, site_text

CSS = settings.BASE_DIR / "static" / "fonts" / "pretendard-gov.css"


def slice_zero_ranges() -> list[tuple[int, int]]:
    """The unicode-range of the Regular face's slice 0, as inclusive (first, last) pairs."""
    css = CSS.read_text(encoding="utf-8")
    face = re.search(r"@font-face\s*\{[^}]*pretendard-gov-400-0\.woff2[^}]*\}", css)
    assert face, "slice 0 of the Regular face is missing from pretendard-gov.css"
    ranges = re.search(r"unicode-range:\s*([^;]+);", face.group(0)).group(1)
    pairs = []
    for item in ranges.split(","):
        first, _, last = item.strip().removeprefix("U+").partition("-")
        pairs.append((int(first, 16), int(last or first, 16)))
    return pairs


def test_slice_zero_covers_every_hangul_syllable_of_the_site_text():
    text, files = site_text(SEEDS_DEFAULT, "")
    assert any(path.suffix == ".html" for path in files), "no template was read"
    ranges = slice_zero_ranges()
    first, last = HANGUL_SYLLABLES
    used = {ch for ch in text if first <= ord(ch) <= last}
    missing = sorted(ch for ch in used if not any(a <= ord(ch) <= b for a, b in ranges))
    assert missing == [], f"{len(missing)} syllables outside font slice 0: run `make fonts`"


def test_the_check_sees_a_syllable_outside_slice_zero():
    """The check above can fail: a rare syllable is not in slice 0."""
    ranges = slice_zero_ranges()
    assert not any(a <= ord("똠") <= b for a, b in ranges)
    assert any(a <= ord("경") <= b for a, b in ranges)
