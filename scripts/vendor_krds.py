#!/usr/bin/env python3
"""Vendor the KRDS design system and the Pretendard GOV font as small, self-hosted static files.

Reads ``node_modules/krds-uiux/resources/`` (install it first with ``npm ci``) and writes:

* ``static/vendor/krds/krds.css`` -- one file: KRDS tokens + common.css + the component.css
  sections this site uses (see ``KEEP_SECTIONS``), with every ``url()`` pointing at a local copy.
* ``static/vendor/krds/img/icon/*.svg`` -- only the icons that krds.css references.
* ``static/vendor/krds/img/favicon/*`` -- the KRDS favicons.
* ``static/fonts/pretendard-gov-<weight>-<n>.woff2`` + ``static/fonts/pretendard-gov.css`` --
  Pretendard GOV Regular/Bold cut into unicode-range slices.  Slice 0 holds Latin, punctuation
  and every character the site itself uses (templates, Python string literals, fixtures, seed
  texts), so a normal page needs slice 0 only; the rest of KS X 1001 Hangul and everything
  else the font covers come in further slices that the browser fetches only when a page uses them.
* ``static/fonts/LICENSE.txt`` -- the font's SIL Open Font License 1.1.

Re-runnable: it deletes the files it generated before and writes them again; output is
byte-for-byte deterministic for the same inputs.  Usage::

    npm ci
    .venv/bin/python scripts/vendor_krds.py            # CSS + icons + fonts
    .venv/bin/python scripts/vendor_krds.py --fonts-only   # e.g. after new templates/fixtures

Python 3.11, standard library + fontTools (with brotli for WOFF2).
"""

from __future__ import annotations

import argparse
import ast
import gzip
import html
import io
import json
import re
import shutil
import sys
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KRDS_PKG = ROOT / "node_modules" / "krds-uiux"
KRDS = KRDS_PKG / "resources"
KRDS_VERSION = "1.1.0"

OUT_KRDS = ROOT / "static" / "vendor" / "krds"
OUT_CSS = OUT_KRDS / "krds.css"
OUT_ICONS = OUT_KRDS / "img" / "icon"
OUT_FAVICON = OUT_KRDS / "img" / "favicon"
OUT_FONTS = ROOT / "static" / "fonts"
FONT_CSS_NAME = "pretendard-gov.css"
FONT_FILE_PREFIX = "pretendard-gov"

# --------------------------------------------------------------------------------------------
# CSS
# --------------------------------------------------------------------------------------------

# component.css is one long file split by top-level header comments such as "/* 표 */".
# Every header of krds-uiux 1.1.0 is listed below, so a new KRDS release with a new or renamed
# section stops this script instead of silently dropping (or adding) CSS.
KEEP_SECTIONS = [
    "버튼 / 링크",
    "표",
    "텍스트 목록",
    "스피너",
    "건너뛰기 링크",
    "공식 배너",
    "헤더",
    "푸터",
    "운영기관 식별자",
    "구조화 목록",
    "페이지네이션",
    "브레드크럼",
    "배지",
    "tag style",
    "form 레이아웃",
    "검색 폼",
    "입력 필드 / 텍스트 영역",
    "셀렉트",
    "sorting select",
    "라디오 버튼 / 체크박스",
    "라디오 버튼 / 체크박스 chip",
]
SKIP_SECTIONS = [
    "탭",
    "모달",
    "도움 패널",
    "아코디언",
    "맥락적 도움말",
    "툴팁",
    "파일 업로드",
    "코치마크",
    "디스클로저",
    "메인 메뉴",
    "사이드 메뉴",
    "긴급 공지",
    "콘텐츠 내 탐색",
    "swiper",
    "단계 표시기",
    "날짜선택",
    "토글 스위치",
    "달력",
    "화면 크기 조정",
    "언어 변경",
]
# Sub-headers belong to the section that precedes them.
SUB_SECTIONS = {
    "icon 버튼 사이즈": "버튼 / 링크",
    "button area": "버튼 / 링크",
    "mobile": "모달",
    "도움패널 flexible 레이아웃": "도움 패널",
    # header scroll behaviour, high-contrast/dark header and the header's responsive rules
    "스크롤 동작": "헤더",
    "gnb pc": "메인 메뉴",
    "gnb mobile": "메인 메뉴",
    "krds-drop-wrap": "화면 크기 조정",
}

