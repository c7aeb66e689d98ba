"""Whole public pages for anonymous visitors, rendered once for each version of what they show.

A view opts in with ``@cached_page(stamp, params=…, partials=…, keep=…)``:

* ``stamp(request, **kwargs)`` → ``Stamp`` or None: one small read naming the version of the data
  the page shows. Lists, home and feeds take the site-wide content version (``site_stamp``); a
  program's pages take that program's own version. None: this request is not cached (a draft, a
  renamed slug, a missing record: the view decides). An edit moves the stamp in its own
  transaction, so it shows on the next request on every app server, whatever the cache.
* ``params``: the query parameters the view reads, in the order its form lists them. A page is
  stored under those parameters in a normal form (in that order, empty values dropped), and the
  view is handed that normal form, so ``?b=2&a=1&q=`` and ``?a=1&b=2`` are one page. A request
  with any other parameter is answered but never stored: fifty junk variants of a URL add no
  entry.
* ``partials``: the ``HX-Target`` values that pick a block of the page (htmx). An htmx request for
  another target is answered, not stored. A view without partials answers htmx with its page.
* ``keep``: the page (its plain URL, no query) is also kept in the database (``StoredPage``), so
  every process and app server finds it, after a restart too. ``refresh(paths)`` renders such
  pages when an edit commits, so that no visitor waits for the render.

``PageCacheMiddleware`` sits right after WhiteNoise: a stored page is answered (or a conditional
GET with 304) before sessions, CSRF, auth and the view run. Staff, whose session cookie marks them,
always get a fresh page: they may be previewing drafts. Keys also name the code release, so a
deploy never answers with a page rendered by older templates.
"""

import gzip
import hashlib
import io
import logging
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, time
from functools import cache, wraps
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache import cache as page_store
from django.core.handlers.base import BaseHandler
from django.core.handlers.wsgi import WSGIRequest
from django.db import DatabaseError
from django.http import HttpResponse, HttpResponseNotModified, QueryDict
from django.http.request import validate_host
from django.urls import Resolver404, get_urlconf
from django.utils import timezone
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.http import http_date, parse_http_date_safe, quote_etag

from .dates import SEOUL
from .links import resolved
from .models import StoredPage
from .versioning import content_version

logger = logging.getLogger("gyeongju")

CACHE_SECONDS = 60 * 60 * 24
# Part of every key: entries written by an older shape of this code are never read back.
STORE_FORMAT = 3
# What an answer from here depends on: the headers in the key, the session cookie (staff are not
# answered from here) and gzip. Sent on every 200 and 304 from here, so a 304 names the same
# request headers as the page it stands for (RFC 9110 15.4.5), whichever view rendered it.
PAGE_VARY = ("Cookie", "HX-Request", "HX-Target", "HX-History-Restore-Request", "Accept-Encoding")
# Every header of the rendered response is replayed (CSP, X-Frame-Options, Vary …) except these.
UNSTORED_HEADERS = {
    "set-cookie",
    "date",
    "content-length",
    "etag",
    "last-modified",
    "cache-control",
    "x-page-cache",
}
# Set on the requests ``refresh`` makes: render and store, whatever is stored already.
REFRESH = "gyeongju.page_cache.refresh"


@dataclass(frozen=True)
class Stamp:
    token: str
    modified: datetime
    record: int | None = None  # the id of the record the page shows, when the stamp read it


@dataclass(frozen=True)
class PageOptions:
    stamp: object
    params: tuple
    partials: tuple
    keep: bool


def site_stamp(request, **kwargs) -> Stamp:
    version = content_version()
    request.content_version = version  # the view reads the same version, not again
    # What is late, and this year's execution, are judged on today's date: a new page each day.
    today = timezone.localdate()
    modified = max(version.changed_at, datetime.combine(today, time.min, tzinfo=SEOUL))
    return Stamp(f"site{version.token}.{today.isoformat()}", modified)


def cached_page(stamp=site_stamp, *, params: Iterable[str] = (), partials=(), keep=False):
    """Mark a view as stored for anonymous visitors (see the module's docstring)."""
    options = PageOptions(stamp, tuple(params), tuple(partials), keep)

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            return view(request, *args, **kwargs)

        wrapped.page_cache = options
        return wrapped

    return decorator


def cacheable_request(request) -> bool:
    # HEAD is GET without the body (the server drops it): the same headers, ETag and 304s.
    return request.method in ("GET", "HEAD") and settings.SESSION_COOKIE_NAME not in request.COOKIES


