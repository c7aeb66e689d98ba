"""Security headers on every kind of response: pages, htmx partials, downloads, feeds, errors, the
admin, and pages replayed from the page cache. Framing is allowed on the embed card only."""

import re
from html.parser import HTMLParser

import pytest

from gyeongju.facilities.models import Facility
from gyeongju.programs.models import Program
from tests.public import log_in

HTMX = {
    "HTTP_HX_REQUEST": "true",
    "HTTP_HX_TARGET": "results",
    "HTTP_HX_CURRENT_URL": "https://testserver/programs/",
}


@pytest.fixture
def program(seed):
    return Program.public_objects.order_by("pk").first()


def csp_of(response) -> dict[str, list[str]]:
    header = response.headers.get("Content-Security-Policy")
    assert header, f"no Content-Security-Policy on {response.request['PATH_INFO']}"
    directives = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            directives[words[0]] = words[1:]
    return directives


def assert_strict_headers(response, *, framable=False):
    path = response.request["PATH_INFO"]
    csp = csp_of(response)
    assert csp["default-src"] == ["'self'"], path
    for directive in ("script-src", "style-src"):
        sources = csp.get(directive, csp["default-src"])
        assert "'unsafe-inline'" not in sources, (path, directive)
        assert "'unsafe-eval'" not in sources, (path, directive)
        assert "*" not in sources and "data:" not in sources, (path, directive)
    assert csp["object-src"] == ["'none'"], path
    assert csp["base-uri"] == ["'self'"], path
    assert response.headers["X-Content-Type-Options"] == "nosniff", path
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin", path
    assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin", path
    permissions = response.headers["Permissions-Policy"]
    for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()"):
        assert feature in permissions, path
    assert "max-age=31536000" in response.headers["Strict-Transport-Security"], path
    if framable:
        assert "X-Frame-Options" not in response.headers, path
        assert csp["frame-ancestors"] != ["'none'"], path
    else:
        assert response.headers["X-Frame-Options"] == "DENY", path
        assert csp["frame-ancestors"] == ["'none'"], path


def public_urls(program):
    slug = program.slug
    facility = Facility.public_objects.order_by("pk").first()
    return [
        ("/", 200),
        ("/programs/", 200),
        ("/programs/?q=탄소&sort=name", 200),
        (f"/programs/{slug}/", 200),
        (f"/programs/{slug}/?as_of=2020-12-31", 200),
        (f"/programs/{slug}/?as_of=어제", 400),
        (f"/programs/{slug}/history/", 200),
        (f"/programs/{slug}/og.png", 200),
        ("/programs/download.csv?q=탄소", 200),
        ("/programs/download.xlsx", 200),
        ("/programs/download.json", 200),
        ("/programs/download.pdf", 404),
        ("/facilities/", 200),
        (f"/facilities/{facility.slug}/", 200),
        ("/funding/", 200),
        ("/funding/national/", 200),
        ("/outcomes/", 200),
        ("/data/", 200),
        ("/data/programs.csv", 200),
        ("/data/outcomes.json", 200),
        ("/feeds/updates/", 200),
        ("/feeds/programs/?q=탄소", 200),
        (f"/feeds/programs/{slug}/", 200),
        ("/sitemap.xml", 200),
        ("/robots.txt", 200),
        (f"/oembed/?url=https://testserver/programs/{slug}/", 200),
        ("/oembed/?url=https://example.com/", 404),
        ("/privacy/", 200),
        ("/copyright/", 200),
        ("/no-such-page/", 404),
        ("/programs/no-such-program/", 404),
        ("/admin/login/", 200),
        ("/admin/", 302),
    ]


@pytest.mark.django_db
def test_every_public_response_carries_the_security_headers(web, program):
    for url, status in public_urls(program):
        response = web.get(url)
        assert response.status_code == status, url
        assert_strict_headers(response)


@pytest.mark.django_db
def test_htmx_partials_carry_the_security_headers(web, program):
    response = web.get("/programs/?category=mobility&q=배터리", **HTMX)
    assert response.status_code == 200
    assert b"<html" not in response.content  # the partial, not the page
    assert_strict_headers(response)
    explorer = web.get("/programs/", HTTP_HX_REQUEST="true", HTTP_HX_TARGET="explorer")
    assert explorer.status_code == 200
    assert_strict_headers(explorer)