HEADER_LINE_RE = re.compile(r"^/\*(?P<title>.*?)\*/[ \t]*$")
SOURCEMAP_RE = re.compile(r"/\*#\s*sourceMappingURL=[^*]*\*/[ \t]*\n?")
CHARSET_RE = re.compile(r'^@charset\s+"[^"]*";[ \t]*\n?', re.M | re.I)
IMPORT_RE = re.compile(r"^@import\s+[^;]+;[ \t]*\n?", re.M)
COMMENT_RE = re.compile(r"/\*(?!!).*?\*/", re.S)
URL_RE = re.compile(r"""url\(\s*(?P<q>['"]?)(?P<url>[^'")]*?)(?P=q)\s*\)""")
# component.css points at ../../img/img/component/icon/ (one "img" too many: a KRDS bug);
# common.css at ../../img/component/icon/.  Both mean resources/img/component/icon/.
ICON_URL_PREFIXES = ("../../img/img/component/icon/", "../../img/component/icon/")
ICON_SRC = KRDS / "img" / "component" / "icon"
FAVICON_SRC = KRDS / "img" / "component" / "favicon"


def norm_title(raw: str) -> str:
    """'/* **** button area **** */' -> 'button area'; collapses inner whitespace."""
    return re.sub(r"\s+", " ", raw.replace("*", " ")).strip()


def split_sections(css: str) -> list[tuple[str, str]]:
    """Split component.css at top-level header comments -> [(major section, text), ...].

    Sub-headers (SUB_SECTIONS) stay inside their major section.  Raises on any header that
    is not listed, or on a header that is not at brace depth 0.
    """
    known = set(KEEP_SECTIONS) | set(SKIP_SECTIONS)
    sections: list[tuple[str, list[str]]] = [("(preamble)", [])]
    depth = 0
    for line in css.splitlines(keepends=True):
        m = HEADER_LINE_RE.match(line)
        if m and not line.startswith("/*#"):
            title = norm_title(m.group("title"))
            if depth != 0:
                raise SystemExit(f"component.css: header {title!r} is inside a block")
            if title in SUB_SECTIONS:
                parent = SUB_SECTIONS[title]
                if sections[-1][0] != parent:
                    raise SystemExit(
                        f"component.css: sub-header {title!r} follows {sections[-1][0]!r}, "
                        f"expected {parent!r}: update SUB_SECTIONS"
                    )
            elif title in known:
                sections.append((title, []))
            else:
                raise SystemExit(
                    f"component.css: unknown section header {title!r}; add it to KEEP_SECTIONS "
                    "or SKIP_SECTIONS in scripts/vendor_krds.py"
                )
        sections[-1][1].append(line)
        bare = COMMENT_RE.sub("", line)
        bare = re.sub(r'"[^"]*"|\'[^\']*\'', "", bare)
        depth += bare.count("{") - bare.count("}")
    if depth != 0:
        raise SystemExit("component.css: unbalanced braces")
    found = [name for name, _ in sections]
    missing = [s for s in KEEP_SECTIONS if s not in found]
    if missing:
        raise SystemExit(f"component.css: sections not found: {missing}")
    return [(name, "".join(lines)) for name, lines in sections]


def minify_light(css: str) -> str:
    """Lossless whitespace/comment trimming (no rule rewriting): keeps one declaration a line."""
    css = COMMENT_RE.sub("", css)
    out = []
    for line in css.splitlines():
        line = line.strip()
        if line:
            out.append(line)
    return "\n".join(out) + "\n"