def normal_form(request, options: PageOptions) -> tuple[str, str] | None:
    """(query, variant) the page is stored under, or None when it is answered but not stored."""
    if any(name not in options.params for name in request.GET):
        return None
    query = QueryDict(mutable=True)
    for name in sorted(request.GET, key=options.params.index):  # each one's values keep their order
        for value in request.GET.getlist(name):
            if value != "":
                query.appendlist(name, value)
    variant = ""
    partial = request.headers.get("HX-Request") == "true" and not request.headers.get(
        "HX-History-Restore-Request"
    )
    if options.partials and partial:  # else the whole page, which a history restore gets too
        target = request.headers.get("HX-Target")
        if target not in options.partials:
            return None
        variant = f"hx:{target}"
    return query.urlencode(), variant


def release() -> str:
    """The code a page was rendered by: templates, Python modules and the static files manifest.
    Worked out once per process, but on every call with DEBUG on, so a template edit shows."""
    return _release() if not settings.DEBUG else _release.__wrapped__()


@cache
def _release() -> str:
    digest = hashlib.sha1(str(STORE_FORMAT).encode())
    base = Path(settings.BASE_DIR)
    manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"
    files = [*sorted(base.glob("templates/**/*")), *sorted(base.glob("gyeongju/**/*.py")), manifest]
    for path in files:
        if path.is_file():
            digest.update(
                str(path.relative_to(base) if path.is_relative_to(base) else path).encode()
            )
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def page_key(request, stamp: Stamp, query: str, variant: str) -> str:
    raw = f"{release()}|{stamp.token}|{request.path}|{query}|{variant}"
    return "page:" + hashlib.sha256(raw.encode()).hexdigest()[:40]


def accepts_gzip(request) -> bool:
    return "gzip" in request.META.get("HTTP_ACCEPT_ENCODING", "").lower()


