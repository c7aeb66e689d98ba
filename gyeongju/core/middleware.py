import logging

from csp.utils import build_policy
from django.conf import settings
from django.contrib import auth
from django.db import DatabaseError
from django.utils.cache import patch_vary_headers

from .errors import database_down_page, database_unavailable, drop_broken_connections

logger = logging.getLogger("gyeongju")

PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=(), interest-cohort=()"
)


class SecurityHeadersMiddleware:
    """Headers Django's SecurityMiddleware does not set on its own, on every response.

    It sits right after SecurityMiddleware, outside the CSP and clickjacking middleware, so it also
    sees responses that never passed those: error pages made when a middleware fails (a bad Host
    header, a database fault). Those get the site's strict policy and DENY; a response that already
    has a policy (every view's, the embed card's) keeps its own. A 304 gets none: browsers copy its
    headers onto the page they kept, which would forbid framing the embed card.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        response.headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        # Django's technical 404/500 pages in DEBUG need their inline styles (as django-csp does).
        debug_page = settings.DEBUG and response.status_code in (404, 500)
        not_modified = response.status_code == 304
        if "Content-Security-Policy" not in response.headers and not (debug_page or not_modified):
            response.headers["Content-Security-Policy"] = build_policy()
            response.headers.setdefault("X-Frame-Options", "DENY")
        return response


class DatabaseUnavailableMiddleware:
    """A Korean 503 page when the database cannot be reached; the next request tries again."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, DatabaseError) or not database_unavailable(exception):
            return None
        logger.error("database unavailable: %s", exception)
        drop_broken_connections()
        return database_down_page(request)


class PrivateResponsesMiddleware:
    """Whatever is made for a logged-in user, a draft on its public URL, a preview of a pending
    revision, an admin screen, is theirs alone: ``Cache-Control: private, no-store`` (no shared
    cache keeps it, no browser writes it to disk), whatever the view set. That includes a session
    whose login is not complete (StaffSessionMiddleware treats it as anonymous)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.user.is_authenticated or auth.SESSION_KEY in request.session:
            response["Cache-Control"] = "private, no-store"
            patch_vary_headers(response, ("Cookie",))
        return response
