import contextlib
import logging

from django.db import DatabaseError, InterfaceError, OperationalError, close_old_connections

logger = logging.getLogger("gyeongju")

PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=(), interest-cohort=()"
)


class SecurityHeadersMiddleware:
    """Headers Django's SecurityMiddleware does not set on its own."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        response.headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        return response


def database_unavailable(error: Exception) -> bool:
    """Connection-level failures, not a bad query: the database is down or unreachable."""
    if isinstance(error, InterfaceError):
        return True
    if isinstance(error, OperationalError):
        text = str(error).lower()
        return any(
            marker in text
            for marker in (
                "connection",
                "could not connect",
                "server closed",
                "terminating",
                "unable to open database",
                "database is locked",
                "timeout",
                "the database system is",
            )
        )
    return False


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
        # Drop broken connections so the next request reconnects when the database is back.
        close_old_connections()
        from django.db import connections

        for conn in connections.all(initialized_only=True):
            conn.close_if_unusable_or_obsolete()
            with contextlib.suppress(DatabaseError):
                conn.close()
        from .views import database_down_page

        return database_down_page(request)
