"""Render the public site's responses to files and compare two renders: proof that a refactor
changes no byte a visitor gets, or a list of what it changes.

render --out PREFIX [--programs N] [--project DIR] builds two throwaway SQLite portfolios, the seed
(loaddata portfolio) and a synthetic one (generate_portfolio --programs N --seed 1), and writes 500+
anonymous HTTPS responses of each to PREFIX-seed/ and PREFIX-10k/, one file per request. It runs
DIR's code (default: this repository) only through manage.py, URLs and the test Client, in a
subprocess per database, so modules may move. diff A B compares two renders (directories or
PREFIXes) and exits 1 if anything differs. Only the wall clock of a run is normalised (normalise),
and the order of CSP directives (record).

Usage: .venv/bin/python scripts/compare_responses.py render --out /tmp/compare/after
       .venv/bin/python scripts/compare_responses.py diff /tmp/compare/baseline /tmp/compare/after
"""

import argparse
import difflib
import hashlib
import io
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from datetime import UTC, datetime
from html.parser import HTMLParser
from pathlib import Path
from typing import NamedTuple
from urllib.parse import quote, unquote, urlencode, urlsplit

SCRIPT = Path(__file__).resolve()
ROOT = SCRIPT.parent.parent
SITE_URL = "https://testserver"
HEADERS = (
    "Content-Type",
    "Vary",
    "Cache-Control",
    "Content-Security-Policy",
    "X-Frame-Options",
    "Location",
    "Content-Disposition",
    "X-Robots-Tag",
)
# The settings' environment variables (README): none of this shell's are passed on.
SETTINGS_ENVIRONMENT = (
    "DJANGO_", "DATABASE_", "REDIS_", "SITE_URL", "NAVER_", "GOOGLE_", "CONTACT_", "AXES_",
    "PYTHONPATH",
)  # fmt: skip
HX_RESULTS = (("HX-Request", "true"), ("HX-Target", "results"))
HX_EXPLORER = (("HX-Request", "true"), ("HX-Target", "explorer"))
HX_RESTORE = (("HX-History-Restore-Request", "true"), ("HX-Request", "true"))
HTMX_VARIANTS = (HX_RESULTS, HX_EXPLORER, HX_RESTORE, (("HX-Request", "true"),))

SEARCHES = (
    "탄소", "수출", "배터리", "스마트", "센터", "수소", "관광", "창업", "외동", "구어2산단",
    "탄소 배터리", "차량용 첨단소재", "스마트공장", "폐배터리", "탄소중립", "배터리 소재", "탄",
    "ㅌ", "a", "AI", "bms", "BMS", "2020", "%", "_", "'", '"', "<script>alert(1)</script>",
    "  탄소   수출 ", "탄소\x01", "x" * 300, "없는검색어", "양성자 이온빔", "MICE",
)  # fmt: skip
COSTS = (
    "10억", "50억", "100억", "1000000000", "5천만", "2억1,500만원", "1조", "10억원",
    "1,000,000,000", "0", "-5", "abc", "10 억", "９억",
)  # fmt: skip
PAGES = ("2", "3", "50", "999999", "0", "-1", "abc", "1.5", "")
AS_OF = (
    "2000-01-01", "2020-12-14", "2020-12-15", "2021-06-30", "2026-06-30", "2026-10-15",
    "2099-12-31", "2021-02-30", "not-a-date", "2021/06/30", "",
)  # fmt: skip


class Request(NamedTuple):
    method: str
    path: str
    headers: tuple = ()
    secure: bool = True

    def slug(self) -> str:
        """A stable file name: a readable prefix and a hash of the whole request."""
        label = (self.method + " " if self.method != "GET" else "") + unquote(self.path)
        label += "".join(f" {k}={v}" for k, v in self.headers) + ("" if self.secure else " http")
        readable = re.sub(r"[^\w.=&-]+", "_", label).strip("_")[:60] or "root"
        return f"{readable}-{hashlib.sha1(label.encode()).hexdigest()[:10]}.txt"