def rewrite_urls(css: str, icons: set[str], where: str) -> str:
    def repl(m: re.Match[str]) -> str:
        url = m.group("url").strip()
        if url.startswith("data:"):
            return m.group(0)
        for prefix in ICON_URL_PREFIXES:
            if url.startswith(prefix):
                name = url[len(prefix) :]
                if "/" in name or not (ICON_SRC / name).is_file():
                    raise SystemExit(f"{where}: url({url}) -> {ICON_SRC / name} does not exist")
                icons.add(name)
                return f"url(img/icon/{name})"
        raise SystemExit(f"{where}: unexpected url({url}); teach rewrite_urls() about it")

    return URL_RE.sub(repl, css)


def check_urls(css: str, css_path: Path) -> int:
    n = 0
    for m in URL_RE.finditer(re.sub(r"/\*.*?\*/", "", css, flags=re.S)):
        url = m.group("url").strip()
        if url.startswith("data:"):
            continue
        n += 1
        low = url.lower()
        if low.startswith(("http:", "https:", "//")) or ":" in low.split("/")[0]:
            raise SystemExit(f"{css_path}: external url({url})")
        target = (css_path.parent / url.split("#")[0].split("?")[0]).resolve()
        if not target.is_file():
            raise SystemExit(f"{css_path}: url({url}) points to a missing file {target}")
    return n


def font_family_from_tokens(tokens_css: str) -> str:
    m = re.search(r"--krds-typo-font-type\s*:\s*([^;]+);", tokens_css)
    if not m:
        raise SystemExit("krds_tokens.css: --krds-typo-font-type not found")
    # first family of the list, quotes removed
    return m.group(1).split(",")[0].strip().strip("\"'")


def build_css() -> tuple[str, str]:
    tokens = (KRDS / "css" / "token" / "krds_tokens.css").read_text(encoding="utf-8")
    common = (KRDS / "css" / "common" / "common.css").read_text(encoding="utf-8")
    component = (KRDS / "css" / "component" / "component.css").read_text(encoding="utf-8")

    family = font_family_from_tokens(tokens)
    if "@font-face" in tokens + common:
        print("note: KRDS declares an @font-face of its own", file=sys.stderr)

    if len(IMPORT_RE.findall(common)) != 1 or "krds_tokens.css" not in common.split("\n", 1)[0]:
        raise SystemExit("common.css: expected exactly one @import of krds_tokens.css")
    common = IMPORT_RE.sub("", common)

    sections = split_sections(component)
    kept = [(name, text) for name, text in sections if name in KEEP_SECTIONS]

    icons: set[str] = set()
    parts = []
    for label, text in [
        ("css/token/krds_tokens.css", tokens),
        ("css/common/common.css", common),
    ] + [(f"css/component/component.css: {name}", text) for name, text in kept]:
        text = SOURCEMAP_RE.sub("", text)
        text = CHARSET_RE.sub("", text)
        text = rewrite_urls(text, icons, label)
        parts.append(f"/*! {label} */\n" + minify_light(text))

    header = (
        '@charset "UTF-8";\n'
        "/*!\n"
        f" * krds.css - generated by scripts/vendor_krds.py from krds-uiux {KRDS_VERSION};\n"
        " * do not edit.\n"
        " * KRDS: Korea Design System (대한민국 디지털 정부 디자인 시스템), https://www.krds.go.kr\n"
        " * Licence: the krds-uiux npm package is published under the ISC licence and its\n"
        " * README states that use follows the KRDS terms of use (KRDS 이용약관 / 저작권 정책,\n"
        " * krds.go.kr).\n"
        " * Contents: css/token/krds_tokens.css + css/common/common.css (its @import dropped) +\n"
        " * these sections of css/component/component.css:\n"
        f" *   {', '.join(KEEP_SECTIONS)}.\n"
        " * url()s rewritten to local copies in img/icon/ (KRDS icons, same terms).\n"
        f" * Font: font-family {family!r} is declared by /static/fonts/{FONT_CSS_NAME}.\n"
        " */\n"
    )
    css = header + "".join(parts)
    if re.search(r"@import\b", re.sub(r"/\*.*?\*/", "", css, flags=re.S)):
        raise SystemExit("krds.css still contains @import")
    if "sourceMappingURL" in css:
        raise SystemExit("krds.css still contains a sourceMappingURL")

    # write CSS + icons (clean previous output first)
    OUT_KRDS.mkdir(parents=True, exist_ok=True)
    if OUT_ICONS.exists():
        shutil.rmtree(OUT_ICONS)
    OUT_ICONS.mkdir(parents=True)
    for name in sorted(icons):
        shutil.copyfile(ICON_SRC / name, OUT_ICONS / name)
    if OUT_FAVICON.exists():
        shutil.rmtree(OUT_FAVICON)
    OUT_FAVICON.mkdir(parents=True)
    for f in sorted(FAVICON_SRC.iterdir()):
        if f.is_file():
            shutil.copyfile(f, OUT_FAVICON / f.name)
    OUT_CSS.write_text(css, encoding="utf-8", newline="\n")
    n_urls = check_urls(css, OUT_CSS)
    print(f"krds.css: {len(kept)} component sections, {n_urls} url()s -> {len(icons)} icons")
    return css, family


