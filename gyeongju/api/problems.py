"""Errors as ``application/problem+json`` (RFC 9457), with a Korean ``title`` and ``detail``.

Every error under /api/v1/ answers this way, whoever made it: the API's own checks (a bad
parameter, an unknown object), django-ninja's validation, Django's 404 for an unknown path, a 405,
the rate limit's 429 and even a 500 (``middleware.ApiMiddleware`` rewrites any other error body).
"""

import json

from django.conf import settings
from django.http import HttpResponse

CONTENT_TYPE = "application/problem+json; charset=utf-8"

# status → (slug of the docs' anchor, title, detail when the caller gives none)
KINDS = {
    400: ("bad-parameter", "요청 조건이 올바르지 않습니다", "요청한 조건을 확인해 주세요."),
    404: (
        "not-found",
        "찾을 수 없습니다",
        "그런 주소나 자료가 없습니다. 공개되지 않았거나 주소가 바뀌었을 수 있습니다.",
    ),
    405: (
        "method-not-allowed",
        "허용되지 않는 요청 방식입니다",
        "이 API는 읽기 전용입니다. GET(또는 HEAD)으로 요청해 주세요.",
    ),
    429: (
        "rate-limited",
        "요청이 너무 많습니다",
        "같은 주소에서 짧은 시간에 너무 많이 요청했습니다. Retry-After 머리글의 초만큼 기다린 뒤 다시 요청해 주세요.",
    ),
    500: (
        "server-error",
        "일시적인 오류가 발생했습니다",
        "잠시 뒤에 다시 시도해 주세요. 문제가 계속되면 경주시에 알려 주세요.",
    ),
    503: (
        "unavailable",
        "잠시 서비스를 이용할 수 없습니다",
        "자료를 보관하는 데이터베이스에 연결할 수 없습니다. 잠시 뒤에 다시 시도해 주세요.",
    ),
}
OTHER = ("error", "요청을 처리할 수 없습니다", "요청을 확인해 주세요.")


class ApiProblem(Exception):
    """Raised by an endpoint: answered as a problem with this status."""

    def __init__(self, status: int, detail: str, *, errors: list[dict] | None = None):
        super().__init__(detail)
        self.status, self.detail, self.errors = status, detail, errors or []


def bad_parameters(errors: list[dict]) -> ApiProblem:
    """A 400 naming each bad parameter (``{"parameter": name, "detail": Korean}``)."""
    names = ", ".join(f"‘{error['parameter']}’" for error in errors[:5])
    return ApiProblem(400, f"조건 {names}을(를) 확인해 주세요.", errors=errors)


def problem_body(status: int, path: str, detail: str | None = None, errors=None) -> dict:
    slug, title, default = KINDS.get(status, OTHER)
    body = {
        "type": f"{settings.SITE_URL}/api/#problem-{slug}",
        "title": title,
        "status": status,
        "detail": detail or default,
        "instance": path,
    }
    if errors:
        body["errors"] = errors
    return body


def problem_response(request, status: int, detail: str | None = None, *, errors=None):
    body = problem_body(status, request.get_full_path(), detail, errors)
    response = HttpResponse(
        json.dumps(body, ensure_ascii=False), status=status, content_type=CONTENT_TYPE
    )
    response["Cache-Control"] = "no-store"
    return response


def is_problem(response) -> bool:
    return response.get("Content-Type", "").startswith("application/problem+json")