def not_modified(request, etag: str, modified: datetime) -> bool:
    if_none_match = request.META.get("HTTP_IF_NONE_MATCH")
    if if_none_match is not None:
        # If-None-Match compares weakly (RFC 9110 13.1.2): GZipMiddleware sends our tag as W/"…".
        return (
            etag.removeprefix("W/")
            in {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
            or if_none_match.strip() == "*"
        )
    since = parse_http_date_safe(request.META.get("HTTP_IF_MODIFIED_SINCE", ""))
    return since is not None and int(modified.timestamp()) <= since


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not cacheable_request(request):
            return self.get_response(request)
        try:
            match = resolved(request.path_info, get_urlconf())
        except Resolver404:
            return self.get_response(request)
        options = getattr(match.func, "page_cache", None)
        if options is None:
            return self.get_response(request)
        form = normal_form(request, options)
        if form is None:  # answered, never stored; shared caches ask again, as for a stored page
            response = self.get_response(request)
            patch_vary_headers(response, PAGE_VARY)
            if response.status_code == 200 and not response.has_header("Cache-Control"):
                patch_cache_control(response, public=True, no_cache=True)
            return response
        try:
            stamp = options.stamp(request, **match.kwargs)
        except DatabaseError:
            stamp = None  # the view will meet the same fault and answer 503
        if stamp is None:
            return self.get_response(request)
        request.page_stamp = stamp  # what the view may reuse instead of reading it again
        query, variant = form
        refreshing = request.META.get(REFRESH) is True
        kept = options.keep and not query and not variant

        key = page_key(request, stamp, query, variant)
        # Weak: the same page may go out gzipped or not (RFC 9110 8.8.3).
        etag = "W/" + quote_etag(key[5:29])
        validators = {
            "ETag": etag,
            "Last-Modified": http_date(int(stamp.modified.timestamp())),
            "Cache-Control": "public, no-cache",
        }
        if not refreshing and not_modified(request, etag, stamp.modified):
            response = HttpResponseNotModified()
            for name, value in validators.items():
                response[name] = value
            patch_vary_headers(response, PAGE_VARY)
            return response

        stored, state = (None, "miss") if refreshing else (page_store.get(key), "hit")
        if stored is None and kept and not refreshing:
            stored, state = kept_page(request.path, stamp), "kept"
            if stored is not None:
                page_store.set(key, stored, CACHE_SECONDS)
        if stored is None:
            state = "miss"
            # The view renders the normal form of the query: the page stored is the page asked.
            request.META["QUERY_STRING"] = query
            request.GET = QueryDict(query)
            response = self.get_response(request)
            if response.status_code != 200 or response.streaming or response.cookies:
                return response
            headers = [(k, v) for k, v in response.items() if k.lower() not in UNSTORED_HEADERS]
            content = response.content
            gzipped = compress(content) if len(content) >= 200 or kept else None
            stored = (response.status_code, headers, content, gzipped)
            page_store.set(key, stored, CACHE_SECONDS)
            if kept:
                keep_page(request.path, stamp, headers, gzipped)
        response = replay(request, stored)
        response["X-Page-Cache"] = state
        for name, value in validators.items():
            response[name] = value
        return response


def compress(content: bytes) -> bytes:
    """gzip at level 1, not Django's 6: a quarter of the time for slightly more bytes
    (docs/performance.md). Compressed once, when stored, not on every answer."""
    return gzip.compress(content, compresslevel=1, mtime=0)


def replay(request, stored) -> HttpResponse:
    """The stored page, gzipped when the client takes it (GZipMiddleware leaves it alone)."""
    status, headers, content, gzipped = stored
    response = HttpResponse(status=status)
    for name, value in headers:
        response[name] = value
    if gzipped is not None and accepts_gzip(request):
        response.content = gzipped
        response["Content-Encoding"] = "gzip"
    else:
        response.content = content
    patch_vary_headers(response, PAGE_VARY)
    response["Content-Length"] = str(len(response.content))
    return response


# Pages kept in the database ----------------------------------------------------------------------


def kept_page(path: str, stamp: Stamp):
    found = (
        StoredPage.objects.filter(path=path, stamp=stamp.token, release=release())
        .values_list("headers", "content")
        .first()
    )
    if found is None:
        return None
    headers, gzipped = found[0], bytes(found[1])
    return 200, [tuple(header) for header in headers], gzip.decompress(gzipped), gzipped


def keep_page(path: str, stamp: Stamp, headers: list, gzipped: bytes) -> None:
    page = StoredPage(
        path=path,
        stamp=stamp.token,
        release=release(),
        headers=[list(header) for header in headers],
        content=gzipped,
        rendered_at=timezone.now(),
    )
    try:
        StoredPage.objects.bulk_create(
            [page],
            update_conflicts=True,
            unique_fields=["path"],
            update_fields=["stamp", "release", "headers", "content", "rendered_at"],
        )
    except DatabaseError:  # a page that cannot be kept is still answered
        logger.warning("page not kept: %s", path, exc_info=True)


def refresh_host(site) -> str:
    """The canonical host when this server answers to it, else one it does: the page is the same
    whatever the host (every absolute URL on it comes from SITE_URL)."""
    if validate_host(site.hostname or "", settings.ALLOWED_HOSTS):
        return site.netloc
    named = [host for host in settings.ALLOWED_HOSTS if host not in ("*", "") and host[0] != "."]
    return named[0] if named else "localhost"


@cache
def _handler() -> BaseHandler:
    handler = BaseHandler()
    handler.load_middleware()
    return handler


def refresh(paths: Iterable[str]) -> None:
    """Render these public pages now, as an anonymous visitor would get them, and store them:
    called when an edit commits, so that the first visitor after it finds the page ready."""
    site = urlsplit(settings.SITE_URL)
    host = refresh_host(site)
    environ = {
        "REQUEST_METHOD": "GET",
        "SCRIPT_NAME": "",
        "QUERY_STRING": "",
        "SERVER_NAME": site.hostname or "localhost",
        "SERVER_PORT": str(site.port or (443 if site.scheme == "https" else 80)),
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": host,
        "wsgi.url_scheme": "http",
        "wsgi.errors": sys.stderr,
        REFRESH: True,
    }
    if settings.SECURE_PROXY_SSL_HEADER:
        header, value = settings.SECURE_PROXY_SSL_HEADER
        environ[header] = value
    for path in paths:
        request = WSGIRequest({**environ, "PATH_INFO": path, "wsgi.input": io.BytesIO(b"")})
        try:
            status = _handler().get_response(request).status_code
        except Exception as error:  # the edit is saved: its page is rendered on first request
            status = f"{type(error).__name__}: {error}"
        if status != 200:
            logger.warning("page not refreshed (first visitor renders it): %s: %s", path, status)