# --------------------------------------------------------------------------------------------
# Fonts
# --------------------------------------------------------------------------------------------

FONT_SRC = KRDS / "fonts"
# (CSS weight range served by the face, source file, file-name weight)
# KRDS only uses font-weight 400 (--krds-font-weight-regular) and 700 (--krds-font-weight-bold);
# the Medium face is not shipped.  Ranges make 100-500 use Regular and 600-900 use Bold without
# a synthetic bold, so nothing else is fetched when some CSS asks for 500 or 600.
FACES = [
    ("100 500", "PretendardGOV-Regular.subset.woff2", "400"),
    ("600 900", "PretendardGOV-Bold.subset.woff2", "700"),
]

# Always in slice 0 (intersected with what the font covers).
BASE_RANGES = [
    (0x0020, 0x007E),  # Basic Latin (incl. digits)
    (0x00A0, 0x00BF),  # Latin-1 punctuation & symbols (nbsp, ©, ·, °, ±, ...)
    (0x00D7, 0x00D7),  # ×
    (0x00F7, 0x00F7),  # ÷
    (0x2000, 0x206F),  # General Punctuation (‘’“”, …, ※, ‰, ...)
    (0x20A9, 0x20A9),  # ₩
    (0x2190, 0x2193),  # ←↑→↓
    (0x2460, 0x2473),  # ①..⑳
    (0x25A0, 0x25FF),  # Geometric Shapes (□ ■ ○ ● ...)
    (0x3000, 0x303F),  # CJK Symbols and Punctuation (〈〉《》「」 ...)
    (0x318D, 0x318D),  # ㆍ (arae-a, used as a list separator; not in Pretendard GOV 1.309)
    (0xFFE6, 0xFFE6),  # ￦
]
KS_SLICE = 150
REST_SLICE = 300
HANGUL_SYLLABLES = (0xAC00, 0xD7A3)

SEEDS_DEFAULT = ROOT.parent / "shared" / "seeds"
TEMPLATE_GLOBS = [
    "templates/**/*.html",
    "templates/**/*.txt",
    "gyeongju/**/*.html",
    "gyeongju/**/*.txt",
]
PY_GLOBS = ["gyeongju/**/*.py"]
JSON_GLOBS = ["fixtures/*.json", "gyeongju/**/fixtures/*.json"]

TEMPLATE_COMMENT_RE = re.compile(
    r"\{#.*?#\}|\{%\s*comment\s*%\}.*?\{%\s*endcomment\s*%\}|<!--.*?-->", re.S
)


def ks_x_1001_hangul() -> list[int]:
    """The 2,350 Hangul syllables of KS X 1001 (EUC-KR rows 0xB0-0xC8)."""
    out = []
    for hi in range(0xB0, 0xC9):
        for lo in range(0xA1, 0xFF):
            try:
                ch = bytes([hi, lo]).decode("euc-kr")
            except UnicodeDecodeError:
                continue
            cp = ord(ch)
            if HANGUL_SYLLABLES[0] <= cp <= HANGUL_SYLLABLES[1]:
                out.append(cp)
    if len(out) != 2350:
        raise SystemExit(f"KS X 1001 Hangul: expected 2350 syllables, got {len(out)}")
    return sorted(out)


