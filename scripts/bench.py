"""make bench: 10,000 programs, gunicorn in production mode, wrk on loopback, on SQLite and PostgreSQL.

For each database it builds a fresh portfolio with `generate_portfolio`, renders every published
program page into the database with `render_pages` (timed: the step a deployer runs after a deploy
or a bulk load), serves it with gunicorn (2 sync workers, DEBUG off, whitenoise, a local-memory
page cache in each worker), and drives load with wrk (16 connections):

  (a) one URL repeated, for home, explorer, a search, the htmx partial, page 50, a program page,
      a facility page, the API's program list and a program's detail (/api/v1/), and the CSV
      download of all rows, each as a ratio to a static file served by the same server in the
      same run. Target: ≥ 50 % of static throughput, p99 < 50 ms. The CSV's static baseline is
      the same bytes as a static file (CSV_AS_STATIC), and its target ≥ 50 % of that after the
      first request, which builds the stored file (a whole-portfolio file is not held to 50 ms).
  (b) a realistic mix of program pages from the sitemap and explorer filter/search/page URLs,
      5 : 1, shuffled. Target: ≥ 10 %, p99 < 250 ms. Four rows, in this order:
      - "mix, first visits": URLs nobody has asked for since the portfolio was loaded, 4 slices
        of 1,500 program pages and 300 explorer URLs (at the default --seconds; fewer when the
        portfolio is small). Each URL is requested exactly once in the whole row: every slice
        has its own list, and wrk stops when the last page of it is answered (see
        FIRST_VISITS_SCRIPT). Program pages come from the pages render_pages kept (X-Page-Cache:
        kept); explorer pages are rendered (miss).
      - "mix, nothing kept" (informational, no target): the StoredPage table emptied, then 2
        slices the same way with URLs the first row did not use, so every page is rendered from
        the database; what a cold store costs. render_pages runs again afterwards.
      - "mix, steady state": a fixed list of 1,500 program pages and 300 explorer URLs,
        round-robin, after every URL has been seen by both workers, as a public site's popular
        pages would be.
      - "right after an edit": one program's summary changed through the admin over HTTP (with
        a 변경 사유), then the steady-state list again. The edit moves the site-wide content
        version, so each explorer URL is rendered once more in each worker; the other program
        pages are still valid; the edited one was rendered when the edit committed.

Every ratio is to the static file measured in turns with that row, in slices (see interleaved):
this shared machine's speed drifts by tens of percent within minutes. The mix rows count the
X-Page-Cache answers (kept, hit, miss); the first-visit rows also check that each URL of their
lists was asked for once and answered, and that the answers are the ones the row claims.

Usage: .venv/bin/python scripts/bench.py [--programs 10000] [--seconds 10] [--db sqlite,postgres]
                                        [--rows api,csv]
--rows runs only the rows (a) whose label holds one of the words (with the static file), no mix.
Prints a table per database and exits non-zero when a target is missed or a check fails.
"""

import argparse
import html
import http.cookiejar
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
import urllib.error
import urllib.parse
import urllib.request
from html.parser import HTMLParser
from pathlib import Path
from xml.etree import ElementTree

ROOT = Path(__file__).resolve().parent.parent
PY = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
CONNECTIONS = 16
WRK_THREADS = 2
# First visits: program pages per slice for each second of --seconds (1,500 at the default 10,
# with a fifth as many explorer URLs), fewer when the portfolio cannot fill the six disjoint
# slices of the two first-visit rows.
PROGRAMS_PER_SECOND = 150
FIRST_VISIT_SLICES = {"mix, first visits": 4, "mix, nothing kept": 2}
# One wrk thread for a first-visit slice. gunicorn's sync workers close the connection after each
# answer, and wrk opens the next one at once; a wrk thread that stops leaves that connection open
# and silent, and the sync worker that accepts it waits on it until wrk exits. With two threads,
# the first to finish its share held a worker while the other still ran, and stalled both until
# gunicorn's worker timeout (30 s). With one thread the slice ends with its list, and wrk, which
# bench.py stops right then, closes the connection on exit.
FIRST_VISIT_THREADS = 1

