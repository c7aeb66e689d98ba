"""Whole-page cache for anonymous GETs, keyed on what the page shows, with ETag/Last-Modified.

Views opt in with ``@cached_page(stamp)``. The stamp is one small query naming the version of the
data the page shows: the site-wide ``ContentVersion`` for lists and aggregates, a program's own
``version`` for its pages. The key contains the stamp, so an admin edit (which moves the stamp in the
same transaction) is visible on the very next request on every app server, whether the cache is
each server's local memory or a shared Redis. Nothing is ever invalidated by hand or by time.

``PageCacheMiddleware`` sits right after WhiteNoise and answers hits (and conditional GETs with
304) before the rest of the middleware runs. Staff, whose session cookie marks them, always get a
freshly rendered page (they may be previewing drafts).
"""

import gzip
import hashlib
from dataclasses import dataclass
from datetime import datetime
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError
from django.http import HttpResponse, HttpResponseNotModified
from django.urls import Resolver404, get_urlconf
from django.utils.cache import patch_vary_headers
from django.utils.http import http_date, parse_http_date_safe, quote_etag

from .links import resolved
from .versioning import content_version

CACHE_SECONDS = 60 * 60 * 24
# Part of every key: entries written by an older release (another shape) are never read back.
STORE_FORMAT = 2
VARY_HEADERS = ("HTTP_HX_REQUEST", "HTTP_HX_TARGET", "HTTP_HX_HISTORY_RESTORE_REQUEST")
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


@dataclass(frozen=True)
class Stamp:
    token: str
    modified: datetime
    record: int | None = None  # the id of the record the page shows, when the stamp read it


def site_stamp(request, **kwargs) -> Stamp:
    counter, changed_at = content_version()
    request.content_version = counter  # the view reads the same version, not again
    return Stamp(f"site{counter}", changed_at)


def cached_page(stamp=site_stamp):
    """Mark a view as cacheable for anonymous visitors; ``stamp(request, **kwargs)`` → Stamp or
    None (None: do not cache this request, e.g. a missing record the view will 404 or redirect)."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            return view(request, *args, **kwargs)

        wrapped.page_stamp = stamp
        return wrapped

    return decorator


def cacheable_request(request) -> bool:
    # HEAD is GET without the body (the server drops it): the same headers, ETag and 304s.
    return request.method in ("GET", "HEAD") and settings.SESSION_COOKIE_NAME not in request.COOKIES


def page_key(request, stamp: Stamp) -> str:
    variant = "|".join(request.META.get(name, "") for name in VARY_HEADERS)
    raw = f"{STORE_FORMAT}|{stamp.token}|{request.path}|{request.META.get('QUERY_STRING', '')}|{variant}"
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
        stamp_of = getattr(match.func, "page_stamp", None)
        try:
            stamp = stamp_of(request, **match.kwargs) if stamp_of else None
        except DatabaseError:
            stamp = None  # the view will meet the same fault and answer 503
        if stamp is None:
            return self.get_response(request)
        request.page_stamp = stamp  # what the view may reuse instead of reading it again

        key = page_key(request, stamp)
        # Weak: the same page may go out gzipped or not (RFC 9110 8.8.3).
        etag = "W/" + quote_etag(key[5:29])
        validators = {
            "ETag": etag,
            "Last-Modified": http_date(int(stamp.modified.timestamp())),
            "Cache-Control": "public, no-cache",
        }
        if not_modified(request, etag, stamp.modified):
            response = HttpResponseNotModified()
            for name, value in validators.items():
                response[name] = value
            patch_vary_headers(response, PAGE_VARY)
            return response

        stored = cache.get(key)
        if stored is None:
            response = self.get_response(request)
            if response.status_code != 200 or response.streaming or response.cookies:
                return response
            headers = [(k, v) for k, v in response.items() if k.lower() not in UNSTORED_HEADERS]
            content = response.content
            gzipped = compress(content) if len(content) >= 200 else None
            stored = (response.status_code, headers, content, gzipped)
            cache.set(key, stored, CACHE_SECONDS)
            state = "miss"
        else:
            state = "hit"
        response = replay(request, stored)
        response["X-Page-Cache"] = state
        for name, value in validators.items():
            response[name] = value
        return response


def compress(content: bytes) -> bytes:
    """gzip at level 1, not Django's 6: a first visit's page is compressed in 0.1 ms instead of
    0.4 (an explorer page 0.3 instead of 0.7) for ~12 % more bytes, 5.8 KB rather than 5.1 for a
    program page, which still arrives in the first round trip."""
    return gzip.compress(content, compresslevel=1, mtime=0)


def replay(request, stored) -> HttpResponse:
    """The stored page, gzipped when the client takes it: compressed once, when it was stored
    (GZipMiddleware leaves an encoded response alone), not on every request."""
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