def _py_strings(text: str) -> str:
    """String literals of a Python file, docstrings and comments excluded."""
    try:
        tree = ast.parse(text)
    except SyntaxError:
        return text  # being edited right now: take everything
    docstrings = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = getattr(node, "body", [])
            if (
                body
                and isinstance(body[0], ast.Expr)
                and isinstance(body[0].value, ast.Constant)
                and isinstance(body[0].value.value, str)
            ):
                docstrings.add(id(body[0].value))
    return "\n".join(
        n.value
        for n in ast.walk(tree)
        if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in docstrings
    )


def _json_strings(text: str) -> str:
    try:
        data = json.loads(text)
    except ValueError:
        return text
    out: list[str] = []

    def walk(x: object) -> None:
        if isinstance(x, str):
            out.append(x)
        elif isinstance(x, dict):
            for k, v in x.items():
                out.append(str(k))
                walk(v)
        elif isinstance(x, list):
            for v in x:
                walk(v)

    walk(data)
    return "\n".join(out)


def site_text(seeds_dir: Path, extra_text: str) -> tuple[str, list[Path]]:
    files: list[Path] = []
    chunks = [extra_text]

    def read(p: Path) -> str | None:
        try:
            return p.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as e:
            print(f"warning: skipping {p}: {e}", file=sys.stderr)
            return None

    def each(globs: Iterable[str], base: Path) -> Iterable[Path]:
        seen = set()
        for g in globs:
            for p in sorted(base.glob(g)):
                if p.is_file() and p not in seen and "node_modules" not in p.parts:
                    seen.add(p)
                    yield p

    for p in each(TEMPLATE_GLOBS, ROOT):
        if (t := read(p)) is not None:
            files.append(p)
            t = TEMPLATE_COMMENT_RE.sub("", t)
            chunks += [t, html.unescape(t)]
    for p in each(PY_GLOBS, ROOT):
        if "migrations" in p.parts:
            continue
        if (t := read(p)) is not None:
            files.append(p)
            chunks.append(_py_strings(t))
    for p in each(JSON_GLOBS, ROOT):
        if (t := read(p)) is not None:
            files.append(p)
            chunks.append(_json_strings(t))
    if seeds_dir.is_dir():
        for p in each(["*.txt"], seeds_dir):
            if (t := read(p)) is not None:
                files.append(p)
                chunks.append(t)
    return "\n".join(chunks), files