def path(base: str, params=()) -> str:
    """``base`` with a query string built from (name, value) pairs, percent-encoded."""
    return base + ("?" + urlencode(list(params), quote_via=quote) if params else "")


def locations(sitemap: str) -> list[str]:
    return re.findall(r"<loc>([^<]+)</loc>", sitemap)


def local(url: str) -> str:
    """An absolute URL's path and query."""
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def every(items, count: int) -> list:
    """About ``count`` items of the sorted ``items``, evenly spread (every k-th)."""
    items = sorted(items)
    return items[:: max(1, len(items) // count)][:count] if items else []


class FormValues(HTMLParser):
    """The choices a page's form offers: {name: [values of checkboxes and select options]}."""

    def __init__(self, html: str):
        super().__init__()
        self.values: dict[str, list[str]] = {}
        self.select = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "select":
            self.select = attrs.get("name")
        elif tag == "option" and self.select and attrs.get("value"):
            self.values.setdefault(self.select, []).append(attrs["value"])
        elif tag == "input" and attrs.get("type") in ("checkbox", "radio"):
            self.values.setdefault(attrs["name"], []).append(attrs["value"])

    def handle_endtag(self, tag):
        if tag == "select":
            self.select = None


def plan(get) -> list[Request]:
    """The requests, in order. ``get(path)`` returns a page's text; the choices (slugs, filter
    values) are read from the sitemaps and the explorers' forms, sorted, so two renders of the same
    data ask for the same URLs."""
    requests = []

    def add(url, headers=(), method="GET", secure=True):
        requests.append(Request(method, url, tuple(headers), secure))

    # The sitemap index names its sections; each section lists pages (on SITE_URL).
    sections = [local(url) for url in locations(get("/sitemap.xml"))]
    pages = sorted({urlsplit(url).path for section in sections for url in locations(get(section))})
    programs = [p for p in pages if re.fullmatch(r"/programs/[^/]+/", p)]
    facilities = [p for p in pages if re.fullmatch(r"/facilities/[^/]+/", p)]
    kinds = [p for p in pages if re.fullmatch(r"/funding/[^/]+/", p)]
    explorer = FormValues(get("/programs/")).values
    outcomes = FormValues(get("/outcomes/")).values

    # Site-wide pages, sitemaps, robots.txt, errors and redirects.
    for url in ("/", "/data/", "/privacy/", "/copyright/", "/robots.txt", "/sitemap.xml"):
        add(url)
    for url in sections:
        add(url)
    add("/sitemap-programs.xml?p=999")
    add("/sitemap-nope.xml")
    for url in ("/nope/", "/facilities/nope/", "/funding/nope/", "/feeds/programs/nope/"):
        add(url)
    for suffix in ("", "history/", "embed/", "og.png"):
        add("/programs/nope/" + suffix)
    for url in ("/data/nope.csv", "/data/programs.txt", "/programs/download.pdf"):
        add(url)
    for url in ("/programs", "/facilities", "/privacy", "/outcomes"):
        add(url)  # 301: a slash is appended
    add("/", secure=False)  # 301 to HTTPS
    add("/programs/?q=%ED%83%84%EC%86%8C", secure=False)
    add("/", method="HEAD")
    add("/programs/", method="POST")

    # The explorer: every filter alone, searches, sorts, pages, bad input, combinations.
    queries = [()]
    queries += [(("page", p),) for p in PAGES]
    queries += [(("page", "2"), ("page", "3"))]
    queries += [(("q", q),) for q in SEARCHES]
    for q in ("탄소", "수출", "배터리"):
        queries += [(("q", q), ("page", "2")), (("q", q), ("page", "999"))]
        queries += [(("q", q), ("sort", s)) for s in explorer.get("sort", [])]
    for name in ("category", "status", "funding", "site", "sort"):
        queries += [((name, v),) for v in explorer.get(name, [])]
    queries += [(("year", y),) for y in every(explorer.get("year", []), 12)]
    facility_slugs = [p.split("/")[2] for p in facilities]
    queries += [(("facility", f),) for f in every(facility_slugs, 8)]
    for name in ("min_cost", "max_cost"):
        queries += [((name, c),) for c in COSTS]
    queries += [(("sort", s), ("page", "2")) for s in explorer.get("sort", [])]
    categories, statuses = explorer.get("category", []), explorer.get("status", [])
    queries += [(("category", c), ("status", s)) for c in categories for s in statuses]
    queries += [
        (("category", categories[0]), ("category", categories[-1])),
        (("status", "planned"), ("status", "ongoing")),
        (("funding", "national"), ("funding", "city"), ("funding", "private")),
        (("min_cost", "10억"), ("max_cost", "100억")),
        (("min_cost", "100억"), ("max_cost", "10억")),  # swapped: shown as 10억–100억
        (("q", "탄소"), ("category", categories[0]), ("status", "ongoing"), ("sort", "cost_desc")),
        (("q", "배터리"), ("funding", "national"), ("min_cost", "10억"), ("page", "2")),
        (("year", "2024"), ("site", explorer.get("site", ["nope"])[0]), ("sort", "end")),
        (("category", "nope"),),
        (("status", "nope"),),
        (("funding", "nope"),),
        (("site", "nope"),),
        (("facility", "nope"),),
        (("sort", "nope"),),
        (("year", "abc"),),
        (("year", "1800"),),
        (("year", "99999"),),
        (("foo", "bar"),),
        (("utm_source", "news"), ("q", "수출")),
        (("q", "탄소"), ("q", "수출")),
        (("page", "x" * 300),),
    ]
    for query in queries:
        add(path("/programs/", query))
    htmx_queries = [
        *queries[:4],
        (("q", "탄소"),),
        (("q", "배터리"), ("page", "2")),
        (("category", categories[0]),),
        (("sort", "cost_desc"), ("page", "3")),
        (("page", "999999"),),
        (("year", "abc"),),
        (("min_cost", "10억"), ("max_cost", "100억")),
    ]
    for query in htmx_queries:
        for headers in HTMX_VARIANTS:
            add(path("/programs/", query), headers)

    # Outcomes, with its partials.
    outcome_queries = [(), (("page", "2"),), (("page", "999"),), (("page", "abc"),)]
    outcome_queries += [(("q", q),) for q in ("수출", "탄소", "배터리", "x" * 300)]
    for name in ("indicator", "maturity", "kind"):
        outcome_queries += [((name, v),) for v in outcomes.get(name, [])]
    outcome_queries += [
        (("year", "2020"),),
        (("year", "2025"),),
        (("year", "abc"),),
        (("year", "1800"),),
        (("indicator", "nope"),),
        (("kind", "nope"),),
        (("indicator", "mou"), ("indicator", "jobs"), ("maturity", "signed")),
        (("q", "수출"), ("kind", "actual"), ("year", "2020")),
        (("foo", "bar"),),
    ]
    for query in outcome_queries:
        add(path("/outcomes/", query))
    for query in [*outcome_queries[:2], (("q", "수출"),), (("year", "abc"),)]:
        for headers in HTMX_VARIANTS:
            add(path("/outcomes/", query), headers)

    # Facilities and funding.
    add("/facilities/")
    for page in (*PAGES[:5], "abc"):
        add(path("/facilities/", [("page", page)]))
    for url in every(facilities, 25):
        add(url)
    add("/funding/")
    for url in kinds:
        add(url)
        for page in ("2", "999", "abc"):
            add(path(url, [("page", page)]))

    # Program pages: every k-th from the sitemap, with their history, embed card, image and feed.
    sample = every(programs, 40)
    for url in sample:
        for suffix in ("", "history/", "embed/", "og.png"):
            add(url + suffix)
        add("/feeds" + url)
        add(path(url, [("utm_source", "news")]))
    add(sample[0], method="HEAD")
    for url in every(sample, 10):
        for day in AS_OF:
            add(path(url, [("as_of", day)]))
    for url in every(sample, 5):
        add(path("/oembed/", [("url", SITE_URL + url)]))
        add(path("/oembed/", [("url", SITE_URL + url + "embed/"), ("maxwidth", "320")]))
    if sample:
        oembed = SITE_URL + sample[0]
        for param in (
            ("maxwidth", "9999"),
            ("maxwidth", "abc"),
            ("format", "xml"),
            ("format", "html"),
        ):
            add(path("/oembed/", [("url", oembed), param]))
    for url in ("", SITE_URL + "/programs/nope/", SITE_URL + "/facilities/", "not a url"):
        add(path("/oembed/", [("url", url)] if url else []))

    # Feeds.
    add("/feeds/updates/")
    feed_queries = [
        [("q", "탄소")],
        [("q", "배터리"), ("category", categories[0])],
        [("status", "ongoing"), ("sort", "cost_desc")],
        [("year", "abc")],
        [],
    ]
    for query in feed_queries:
        add(path("/feeds/programs/", query))

    # Downloads: whole datasets and the explorer's filtered list.
    for name in ("programs.csv", "funding.json", "facilities.xlsx", "outcomes.csv"):
        add("/data/" + name)
    add(path("/programs/download.csv", [("q", "탄소")]))
    add(path("/programs/download.json", [("category", categories[0]), ("sort", "cost_desc")]))
    add(path("/programs/download.xlsx", [("q", "배터리"), ("status", "ongoing")]))
    add(path("/programs/download.csv", [("q", "없는검색어")]))

    # A renamed program or facility answers 301 at its old address, if the data has one.
    for url in renamed_paths():
        add(url)
    return requests


def renamed_paths() -> list[str]:
    """Old addresses of renamed programs and facilities (the seed has none): read through Django's
    model registry, not an import, from the model that keeps (kind, old_slug)."""
    from django.apps import apps

    bases = {"program": "/programs/", "facility": "/facilities/"}
    paths = []
    for model in apps.get_models():
        if model.__name__ == "SlugRedirect":
            rows = model.objects.order_by("kind", "old_slug").values_list("kind", "old_slug")
            paths += [f"{bases[kind]}{old}/" for kind, old in rows[:10] if kind in bases]
    return paths


TIMESTAMP = re.compile(r"\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d(?:\.\d{1,6})?(?:Z|[+-]\d\d:?\d\d)?")


def normalise(text: str, windows, build_days) -> str:
    """Timestamps that fall in one of ``windows`` ((label, start, end), epoch seconds) become
    ``<label>``: they are the wall clock of this run, not data — when the database was built (the
    content version's date; the synthetic facilities' auto_now updated_at) or when the response
    was made (an export's generated_at, an XLSX's document dates). A timestamp written to the
    second may read up to a second early. Sitemaps give those build times as dates only."""

    def replace(match):
        try:
            when = datetime.fromisoformat(match.group())
        except ValueError:
            return match.group()
        moment = (when if when.tzinfo else when.replace(tzinfo=UTC)).timestamp()
        for label, start, end in windows:
            if int(start) <= moment <= end:
                return f"<{label}>"
        return match.group()

    text = TIMESTAMP.sub(replace, text)
    for day in build_days:
        text = text.replace(f"<lastmod>{day}</lastmod>", "<lastmod><database build date></lastmod>")
    return text


def body_text(content: bytes, content_type: str, url: str) -> str:
    if url.endswith("og.png") or content_type.startswith("image/"):
        return "(image: body not compared)\n"
    if content[:2] == b"PK" and "spreadsheet" in content_type:
        # XLSX: each member of the archive (their zip dates are the time of writing).
        parts = []
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            for info in archive.infolist():
                data = archive.read(info)
                try:
                    member = data.decode("utf-8")
                except UnicodeDecodeError:
                    member = f"(binary, sha256 {hashlib.sha256(data).hexdigest()})"
                parts.append(f"--- {info.filename}\n{member}\n")
        return "".join(parts)
    return content.decode("utf-8", errors="backslashreplace")


def record(request: Request, response, content: bytes, windows, build_days) -> str:
    """One response as text: the request, status line, the headers that matter and the body."""
    lines = [f"{request.method} {request.path}"]
    lines += [f"{k}: {v}" for k, v in request.headers] + ([] if request.secure else ["(http)"])
    lines += ["", f"{response.status_code} {response.reason_phrase}"]
    for header in HEADERS:
        if (value := response.headers.get(header)) is not None:
            if header == "Content-Security-Policy":
                # django-csp builds the policy from a set: its directives come in the order of the
                # process's string hashes (PYTHONHASHSEED), different in every run.
                value = "; ".join(sorted(value.split("; ")))
            lines.append(f"{header}: {value}")
    body = body_text(content, response.headers.get("Content-Type", ""), request.path)
    return "\n".join(lines) + "\n\n" + normalise(body, windows, build_days)


def fetch_all(out: Path, built: tuple[float, float]) -> int:
    """Child process: Django is set up on the project in the working directory."""
    from django.test import Client
    from django.utils import timezone

    build_days = {timezone.localdate(datetime.fromtimestamp(t, UTC)).isoformat() for t in built}
    client = Client(HTTP_X_FORWARDED_PROTO="https", raise_request_exception=False)
    plain = Client(raise_request_exception=False)

    def get(url):
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        return response.content.decode()

    written = set()
    for request in plan(get):
        name = request.slug()
        if name in written:
            continue
        written.add(name)
        started = time.time()
        response = (client if request.secure else plain).generic(
            request.method, request.path, headers=dict(request.headers)
        )
        content = b"".join(response.streaming_content) if response.streaming else response.content
        response.close()
        windows = [("database build time", *built), ("response time", started, time.time())]
        text = record(request, response, content, windows, build_days)
        (out / name).write_text(text, encoding="utf-8", newline="")
    return len(written)


def child(args):
    project = Path.cwd()
    sys.path.insert(0, str(project))
    manage = (project / "manage.py").read_text()
    settings_module = re.search(r"DJANGO_SETTINGS_MODULE['\"],\s*['\"]([\w.]+)", manage).group(1)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", settings_module)
    import django

    django.setup()
    package = sys.modules[settings_module.split(".")[0]]
    if not Path(package.__file__).resolve().is_relative_to(project):
        raise SystemExit(f"{package.__name__} imported from {package.__file__}, not {project}")
    print(f"  code: {package.__file__}", flush=True)
    count = fetch_all(Path(args.out), (args.built_from, args.built_until))
    print(f"  {count} responses → {args.out}", flush=True)


def render(args):
    project = args.project.resolve()
    work = Path(tempfile.mkdtemp(prefix="compare-responses-"))
    env = {k: v for k, v in os.environ.items() if not k.startswith(SETTINGS_ENVIRONMENT)}
    env.update(
        DJANGO_DEBUG="0",
        DJANGO_HTTPS="1",
        # Not a secret: a throwaway database, never served. Fixed, so every run is alike.
        DJANGO_SECRET_KEY="compare-responses-throwaway-key-" + "0123456789abcdef" * 2,
        DJANGO_ALLOWED_HOSTS="testserver",
        DJANGO_STATIC_ROOT=str(work / "static"),
        DJANGO_LOG_LEVEL="ERROR",
        SITE_URL=SITE_URL,
    )

    def run(*command, database):
        env["DATABASE_URL"] = f"sqlite:///{work}/{database}.sqlite3"
        try:
            subprocess.run([sys.executable, *command], env=env, cwd=project, check=True)
        except subprocess.CalledProcessError as error:
            raise SystemExit(f"render stopped: {' '.join(command)} failed in {project}") from error

    portfolios = [("seed", ["loaddata", "portfolio", "-v0"])]
    if args.programs:
        generate = ["generate_portfolio", "--programs", str(args.programs), "--seed", "1"]
        label = f"{args.programs // 1000}k" if args.programs % 1000 == 0 else str(args.programs)
        portfolios.append((label, generate))
    for label, _ in portfolios:  # no output of an earlier render is left to compare
        shutil.rmtree(f"{args.out}-{label}", ignore_errors=True)
    manage = str(project / "manage.py")
    try:
        print(f"collectstatic ({project})", flush=True)
        run(manage, "collectstatic", "--noinput", "-v0", database="static")
        for label, load in portfolios:
            out = Path(f"{args.out}-{label}")
            print(f"{label}: building the database", flush=True)
            built_from = time.time()
            run(manage, "migrate", "--noinput", "-v0", database=label)
            run(manage, *load, database=label)
            built = ["--built-from", str(built_from), "--built-until", str(time.time())]
            out.mkdir(parents=True)
            started = time.monotonic()
            run(str(SCRIPT), "_responses", "--out", str(out), *built, database=label)
            print(f"  {time.monotonic() - started:.0f} s", flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def expand(a: Path, b: Path) -> list[tuple[Path, Path]]:
    """Two directories, or two render prefixes (PREFIX-seed, PREFIX-10k … on each side)."""
    if a.is_dir() or b.is_dir():
        return [(a, b)]
    suffixes = sorted({p.name[len(x.name) :] for x in (a, b) for p in x.parent.glob(x.name + "-*")})
    return [(Path(f"{a}{s}"), Path(f"{b}{s}")) for s in suffixes]


def readable(data: bytes) -> list[str]:
    """A response file's lines for the eye (files are compared as bytes): sitemaps, feeds and JSON
    come on one long line, split here between elements and between JSON records."""
    text = data.decode("utf-8", errors="backslashreplace")
    return re.sub(r"(?<=>)(?=<)|(?<=\},)(?=\{)", "\n", text).splitlines()


def diff(args) -> int:
    pairs = expand(args.a, args.b)
    if not pairs:
        raise SystemExit(f"nothing to compare at {args.a} and {args.b}")
    failed = False
    summary = []
    for a, b in pairs:
        left = {p.name for p in a.glob("*.txt")} if a.is_dir() else set()
        right = {p.name for p in b.glob("*.txt")} if b.is_dir() else set()
        same, differ = 0, []
        for name in sorted(left & right):
            old, new = (a / name).read_bytes(), (b / name).read_bytes()
            if old == new:
                same += 1
                continue
            differ.append(name)
            old_lines, new_lines = readable(old), readable(new)
            lines = list(
                difflib.unified_diff(
                    old_lines, new_lines, f"{a}/{name}", f"{b}/{name}", lineterm=""
                )
            )
            request = old_lines[: old_lines.index("")] if "" in old_lines else old_lines[:1]
            print(f"\n### {' | '.join(request)}  ({name})")
            for line in lines[: args.lines]:
                print(line if len(line) <= 300 else line[:300] + " …")
            if len(lines) > args.lines:
                print(f"… {len(lines) - args.lines} more diff lines")
        only_a, only_b = sorted(left - right), sorted(right - left)
        failed = failed or bool(differ or only_a or only_b) or not (left or right)
        summary.append(
            f"{a} vs {b}: {same} same, {len(differ)} differ, "
            f"{len(only_a)} only in {a.name}, {len(only_b)} only in {b.name}"
        )
        summary += [f"  only in {a.name}: {n}" for n in only_a[:50]]
        summary += [f"  only in {b.name}: {n}" for n in only_b[:50]]
    print("\n" + "\n".join(summary))
    return 1 if failed else 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True, metavar="{render,diff}")
    r = commands.add_parser("render", help="render the responses of the code in --project")
    r.add_argument("--out", required=True, help="output prefix: writes OUT-seed/ and OUT-10k/")
    r.add_argument("--programs", type=int, default=10_000, help="synthetic portfolio (0: none)")
    r.add_argument("--project", type=Path, default=ROOT, help="the code to run (default: here)")
    d = commands.add_parser("diff", help="compare two renders")
    d.add_argument("a", type=Path)
    d.add_argument("b", type=Path)
    d.add_argument("--lines", type=int, default=40, help="diff lines shown per response")
    c = commands.add_parser("_responses")  # the child process of render
    c.add_argument("--out", required=True)
    c.add_argument("--built-from", type=float, required=True)
    c.add_argument("--built-until", type=float, required=True)
    args = parser.parse_args()
    if args.command == "render":
        render(args)
    elif args.command == "diff":
        sys.exit(diff(args))
    else:
        child(args)


if __name__ == "__main__":
    main()