@pytest.mark.django_db
def test_pages_replayed_from_the_page_cache_keep_their_headers(web, program):
    urls = ["/", "/programs/", f"/programs/{program.slug}/", "/feeds/updates/", "/robots.txt"]
    for url in urls:
        first = web.get(url)
        replay = web.get(url)
        assert first.headers["X-Page-Cache"] == "miss", url
        assert replay.headers["X-Page-Cache"] == "hit", url
        assert_strict_headers(replay)
    first = web.get("/programs/?q=탄소", **HTMX)
    replay = web.get("/programs/?q=탄소", **HTMX)
    assert replay.headers["X-Page-Cache"] == "hit"
    assert replay.content == first.content
    assert_strict_headers(replay)


@pytest.mark.django_db
def test_only_the_embed_card_may_be_framed(web, program):
    url = f"/programs/{program.slug}/embed/"
    first = web.get(url)
    assert first.status_code == 200
    assert_strict_headers(first, framable=True)
    replay = web.get(url)
    assert replay.headers["X-Page-Cache"] == "hit"
    assert_strict_headers(replay, framable=True)
    # Its neighbours stay unframable, also for a missing or draft program's embed URL.
    assert_strict_headers(web.get(f"/programs/{program.slug}/"))
    missing = web.get("/programs/no-such-program/embed/")
    assert missing.status_code == 404
    assert_strict_headers(missing)


@pytest.mark.django_db
def test_the_admin_carries_the_security_headers(web, admin_user):
    log_in(web, admin_user)
    for url in ("/admin/", "/admin/programs/program/", "/admin/programs/program/add/"):
        response = web.get(url)
        assert response.status_code == 200, url
        assert_strict_headers(response)


@pytest.mark.django_db
def test_a_wrong_method_answers_with_the_headers(web, program):
    response = web.post("/programs/")
    assert response.status_code == 405
    assert_strict_headers(response)


class _InlineCode(HTMLParser):
    """Anything a strict CSP would block: inline script, inline style, event handler attributes."""

    def __init__(self):
        super().__init__()
        self.problems: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script":
            data_block = attrs.get("type") == "application/ld+json"
            if not attrs.get("src") and not data_block:
                self.problems.append("inline <script>")
        if tag == "style":
            self.problems.append("<style> element")
        if "style" in attrs:
            self.problems.append(f"style attribute on <{tag}>")
        for name in attrs:
            if name.startswith("on") or name.startswith("hx-on") or name.startswith("data-hx-on"):
                self.problems.append(f"{name} handler on <{tag}>")
        for name, value in attrs.items():
            if value and re.match(r"\s*javascript:", value, re.I):
                self.problems.append(f"javascript: URL in {name}")


@pytest.mark.django_db
def test_public_pages_need_nothing_the_csp_forbids(web, program):
    """No inline script or style and no handler attributes: the strict CSP breaks nothing."""
    htmlish = [url for url, status in public_urls(program) if status != 302]
    htmlish += [f"/programs/{program.slug}/embed/"]
    for url in htmlish:
        response = web.get(url)
        if not response.get("Content-Type", "").startswith("text/html"):
            continue
        parser = _InlineCode()
        parser.feed(response.content.decode())
        assert parser.problems == [], url
    home = web.get("/").content.decode()
    # htmx must not inject its indicator <style> nor evaluate strings.
    assert '"includeIndicatorStyles":false' in home
    assert '"allowEval":false' in home


@pytest.mark.django_db
def test_revalidating_the_embed_card_keeps_it_framable(web, program):
    """Browsers copy a 304's headers onto the page they kept: a 304 must not forbid framing."""
    url = f"/programs/{program.slug}/embed/"
    first = web.get(url)
    revalidated = web.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert revalidated.status_code == 304
    assert "X-Frame-Options" not in revalidated.headers
    assert "frame-ancestors 'none'" not in revalidated.get("Content-Security-Policy", "")
    assert revalidated["X-Content-Type-Options"] == "nosniff"