def chunk_even(cps: list[int], size: int) -> list[list[int]]:
    if not cps:
        return []
    n = -(-len(cps) // size)
    step = -(-len(cps) // n)
    return [cps[i : i + step] for i in range(0, len(cps), step)]


def unicode_range(cps: Iterable[int], font_cmap: set[int]) -> str:
    """Compact, accurate unicode-range for exactly the given code points.

    Consecutive code points merge into ranges.  Inside the Hangul Syllables block a gap is
    bridged when none of the gap's syllables is in the font at all (so no other slice claims
    them): the range then also names rare syllables that no slice has, which costs nothing but
    keeps the list short.  Slices never overlap.
    """
    cps = sorted(set(cps))
    ranges: list[list[int]] = []
    for cp in cps:
        if ranges:
            last = ranges[-1][1]
            if cp == last + 1:
                ranges[-1][1] = cp
                continue
            if (
                HANGUL_SYLLABLES[0] <= last
                and cp <= HANGUL_SYLLABLES[1]
                and not any(g in font_cmap for g in range(last + 1, cp))
            ):
                ranges[-1][1] = cp
                continue
        ranges.append([cp, cp])
    return ", ".join(f"U+{a:X}" if a == b else f"U+{a:X}-{b:X}" for a, b in ranges)


def subset_font(ttf_bytes: bytes, unicodes: list[int], out: Path) -> None:
    from fontTools import subset
    from fontTools.ttLib import TTFont

    opts = subset.Options()
    opts.flavor = "woff2"
    opts.name_IDs = [0, 1, 2, 3, 4, 5, 6, 13, 14]  # keep copyright + OFL licence fields
    opts.drop_tables += ["vhea", "vmtx", "VORG"]  # no vertical writing on this site
    # fontTools' default features (kern, liga, calt, ccmp, locl, mark, ...) minus the fraction
    # glyphs, which only `font-variant-numeric: diagonal-fractions` would use (-1.7 KB/slice 0);
    # stylistic sets / character variants (ss01.., cv01..) are not in the defaults either.
    opts.layout_features = [f for f in opts.layout_features if f not in ("frac", "numr", "dnom")]
    opts.notdef_outline = True
    font = TTFont(io.BytesIO(ttf_bytes), recalcTimestamp=False, recalcBBoxes=True)
    sub = subset.Subsetter(opts)
    sub.populate(unicodes=unicodes)
    sub.subset(font)
    font.flavor = "woff2"
    buf = io.BytesIO()
    font.save(buf, reorderTables=True)
    out.write_bytes(buf.getvalue())


def build_fonts(family: str, seeds_dir: Path, krds_css: str) -> list[tuple[str, int, int, str]]:
    try:
        from fontTools.ttLib import TTFont
    except ImportError as e:
        raise SystemExit(
            "fontTools is not installed: .venv/bin/pip install fonttools brotli"
        ) from e
    try:
        import brotli  # noqa: F401
    except ImportError as e:
        raise SystemExit("brotli is not installed (needed for WOFF2)") from e

    # characters KRDS itself prints through CSS content:
    css_text = " ".join(re.findall(r'content:\s*"([^"]*)"', krds_css))
    text, files = site_text(seeds_dir, css_text)
    site_cps = {ord(c) for c in text if ord(c) >= 0x20}
    print(f"site vocabulary: {len(files)} files, {len(site_cps)} distinct characters")

    # Load each face once (as TTF bytes) and check that their cmaps agree.
    faces = []
    cmap_all: set[int] | None = None
    for weights, src, wname in FACES:
        f = TTFont(FONT_SRC / src, recalcTimestamp=False)
        cmap = set(f.getBestCmap())
        f.flavor = None
        buf = io.BytesIO()
        f.save(buf)
        faces.append((weights, wname, buf.getvalue(), cmap))
        cmap_all = cmap if cmap_all is None else cmap_all & cmap
    assert cmap_all is not None

    base = {cp for a, b in BASE_RANGES for cp in range(a, b + 1)}
    slice0 = sorted((base | site_cps) & cmap_all)
    missing = sorted(c for c in site_cps - cmap_all if not chr(c).isspace())
    ks = [cp for cp in ks_x_1001_hangul() if cp in cmap_all and cp not in set(slice0)]
    used = set(slice0) | set(ks)
    rest = sorted(cp for cp in cmap_all if cp not in used and cp >= 0x20)
    ks_slices = chunk_even(ks, KS_SLICE)
    rest_slices = chunk_even(rest, REST_SLICE)
    slices = [slice0, *ks_slices, *rest_slices]

    n_hangul0 = sum(1 for c in slice0 if HANGUL_SYLLABLES[0] <= c <= HANGUL_SYLLABLES[1])
    print(
        f"slice 0: {len(slice0)} code points ({n_hangul0} Hangul syllables); "
        f"{len(ks_slices)} KS X 1001 slices; {len(rest_slices)} other slices"
    )
    if missing:
        print(
            "not in the font (browser falls back to a system font): "
            + " ".join(f"{chr(c)}(U+{c:04X})" for c in missing[:60])
            + (" ..." if len(missing) > 60 else "")
        )

    OUT_FONTS.mkdir(parents=True, exist_ok=True)
    for old in OUT_FONTS.glob(f"{FONT_FILE_PREFIX}-*.woff2"):
        old.unlink()

    report = []
    css_parts = [
        "/*!\n"
        f" * {FONT_CSS_NAME} - generated by scripts/vendor_krds.py; do not edit.\n"
        f' * "{family}" (Pretendard GOV by Kil Hyung-jin, from krds-uiux {KRDS_VERSION}),\n'
        " * subset into unicode-range slices. SIL Open Font License 1.1: see LICENSE.txt.\n"
        " * Faces: Regular serves font-weight 100-500, Bold serves 600-900.\n"
        " * Slice 0 = Latin, punctuation, symbols and every character the site's templates,\n"
        " * code, fixtures and seed texts use; 1.. = rest of KS X 1001 Hangul; then the rest.\n"
        " */\n"
    ]
    for weights, wname, ttf, _cmap in faces:
        for i, cps in enumerate(slices):
            name = f"{FONT_FILE_PREFIX}-{wname}-{i}.woff2"
            subset_font(ttf, cps, OUT_FONTS / name)
            size = (OUT_FONTS / name).stat().st_size
            rng = unicode_range(cps, cmap_all)
            report.append((name, len(cps), size, rng))
            css_parts.append(
                f"/* [{i}] {len(cps)} code points */\n"
                "@font-face {\n"
                f'  font-family: "{family}";\n'
                "  font-style: normal;\n"
                f"  font-weight: {weights};\n"
                "  font-display: swap;\n"
                f'  src: url("{name}") format("woff2");\n'
                f"  unicode-range: {rng};\n"
                "}\n"
            )
    (OUT_FONTS / FONT_CSS_NAME).write_text("".join(css_parts), encoding="utf-8", newline="\n")
    (OUT_FONTS / "LICENSE.txt").write_text(OFL_TEXT, encoding="utf-8", newline="\n")
    return report


OFL_TEXT = """\
Pretendard GOV
Copyright (c) 2023 Kil Hyung-jin (길형진)
(the font's own copyright notice, name table ID 0)

Pretendard GOV is a version of Pretendard for the Korea Design System (KRDS), taken from the
npm package krds-uiux 1.1.0. Upstream Pretendard reads:
Copyright (c) 2021 Kil Hyung-jin, with Reserved Font Name Pretendard.
https://github.com/orioncactus/pretendard

The files pretendard-gov-*.woff2 in this folder are subsets of PretendardGOV-Regular and
PretendardGOV-Bold (characters split across files by unicode-range, vertical metrics dropped),
made with fontTools by scripts/vendor_krds.py. They remain under the licence below.

This Font Software is licensed under the SIL Open Font License, Version 1.1.
This license is copied below, and is also available with a FAQ at:
https://openfontlicense.org (formerly http://scripts.sil.org/OFL)

-----------------------------------------------------------
SIL OPEN FONT LICENSE Version 1.1 - 26 February 2007
-----------------------------------------------------------

PREAMBLE
The goals of the Open Font License (OFL) are to stimulate worldwide
development of collaborative font projects, to support the font creation
efforts of academic and linguistic communities, and to provide a free and
open framework in which fonts may be shared and improved in partnership
with others.

The OFL allows the licensed fonts to be used, studied, modified and
redistributed freely as long as they are not sold by themselves. The
fonts, including any derivative works, can be bundled, embedded,
redistributed and/or sold with any software provided that any reserved
names are not used by derivative works. The fonts and derivatives,
however, cannot be released under any other type of license. The
requirement for fonts to remain under this license does not apply
to any document created using the fonts or their derivatives.

DEFINITIONS
"Font Software" refers to the set of files released by the Copyright
Holder(s) under this license and clearly marked as such. This may
include source files, build scripts and documentation.

"Reserved Font Name" refers to any names specified as such after the
copyright statement(s).

"Original Version" refers to the collection of Font Software components as
distributed by the Copyright Holder(s).

"Modified Version" refers to any derivative made by adding to, deleting,
or substituting -- in part or in whole -- any of the components of the
Original Version, by changing formats or by porting the Font Software to a
new environment.

"Author" refers to any designer, engineer, programmer, technical
writer or other person who contributed to the Font Software.

PERMISSION AND CONDITIONS
Permission is hereby granted, free of charge, to any person obtaining
a copy of the Font Software, to use, study, copy, merge, embed, modify,
redistribute, and sell modified and unmodified copies of the Font
Software, subject to the following conditions:

1) Neither the Font Software nor any of its individual components,
in Original or Modified Versions, may be sold by itself.

2) Original or Modified Versions of the Font Software may be bundled,
redistributed and/or sold with any software, provided that each copy
contains the above copyright notice and this license. These can be
included either as stand-alone text files, human-readable headers or
in the appropriate machine-readable metadata fields within text or
binary files as long as those fields can be easily viewed by the user.

3) No Modified Version of the Font Software may use the Reserved Font
Name(s) unless explicit written permission is granted by the corresponding
Copyright Holder. This restriction only applies to the primary font name as
presented to the users.

4) The name(s) of the Copyright Holder(s) or the Author(s) of the Font
Software shall not be used to promote, endorse or advertise any
Modified Version, except to acknowledge the contribution(s) of the
Copyright Holder(s) and the Author(s) or with their explicit written
permission.

5) The Font Software, modified or unmodified, in part or in whole,
must be distributed entirely under this license, and must not be
distributed under any other license. The requirement for fonts to
remain under this license does not apply to any document created
using the Font Software.

TERMINATION
This license becomes null and void if any of the above conditions are
not met.

DISCLAIMER
THE FONT SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND,
EXPRESS OR IMPLIED, INCLUDING BUT NOT LIMITED TO ANY WARRANTIES OF
MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT
OF COPYRIGHT, PATENT, TRADEMARK, OR OTHER RIGHT. IN NO EVENT SHALL THE
COPYRIGHT HOLDER BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER LIABILITY,
INCLUDING ANY GENERAL, SPECIAL, INDIRECT, INCIDENTAL, OR CONSEQUENTIAL
DAMAGES, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING
FROM, OUT OF THE USE OR INABILITY TO USE THE FONT SOFTWARE OR FROM
OTHER DEALINGS IN THE FONT SOFTWARE.
"""


# --------------------------------------------------------------------------------------------


def gz(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=9, mtime=0))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument(
        "--fonts-only",
        action="store_true",
        help="only re-cut the font slices (krds.css must exist)",
    )
    ap.add_argument("--css-only", action="store_true", help="only krds.css, icons, favicons")
    ap.add_argument(
        "--seeds-dir",
        type=Path,
        default=SEEDS_DEFAULT,
        help=f"seed texts for font slice 0 (default {SEEDS_DEFAULT})",
    )
    args = ap.parse_args(argv)

    pkg = KRDS_PKG / "package.json"
    if not pkg.is_file():
        raise SystemExit(f"{pkg} not found: run `npm ci` first")
    version = json.loads(pkg.read_text(encoding="utf-8"))["version"]
    if version != KRDS_VERSION:
        raise SystemExit(f"krds-uiux {version} installed, this script expects {KRDS_VERSION}")

    if args.fonts_only:
        css = OUT_CSS.read_text(encoding="utf-8")
        family = font_family_from_tokens(
            (KRDS / "css" / "token" / "krds_tokens.css").read_text(encoding="utf-8")
        )
    else:
        css, family = build_css()

    raw = css.encode("utf-8")
    print(f"\n== size report ==\nkrds.css: {len(raw):,} B raw, {gz(raw):,} B gzip -9")
    icons = sorted(OUT_ICONS.glob("*.svg"))
    print(f"icons: {len(icons)} files, {sum(p.stat().st_size for p in icons):,} B")

    if not args.css_only:
        report = build_fonts(family, args.seeds_dir, css)
        fcss = (OUT_FONTS / FONT_CSS_NAME).read_bytes()
        print(f"{FONT_CSS_NAME}: {len(fcss):,} B raw, {gz(fcss):,} B gzip -9")
        total = 0
        for name, n, size, _ in report:
            total += size
            print(f"  {name:32s} {n:5d} cps {size:8,} B")
        print(f"  all slices: {total:,} B")
        for name, n, size, _ in report:
            if name.endswith("-0.woff2"):
                print(f"slice 0 {name}: {size:,} B ({n} code points)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