# The page cache's answer (X-Page-Cache: kept, hit, miss; "none" for a response without it) is
# counted per thread and printed by done() as "bench-state <answer> <count>" lines.
COUNT_ANSWERS = """
local threads_seen = {}
function setup(thread)
  thread:set("id", #threads_seen)
  threads_seen[#threads_seen + 1] = thread
end
answers = {}
local function count_answer(headers)
  local answer = headers["X-Page-Cache"] or "none"
  answers[answer] = (answers[answer] or 0) + 1
end
local function print_answers()
  for _, thread in ipairs(threads_seen) do
    for answer, count in pairs(thread:get("answers")) do
      io.write("bench-state ", answer, " ", count, "\\n")
    end
  end
end
"""
# Steady state: each thread goes round the list, thread t from BENCH_START + t × (its length /
# threads), so that the threads ask for different pages and short slices still cover the list
# (bench.py moves BENCH_START on by each slice's requests).
MIX_SCRIPT = (
    COUNT_ANSWERS
    + """
local paths = {}
for line in io.lines(os.getenv("BENCH_PATHS")) do paths[#paths + 1] = line end
local i
init = function(args)
  local threads = tonumber(os.getenv("BENCH_THREADS"))
  i = (tonumber(os.getenv("BENCH_START")) + id * math.floor(#paths / threads)) % #paths
end
request = function()
  i = i % #paths + 1
  return wrk.format("GET", paths[i])
end
response = function(status, headers, body) count_answer(headers) end
done = function(summary, latency, requests) print_answers() end
"""
)
# First visits: each path of BENCH_PATHS (one slice's list) is requested exactly once. Thread t
# takes paths t, t + threads, … as its share (bench.py runs one thread: FIRST_VISIT_THREADS).
# When its last page is answered, the thread writes BENCH_MARKER<t> and stops
# (wrk.thread:stop()), and bench.py ends wrk there: wrk would otherwise sleep out its -d, an upper
# bound, and report that as the elapsed time. Meanwhile a connection with no page left to ask for
# asks for the static file (BENCH_STATIC), never for a page twice; those answers are counted apart
# ("bench-static", sent and answered) and bench.py takes them out of the requests. Before the run
# wrk calls thread 0's request() once to check it; that call asks for nothing. A share not
# answered 30 s after its last page was sent (a lost connection) is given up. done() also prints
# every path asked for ("bench-path").
FIRST_VISITS_SCRIPT = (
    COUNT_ANSWERS
    + """
local paths = {}
for line in io.lines(os.getenv("BENCH_PATHS")) do paths[#paths + 1] = line end
local static = os.getenv("BENCH_STATIC")
local marker = os.getenv("BENCH_MARKER")
local share, checked, sent, answered, stopped, all_sent_at = {}, false, 0, 0, false, nil
asked, static_sent, static_answered = {}, 0, 0
init = function(args)
  local threads = tonumber(os.getenv("BENCH_THREADS"))
  for i = id + 1, #paths, threads do share[#share + 1] = paths[i] end
  checked = id ~= 0
end
local function stop()
  stopped = true
  io.open(marker .. id, "w"):close()
  wrk.thread:stop()
end
request = function()
  if not checked then
    checked = true
    return wrk.format("GET", static)
  end
  if sent >= #share then
    static_sent = static_sent + 1
    if not stopped and os.time() - (all_sent_at or os.time()) > 30 then stop() end
    return wrk.format("GET", static)
  end
  sent = sent + 1
  asked[sent] = share[sent]
  if sent == #share then all_sent_at = os.time() end
  return wrk.format("GET", share[sent])
end
response = function(status, headers, body)
  if (headers["Content-Type"] or ""):find("text/css", 1, true) then
    static_answered = static_answered + 1
    return
  end
  count_answer(headers)
  answered = answered + 1
  if answered >= #share and not stopped then stop() end
end
done = function(summary, latency, requests)
  print_answers()
  for _, thread in ipairs(threads_seen) do
    io.write("bench-static ", thread:get("static_sent"), " ", thread:get("static_answered"), "\\n")
    for _, path in ipairs(thread:get("asked")) do io.write("bench-path ", path, "\\n") end
  end
end
"""
)
HTMX_HEADERS = {"HX-Request": "true", "HX-Target": "results"}
HTMX_SCRIPT = """
wrk.headers["HX-Request"] = "true"
wrk.headers["HX-Target"] = "results"
"""
SEARCH_WORDS = [
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
CATEGORIES = [
    "mobility-materials",
    "research",
    "smart-manufacturing",
    "export-investment",
    "energy",
    "agri-food",
]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run(cmd, env, **kwargs):
    return subprocess.run(cmd, env=env, cwd=ROOT, check=True, **kwargs)


def manage(env, *args) -> str:
    """A management command's output (it is printed too)."""
    out = run([PY, "manage.py", *args], env, capture_output=True, text=True).stdout
    if out.strip():
        print("  " + out.strip().replace("\n", "\n  "), flush=True)
    return out


CSV_AS_STATIC = """
from pathlib import Path
from django.conf import settings
from gyeongju.opendata.datasets import DATASETS
from gyeongju.opendata.exports import csv_lines
programs = DATASETS["programs"]
target = Path(settings.STATIC_ROOT) / "bench" / "programs.csv"
target.parent.mkdir(exist_ok=True)
with open(target, "wb") as handle:
    for line in csv_lines(programs, programs.rows()):
        handle.write(line.encode())
"""
CSV_STATIC_PATH = "/static/bench/programs.csv"


def prepare(db, env, programs, admin, *, only_rows=False):
    """A fresh database with the portfolio, its static files, its program pages kept, and a
    superuser. Returns the seconds generate_portfolio and render_pages took."""
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
    # The CSV row's baseline: the same bytes as /data/programs.csv, as a static file (whitenoise
    # finds it when the server starts), so the row says what serving the stored file costs over
    # serving that file, not what sending megabytes costs over sending the 30 KB stylesheet.
    manage(env, "shell", "-v0", "-c", CSV_AS_STATIC)
    if only_rows:  # --rows: the rows asked for need neither kept pages nor a staff account
        return generated, 0.0
    # With the server's own SITE_URL and static manifest: the pages kept are the pages it renders.
    rendered = render_pages(env)
    run(
        [PY, "manage.py", "createsuperuser", "--noinput"],
        {
            **env,
            "DJANGO_SUPERUSER_USERNAME": admin["username"],
            "DJANGO_SUPERUSER_PASSWORD": admin["password"],
            "DJANGO_SUPERUSER_EMAIL": "bench@example.invalid",
        },
        capture_output=True,
    )
    return generated, rendered


def render_pages(env) -> float:
    started = time.monotonic()
    manage(env, "render_pages")
    seconds = time.monotonic() - started
    print(f"  render_pages: {seconds:.1f} s", flush=True)
    return seconds


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


def wrk(
    url,
    seconds,
    *,
    script=None,
    env=None,
    connections=CONNECTIONS,
    threads=WRK_THREADS,
    finished=(),
):
    """One wrk run of ``seconds``. ``finished``: the marker files a first-visit script's threads
    write when their share is answered; wrk is then stopped (SIGINT, which ends its sleep), so
    the elapsed time it reports is the list's and ``seconds`` only an upper bound."""
    cmd = [
        "wrk",
        f"-t{min(threads, connections)}",
        f"-c{connections}",
        f"-d{seconds}s",
        "--latency",
        "--timeout",
        "30s",
    ]
    if script:
        cmd += ["-s", script]
    cmd.append(url)
    process = subprocess.Popen(
        cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env
    )
    stopping = False  # every thread has written its marker, before the -d limit
    if finished:
        while process.poll() is None and not all(marker.exists() for marker in finished):
            time.sleep(0.005)
        stopping = all(marker.exists() for marker in finished)
    while True:
        if stopping and process.poll() is None:
            process.send_signal(signal.SIGINT)  # again if it came before wrk's handler was set
        try:
            out, err = process.communicate(timeout=0.5 if stopping else None)
            break
        except subprocess.TimeoutExpired:
            continue
    if process.returncode:
        raise subprocess.CalledProcessError(process.returncode, cmd, out, err)
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    done = re.search(r"(\d+) requests in ([\d.]+)(us|ms|s|m)", out)
    requests = int(done.group(1))
    # The elapsed time as wrk measured it, unrounded (its printed one has 2 decimals).
    duration = requests / rps if rps else to_ms(done.group(2), done.group(3)) / 1000
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
    result = {
        "rps": rps,
        "p50": latency.get("50"),
        "p99": latency.get("99"),
        "errors": failures,
        "requests": requests,
        "seconds": duration,
    }
    answers = {}
    for answer, count in re.findall(r"^bench-state (\S+) (\d+)$", out, re.M):
        answers[answer] = answers.get(answer, 0) + int(count)
    if answers:
        result["answers"] = answers
    if finished:
        static = [tuple(map(int, m)) for m in re.findall(r"^bench-static (\d+) (\d+)$", out, re.M)]
        result["static_sent"] = sum(sent for sent, _ in static)
        result["static_answered"] = sum(answered for _, answered in static)
        # The pages only: the static file answered while the last pages were being rendered is
        # not one of them (its latencies, a handful among the pages', stay in p50 and p99).
        result["requests"] -= result["static_answered"]
        result["rps"] = result["requests"] / duration
        result["in_time"] = stopping
        result["paths"] = re.findall(r"^bench-path (.+)$", out, re.M)
    return result


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
    result = {
        "rps": requests / seconds,
        "p50": p50s[len(p50s) // 2],
        "p99": max(run["p99"] for run in runs),
        "errors": sum(run["errors"] for run in runs),
        "requests": requests,
        "seconds": seconds,
        "slices": [round(run["rps"], 1) for run in runs],
        "slice_seconds": [round(run["seconds"], 2) for run in runs],
    }
    if any("answers" in run for run in runs):
        result["answers"] = {}
        for run in runs:
            for answer, count in run.get("answers", {}).items():
                result["answers"][answer] = result["answers"].get(answer, 0) + count
    if any("paths" in run for run in runs):
        result["in_time"] = all(run["in_time"] for run in runs)
        result["paths"] = [path for run in runs for path in run["paths"]]
        result["static_sent"] = sum(run["static_sent"] for run in runs)
        result["static_answered"] = sum(run["static_answered"] for run in runs)
    return result


def to_ms(value, unit):
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]


def sitemap_programs(base) -> list[str]:
    """Every published program page, from the sitemap."""
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
    return programs


def explorer_form(path) -> frozenset:
    """What the page cache stores an explorer URL under: its set of parameters, whatever their
    order (empty values dropped)."""
    query = urllib.parse.urlsplit(path).query
    return frozenset((k, v) for k, v in urllib.parse.parse_qsl(query) if v != "")


def explorer_urls(rng, count, taken: set) -> list[str]:
    """``count`` explorer URLs, different filter/search/sort/page combinations, none stored under
    the same parameters as another or as one in ``taken`` (which gets theirs)."""
    urls = []
    while len(urls) < count:
        params = []
        if rng.random() < 0.6:
            params.append(("q", rng.choice(SEARCH_WORDS)))
        if rng.random() < 0.5:
            params.append(("category", rng.choice(CATEGORIES)))
        if rng.random() < 0.4:
            params.append(("status", rng.choice(["planned", "ongoing", "completed"])))
        if rng.random() < 0.3:
            params.append(("year", str(rng.randint(2015, 2030))))
        if rng.random() < 0.3:
            params.append(("funding", rng.choice(["national", "city", "provincial", "private"])))
        if rng.random() < 0.3:
            params.append(("min_cost", rng.choice(["10억", "50억", "100억"])))
        if rng.random() < 0.4:
            params.append(("sort", rng.choice(["name", "cost_desc", "cost_asc", "start", "end"])))
        if rng.random() < 0.4:
            params.append(("page", str(rng.randint(2, 20))))
        form = frozenset(params)
        if not params or form in taken:  # no parameters: the plain explorer, a single row's URL
            continue
        taken.add(form)
        urls.append("/programs/?" + urllib.parse.urlencode(params, quote_via=urllib.parse.quote))
    return urls


def mix_paths(programs, rng):
    """The steady-state list: 1,500 program pages and 300 explorer combinations, shuffled."""
    paths = rng.sample(programs, min(1500, len(programs))) + explorer_urls(rng, 300, set())
    rng.shuffle(paths)
    return paths


def first_visit_lists(programs, seen, rng, per_slice):
    """One list per slice of the first-visit rows: ``per_slice`` program pages and a fifth as many
    explorer URLs, shuffled; no URL in two lists, none in ``seen`` (what the bench asked before)."""
    pool = [path for path in programs if path not in seen]
    rng.shuffle(pool)
    taken = {explorer_form(path) for path in seen if path.startswith("/programs/?")}
    taken.add(frozenset())
    lists = {}
    for label, slices in FIRST_VISIT_SLICES.items():
        lists[label] = []
        for _ in range(slices):
            pages = [pool.pop() for _ in range(per_slice)]
            pages += explorer_urls(rng, max(1, per_slice // 5), taken)
            rng.shuffle(pages)
            lists[label].append(pages)
    return lists


def first_visits(base, bench_dir, label, lists, static_path, seconds, limit):
    """A first-visit row: ``lists[slice]`` requested once each, in turns with the static file.
    ``limit``: wrk's -d, an upper bound (each slice ends when its list is answered)."""
    script = Path(bench_dir) / "first.lua"
    script.write_text(FIRST_VISITS_SCRIPT)
    name = re.sub(r"\W+", "-", label)

    def one_slice(index, _seconds):
        listing = Path(bench_dir) / f"{name}-{index}.txt"
        listing.write_text("\n".join(lists[index]) + "\n")
        marker = f"{bench_dir}/{name}-{index}.done-"
        env = dict(
            os.environ,
            BENCH_PATHS=str(listing),
            BENCH_THREADS=str(FIRST_VISIT_THREADS),
            BENCH_STATIC=static_path,
            BENCH_MARKER=marker,
        )
        finished = [Path(f"{marker}{thread}") for thread in range(FIRST_VISIT_THREADS)]
        return wrk(
            base + "/",
            limit,
            script=str(script),
            env=env,
            threads=FIRST_VISIT_THREADS,
            finished=finished,
        )

    return interleaved(base, static_path, one_slice, seconds, slices=len(lists))


def first_visit_checks(result, lists, expected: dict) -> list[str]:
    """What a first-visit row claims: every URL of its lists asked for once and answered, and
    the page cache's answers the ``expected`` ones."""
    problems = []
    wanted = [path for pages in lists for path in pages]
    asked = result.pop("paths")
    if len(asked) != len(set(asked)):
        problems.append(f"{len(asked) - len(set(asked))} URLs asked for twice")
    if set(asked) != set(wanted):
        problems.append(
            f"{len(set(wanted) - set(asked))} URLs of the lists not asked for, "
            f"{len(set(asked) - set(wanted))} not in them"
        )
    if result["requests"] != len(wanted):
        problems.append(f"{result['requests']} pages answered of {len(wanted)}")
    if not result["in_time"]:
        problems.append("a slice ran to wrk's -d limit")
    if result.get("answers") != expected:
        problems.append(
            f"X-Page-Cache {answers_text(result.get('answers'))}, expected {answers_text(expected)}"
        )
    result["asked"], result["distinct"] = len(asked), len(set(asked))
    return problems


def answers_text(answers) -> str:
    return ", ".join(f"{answer} {count:,}" for answer, count in sorted((answers or {}).items()))


# The admin, as a browser drives it -------------------------------------------------------------


class FormFields(HTMLParser):
    """What a browser submits from the form with id ``form_id``: inputs, checked boxes, selected
    options (a single select's first option when none is), textareas; not buttons, files,
    disabled fields or the inline formsets' ``__prefix__`` templates (tests/adminkit.py)."""

    def __init__(self, form_id):
        super().__init__(convert_charrefs=True)
        self.form_id, self.inside, self.found = form_id, False, False
        self.fields: list[tuple[str, str]] = []
        self._select = self._textarea = self._first = None
        self._multiple, self._selected, self._text = False, [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
            self.found = self.found or self.inside
            return
        name = attrs.get("name")
        usable = self.inside and bool(name) and "__prefix__" not in name
        usable = usable and "disabled" not in attrs
        if tag == "input" and usable:
            kind = (attrs.get("type") or "text").lower()
            if kind in {"checkbox", "radio"}:
                if "checked" in attrs:
                    self.fields.append((name, attrs.get("value") or "on"))
            elif kind not in {"submit", "button", "image", "reset", "file"}:
                self.fields.append((name, attrs.get("value") or ""))
        elif tag == "select" and usable:
            self._select, self._multiple = name, "multiple" in attrs
            self._selected, self._first = [], None
        elif tag == "option" and self._select is not None and attrs.get("value") is not None:
            if self._first is None:
                self._first = attrs["value"]
            if "selected" in attrs:
                self._selected.append(attrs["value"])
        elif tag == "textarea" and usable:
            self._textarea, self._text = name, []

    def handle_data(self, data):
        if self._textarea is not None:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select" and self._select is not None:
            values = self._selected
            if not values and not self._multiple and self._first is not None:
                values = [self._first]
            self.fields.extend((self._select, value) for value in values)
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            text = "".join(self._text)  # a browser drops the newline right after <textarea>
            self.fields.append((self._textarea, text.removeprefix("\r\n").removeprefix("\n")))
            self._textarea = None


def form_fields(page: str, form_id: str) -> list[tuple[str, str]]:
    reader = FormFields(form_id)
    reader.feed(page)
    if not reader.found:
        raise ValueError(f"form #{form_id} not on the page")
    return reader.fields


class NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # a 302 is returned as it is (as an HTTPError), with its cookies kept


def fetch(opener, url, fields=None):
    """(status, headers, text) of a GET, or of a form POST when ``fields`` are given."""
    data = urllib.parse.urlencode(fields).encode() if fields is not None else None
    try:
        with opener.open(urllib.request.Request(url, data=data), timeout=60) as response:
            return response.status, response.headers, response.read().decode()
    except urllib.error.HTTPError as response:
        return response.code, response.headers, response.read().decode(errors="replace")


def second_factor(browser, base, location: str) -> list[str]:
    """The sign-in's second step, as a person with an authenticator app does it. The superuser
    made by createsuperuser has none: its first login shows the app's 설정 키, which the bench
    reads as the app would (django-otp's TOTP), answers with the current code, and is in."""
    from base64 import b32decode

    from django_otp.oath import totp

    if "/admin/login/app/" not in location:
        return [f"the password step led to {location!r}, not the authenticator's registration"]
    url = base + location
    _, _, page = fetch(browser, url)
    secret = re.search(r"<code>([A-Z2-7 ]+)</code>", page)
    if secret is None:
        return ["the registration page shows no 설정 키"]
    code = f"{totp(b32decode(secret.group(1).replace(' ', ''))):06d}"
    fields = [(k, v) for k, v in form_fields(page, "login-form") if k != "code"]
    status, headers, _ = fetch(browser, url, [*fields, ("code", code)])
    if status != 302 or "recovery-codes" not in headers.get("Location", ""):
        return [f"the authenticator's code was answered {status}, not with the recovery codes"]
    fetch(browser, base + headers["Location"])  # read once, as the screen asks
    return []


def admin_edit(base, env, admin, program_path) -> dict:
    """Change the summary of the program at ``program_path`` through the admin, as a browser:
    log in, load the change form, submit every field it has with a new summary and a 변경 사유.
    Returns what happened, with ``problems`` if the edit did not go through or does not show."""
    slug = program_path.strip("/").split("/")[-1]
    found = run(
        [
            PY,
            "manage.py",
            "shell",
            "--no-imports",
            "-c",
            "from gyeongju.programs.models import Program; "
            f"print(Program.public_objects.get(slug={slug!r}).pk)",
        ],
        env,
        capture_output=True,
        text=True,
    )
    program_id = int(found.stdout.split()[-1])
    browser = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), NoRedirects()
    )
    problems = []
    login = f"{base}/admin/login/?next=/admin/"
    _, _, page = fetch(browser, login)
    fields = [
        (k, v) for k, v in form_fields(page, "login-form") if k not in ("username", "password")
    ]
    fields += [("username", admin["username"]), ("password", admin["password"])]
    status, headers, _ = fetch(browser, login, fields)
    if status != 302:
        problems.append(f"admin login answered {status}, not 302")
    problems += second_factor(browser, base, headers.get("Location", ""))
    change = f"{base}/admin/programs/program/{program_id}/change/"
    status, _, page = fetch(browser, change)
    if status != 200:
        problems.append(f"the change form answered {status}")
    fields = form_fields(page, "program_form")
    names = {name for name, _ in fields}
    for name in ("summary", "change_reason", "edit_version"):
        if name not in names:
            problems.append(f"no {name} field in the change form")
    summary = f"성능 측정으로 고친 요약입니다 ({secrets.token_hex(4)})."
    changes = {"summary": summary, "change_reason": "성능 측정: 수정 직후의 응답"}
    fields = [(name, changes.get(name, value)) for name, value in fields]
    started = time.monotonic()
    status, headers, page = fetch(browser, change, fields)
    seconds = time.monotonic() - started
    if status != 302:
        errors = re.findall(r'<ul class="errorlist[^"]*"[^>]*>(.*?)</ul>', page, re.S)
        text = " / ".join(html.unescape(re.sub(r"<[^>]+>", " ", e)).strip() for e in errors)
        problems.append(f"the change form answered {status}, not 302: {text or page[:300]}")
    public = urllib.request.build_opener()
    status, public_headers, page = fetch(public, base + program_path)
    if status != 200 or summary not in html.unescape(page):
        problems.append(f"the public page ({status}) does not show the new summary")
    if public_headers.get("X-Page-Cache") not in ("hit", "kept"):
        problems.append("the edited page was not rendered when the edit committed")
    return {
        "program": program_path,
        "id": program_id,
        "post_seconds": round(seconds, 3),
        "redirect": headers.get("Location"),
        "public_page_cache": public_headers.get("X-Page-Cache"),
        "problems": problems,
    }


def bench_database(db, args):
    bench_dir = tempfile.mkdtemp(prefix=f"bench-{db}-")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
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
        SITE_URL=base,
        # wrk is one address: the API's per-address limit would answer it 429 (tests cover it).
        API_RATE_LIMIT="0",
        DOWNLOADS_DIR=f"{bench_dir}/downloads",
    )
    admin = {"username": "bench", "password": secrets.token_urlsafe(16)}
    print(f"\n### {db}: building {args.programs:,} programs …", flush=True)
    generated, rendered = prepare(db, env, args.programs, admin, only_rows=bool(args.rows))
    server = serve(env, port)
    results = {
        "generate_seconds": round(generated, 1),
        "render_seconds": round(rendered, 1),
        "single": {},
        "mix": {},
    }
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
            ("API list", "/api/v1/programs/", None),
            ("API detail", "/api/v1" + program_path, None),
            ("CSV, all rows", "/data/programs.csv", None),
        ]
        if args.rows:
            words = [word.strip().lower() for word in args.rows.split(",") if word.strip()]
            single = [
                row
                for row in single
                if row[0] == "static file" or any(word in row[0].lower() for word in words)
            ]
        htmx_script = Path(bench_dir) / "htmx.lua"
        htmx_script.write_text(HTMX_SCRIPT)
        static_path = single[0][1]
        for label, path, kind in single:
            get(
                base, path, HTMX_HEADERS if kind else None
            )  # warm the cache, as a repeated URL would
            if label == "static file":
                result = wrk(base + path, args.seconds)
            else:
                script = str(htmx_script) if kind else None
                result, static = interleaved(
                    base,
                    CSV_STATIC_PATH if label.startswith("CSV") else static_path,
                    lambda _slice, seconds, path=path, script=script: wrk(
                        base + path, seconds, script=script
                    ),
                    args.seconds,
                    slices=2,
                )
                result["static_rps"] = static["rps"]
                if label.startswith("CSV"):
                    # The stored file of all rows, after the warm-up request built it.
                    result["rss_after_mb"] = workers_rss_mb(server.pid)
            results["single"][label] = result
            print(line(label, result), flush=True)
        if args.rows:
            return results

        programs = sitemap_programs(base)
        results["program_pages"] = len(programs)
        # First visits: URLs nobody has asked for since the portfolio was loaded (not the single
        # rows' URLs either), each in one slice's list only, and asked for once.
        seen = {path for _, path, _ in single}
        per_slice = min(
            PROGRAMS_PER_SECOND * args.seconds,
            (len(programs) - 1) // sum(FIRST_VISIT_SLICES.values()),
        )
        lists = first_visit_lists(programs, seen, random.Random(11), max(1, per_slice))
        # wrk's -d for a first-visit slice: a generous upper bound only, since the slice ends when
        # its list is answered.
        limit = 600
        for label, slices in lists.items():
            if label == "mix, nothing kept":
                # A cold store: no page kept, so every program page is rendered with the ORM.
                manage(
                    env,
                    "shell",
                    "--no-imports",
                    "-c",
                    "from gyeongju.core.models import StoredPage; "
                    "print('StoredPage rows deleted:', StoredPage.objects.all().delete()[0])",
                )
                seconds = args.seconds
            else:
                seconds = args.seconds * 2
            result, static = first_visits(
                base, bench_dir, label, slices, static_path, seconds, limit
            )
            result["static_rps"] = static["rps"]
            explorer = sum(path.startswith("/programs/?") for pages in slices for path in pages)
            pages = sum(len(pages) for pages in slices)
            result["pages"] = {"program": pages - explorer, "explorer": explorer}
            if label == "mix, first visits":
                expected = {"kept": pages - explorer, "miss": explorer}
            else:
                expected = {"miss": pages}
            result["problems"] = first_visit_checks(result, slices, expected)
            results["mix"][label] = result
            print(line(label, result), flush=True)
        results["rerender_seconds"] = round(render_pages(env), 1)

        paths = mix_paths(programs, random.Random(7))
        paths_file = Path(bench_dir) / "paths.txt"
        paths_file.write_text("\n".join(paths) + "\n")
        mix_script = Path(bench_dir) / "mix.lua"
        mix_script.write_text(MIX_SCRIPT)
        position = {"start": 0}

        def mix_slice(_index, seconds):
            # Each slice goes on round the list from where the one before left it.
            mix_env = dict(
                os.environ,
                BENCH_PATHS=str(paths_file),
                BENCH_THREADS=str(WRK_THREADS),
                BENCH_START=str(position["start"]),
            )
            result = wrk(base + "/", seconds, script=str(mix_script), env=mix_env)
            position["start"] += result["requests"] // WRK_THREADS
            return result

        for label in ("mix, steady state", "right after an edit"):
            if label == "mix, steady state":
                # Every URL seen before, by both workers (each keeps its own local-memory cache).
                # A request reaches either worker, and after four rounds some URLs are still in
                # one worker only: the list is gone round until a run of it finds every page in
                # the worker it reaches.
                warm(base, paths, rounds=4)
                for _ in range(5):
                    settling = mix_slice(0, max(3, args.seconds // 2))
                    print(f"  warming: X-Page-Cache {answers_text(settling['answers'])}")
                    if set(settling["answers"]) == {"hit"}:
                        break
            else:
                edited = next(path for path in paths if "?" not in path)
                try:
                    edit = admin_edit(base, env, admin, edited)
                except (OSError, ValueError, subprocess.CalledProcessError) as error:
                    edit = {"program": edited, "problems": [f"the edit failed: {error!r}"]}
                print(
                    f"  edited {edit['program']} (id {edit.get('id')}) through the admin: "
                    f"POST {edit.get('post_seconds')} s → {edit.get('redirect')}; its public page "
                    f"then answered X-Page-Cache: {edit.get('public_page_cache')}",
                    flush=True,
                )
            result, static = interleaved(base, static_path, mix_slice, args.seconds * 2, slices=4)
            result["static_rps"] = static["rps"]
            result["problems"] = []
            if label == "right after an edit":
                result["edit"] = edit
                result["problems"] = edit["problems"]
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
    if "answers" in result:
        text += f"\n    {result['requests']:,} requests in {result['seconds']:.1f} s"
        text += f" (slices: {', '.join(f'{s:.2f}' for s in result['slice_seconds'])} s)"
        text += f"; X-Page-Cache: {answers_text(result['answers'])}"
    if "static_sent" in result:
        text += (
            f"\n    the static file asked for {result['static_sent']:,} times while the last pages"
            f" of a slice were answered ({result['static_answered']:,} answered, not counted)"
        )
    for problem in result.get("problems", []):
        text += f"\n    CHECK FAILED: {problem}"
    return text


def report(db, results):
    """A table per database. Each ratio is to the static file measured in turns with that row
    (interleaved), the "static" column; the first row is the static file on its own."""
    lines = [
        f"\n{db}: {results['generate_seconds']} s to generate the portfolio, "
        f"{results['render_seconds']} s for render_pages to keep its "
        f"{results.get('program_pages', 0):,} program pages",
        "| request | req/s | p50 ms | p99 ms | static req/s | of static | errors | target | |",
        "|---|---:|---:|---:|---:|---:|---:|---|---|",
    ]
    missed, notes = [], []
    rows = [(label, r, "single") for label, r in results["single"].items()]
    rows += [(label, r, "mix") for label, r in results["mix"].items()]
    for label, r, kind in rows:
        static = r.get("static_rps", results["single"]["static file"]["rps"])
        ratio = r["rps"] / static
        if label == "static file":
            target, ok = "—", True
        elif label == "CSV, all rows":
            target, ok = "≥ 50 %, stored file", ratio >= 0.5 and not r["errors"]
        elif kind == "single":
            target = "≥ 50 %, p99 < 50 ms"
            ok = ratio >= 0.5 and r["p99"] < 50 and not r["errors"]
        elif label == "mix, nothing kept":
            target, ok = "—", True  # informational: what a cold store costs
        else:
            target = "≥ 10 %, p99 < 250 ms"
            ok = ratio >= 0.10 and r["p99"] < 250 and not r["errors"]
        verdict = "ok" if ok else "MISSED"
        if target == "—" and label != "static file":
            verdict = "—"
        if r.get("problems"):
            ok, verdict = False, "CHECK FAILED"
        if not ok:
            missed.append(f"{db} {label}")
        lines.append(
            f"| {label} | {r['rps']:.1f} | {r['p50']:.2f} | {r['p99']:.2f} | {static:.1f} | {ratio:.1%} | {r['errors']} | {target} | {verdict} |"
        )
        if "answers" in r:
            note = f"{label}: {r['requests']:,} requests in {r['seconds']:.1f} s"
            if "pages" in r:
                note += (
                    f" ({r['pages']['program']:,} program pages and {r['pages']['explorer']:,}"
                    f" explorer URLs; {r['asked']:,} asked for, {r['distinct']:,} distinct)"
                )
            note += f"; X-Page-Cache: {answers_text(r['answers'])}"
            if "static_sent" in r:
                note += f"; static file in the slices' tails: {r['static_answered']:,} not counted"
            notes += [note] + [f"{label}: CHECK FAILED: {p}" for p in r.get("problems", [])]
    print("\n".join([*lines, "", *notes]))
    return missed


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--programs", type=int, default=10_000)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--db", default="sqlite,postgres")
    parser.add_argument("--json", help="also write the raw numbers here")
    parser.add_argument("--rows", help="only the single-URL rows whose label holds these words")
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
        print("\nMissed targets or failed checks: " + ", ".join(missed))
        sys.exit(1)
    print("\nAll targets met.")


if __name__ == "__main__":
    main()
