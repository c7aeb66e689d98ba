"""Fixtures for the browser suite: Debian's Chromium through Playwright, against a live server.

Locally, a machine without Chromium, Java or the npm tools skips these tests; under CI=true a
missing tool fails them, so a broken CI image cannot pass by skipping.
"""

import json
import os
import shutil
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from django.core.management import call_command

from scripts.chromium import CHROMIUM_ARGS, CHROMIUM_PATH
from tests.factories import restore_staff_groups

ROOT = Path(__file__).resolve().parents[2]
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
CHROMIUM = CHROMIUM_PATH
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
PHONE = {"width": 390, "height": 844}
SMALL_PHONE = {"width": 320, "height": 640}  # WCAG 1.4.10: reflow at 320 CSS px
DESKTOP = {"width": 1280, "height": 900}


def missing(what: str) -> None:
    """Fail under CI, skip elsewhere."""
    message = f"{what} (see DEVELOPERS.md: apt-get install -y chromium fonts-noto-cjk; npm ci)"
    if IN_CI:
        pytest.fail(f"CI에 필요한 도구가 없습니다: {message}", pytrace=False)
    pytest.skip(message)


@pytest.fixture(scope="session")
def browser():
    if not os.access(CHROMIUM, os.X_OK):
        missing(f"Chromium not found at {CHROMIUM}")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing("the playwright Python package is not installed")
    # Playwright's sync API keeps an event loop running in this thread; Django's ORM (loaddata in
    # the fixtures below) refuses to run beside one unless told it is safe, which it is here.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            yield chromium
            chromium.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(scope="session")
def live_server(django_db_setup):
    """pytest-django's live server, but speaking plain HTTP: with DEBUG off the settings turn on
    the HTTPS redirect and HSTS, which SecurityMiddleware reads once, when the server starts."""
    from django.test.utils import override_settings
    from pytest_django.live_server_helper import LiveServer

    with override_settings(SECURE_SSL_REDIRECT=False, SECURE_HSTS_SECONDS=0):
        server = LiveServer("localhost")
    yield server
    server.stop()


@pytest.fixture
def site(browser, live_server, transactional_db):
    """The live server's base URL, with the seed portfolio loaded (and flushed after the test).
    What the migrations made (the 편집자 and 승인자 groups with their permissions), which the
    previous test's flush removed, is made again."""
    restore_staff_groups()
    call_command("loaddata", "portfolio", verbosity=0)
    return live_server.url


@pytest.fixture
def context(browser):
    ctx = browser.new_context(viewport=DESKTOP, locale="ko-KR")
    yield ctx
    ctx.close()


@pytest.fixture
def page(context):
    return context.new_page()


@pytest.fixture(scope="session")
def axe_source():
    if not AXE_JS.is_file():
        missing(f"{AXE_JS.relative_to(ROOT)} is missing")
    return AXE_JS.read_text(encoding="utf-8")


@pytest.fixture
def axe(axe_source):
    """axe(page) → the page's violations as readable lines (empty when clean)."""

    def run(page) -> list[str]:
        # evaluate() goes through DevTools, so the site's strict CSP does not block it.
        if not page.evaluate("() => typeof window.axe === 'object'"):
            page.evaluate(axe_source)
        violations = page.evaluate(
            "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})"
            ".then(r => r.violations.map(v => ({id: v.id, help: v.help,"
            " nodes: v.nodes.map(n => n.target.join(' '))})))",
            AXE_TAGS,
        )
        return [f"{v['id']}: {v['help']} @ {', '.join(v['nodes'][:5])}" for v in violations]

    return run


@pytest.fixture(scope="session")
def vnu_service():
    """The Nu HTML checker as a local HTTP service: one JVM start for the whole suite."""
    java = shutil.which("java")
    if java is None:
        missing("java is not installed (the Nu HTML checker needs it)")
    if not VNU_JAR.is_file():
        missing(f"{VNU_JAR.relative_to(ROOT)} is missing")
    from tests.browser.prodserver import free_port

    port = free_port()
    process = subprocess.Popen(
        [
            java,
            "-Xss2m",
            "-Dnu.validator.servlet.bind-address=127.0.0.1",
            "-cp",
            str(VNU_JAR),
            "nu.validator.servlet.Main",
            str(port),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/?out=json&level=error"
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2).close()
            break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                pytest.fail("the Nu HTML checker service did not start", pytrace=False)
            time.sleep(0.3)
    yield url
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture
def vnu(vnu_service):
    """vnu(html) → the Nu HTML checker's errors for one document, as readable lines."""

    def check(html: str) -> list[str]:
        request = urllib.request.Request(
            vnu_service,
            data=html.encode("utf-8"),
            headers={"Content-Type": "text/html; charset=utf-8"},
        )
        with urllib.request.urlopen(request, timeout=60) as response:
            messages = json.load(response)["messages"]
        return [
            f"{m.get('lastLine', '?')}:{m.get('firstColumn', '?')} {m['type']}: {m['message']}"
            f" [{m.get('extract', '').strip()[:80]}]"
            for m in messages
            if m["type"] in {"error", "non-document-error"} or m.get("subType") == "fatal"
        ]

    return check


def fetch(url: str) -> tuple[int, str]:
    """Status and text of a GET, error statuses included (the 404 page is checked too)."""
    url = urllib.parse.quote(url, safe=":/?=&%")
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")


@pytest.fixture(scope="session")
def production_site(browser):
    """A seeded production-mode server (gunicorn, whitenoise, DEBUG off) for what a visitor gets."""
    from tests.browser.prodserver import production_server

    with production_server() as url:
        yield url
