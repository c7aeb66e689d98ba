"""The site's own error pages, in Korean, for 400, 404, 500 and a database that cannot be reached."""

import logging
import sys

from django.db import DatabaseError, InterfaceError, OperationalError, connections
from django.http import HttpResponse
from django.template.loader import render_to_string

from .context_processors import site
from .seo import PageMeta

logger = logging.getLogger("gyeongju")


def bad_request(request, exception=None):
    return error_page(
        request,
        400,
        "요청을 처리할 수 없습니다",
        "주소나 입력한 값이 올바르지 않습니다. 주소를 확인하거나 처음부터 다시 시도해 주세요.",
    )


def page_not_found(request, exception=None):
    return error_page(
        request,
        404,
        "페이지를 찾을 수 없습니다",
        "주소가 바뀌었거나 공개되지 않은 페이지입니다. 사업 찾기에서 찾아보세요.",
    )


def server_error(request):
    # A database fault raised outside a view (middleware, a session save) still gets the 503 page.
    error = sys.exc_info()[1]
    if error is not None and database_unavailable(error):
        drop_broken_connections()
        return database_down_page(request)
    return error_page(
        request,
        500,
        "일시적인 오류가 발생했습니다",
        "잠시 뒤에 다시 시도해 주세요. 문제가 계속되면 담당 부서에 알려 주세요.",
    )


def error_page(request, status, title, message):
    meta = PageMeta(title=title, path=request.path, noindex=True)
    body = render_to_string(
        "error.html",
        {"status": status, "title": title, "message": message, "meta": meta, **site(request)},
    )
    return HttpResponse(body, status=status)


def database_down_page(request):
    response = error_page(
        request,
        503,
        "잠시 서비스를 이용할 수 없습니다",
        "자료를 보관하는 데이터베이스에 연결할 수 없습니다. 잠시 뒤에 다시 시도해 주세요. "
        "연결이 돌아오면 자동으로 다시 열립니다.",
    )
    response["Retry-After"] = "30"
    response["Cache-Control"] = "no-store"
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


def drop_broken_connections():
    """Close this thread's connections so the next request reconnects when the database is back."""
    for conn in connections.all(initialized_only=True):
        try:
            conn.close()
        except DatabaseError:
            logger.info("a broken connection could not be closed cleanly", exc_info=True)
