"""/api/: the API's Korean documentation, made from its OpenAPI description (no outside assets)."""

from django.conf import settings
from django.http import HttpResponsePermanentRedirect, JsonResponse
from django.shortcuts import render
from django.urls import Resolver404, resolve
from django.views.decorators.http import require_safe

from gyeongju.core.page_cache import cached_page

from . import docs
from .api import api
from .problems import problem_response


@require_safe
@cached_page()
def api_docs(request):
    context = {
        "nav": "api",
        "meta": docs.docs_page_meta(),
        "endpoints": docs.endpoints(api.get_openapi_schema(path_prefix="/api/v1")),
        "base": settings.SITE_URL + "/api/v1",
        "rate_limit": settings.API_RATE_LIMIT,
        "rate_period": settings.API_RATE_PERIOD,
        "problems": docs.PROBLEMS,
    }
    return render(request, "api/docs.html", context)


def unknown_path(request, rest=""):
    """Any other address under /api/v1/: a 404 as problem+json, not the site's HTML page; an
    address that only lacks its final slash is sent on to it, as Django does for pages."""
    if not request.path_info.endswith("/"):
        try:
            match = resolve(request.path_info + "/")
        except Resolver404:
            match = None
        if match is not None and match.func is not unknown_path:
            query = request.META.get("QUERY_STRING", "")
            return HttpResponsePermanentRedirect(
                request.path + "/" + (f"?{query}" if query else "")
            )
    return problem_response(request, 404, "그런 API 주소가 없습니다. /api/에서 목록을 보세요.")


@require_safe
@cached_page()
def api_index(request):
    """What /api/v1/ offers, for a person or program that starts there."""
    base = settings.SITE_URL + "/api/v1"
    return JsonResponse(
        {
            "title": api.title,
            "version": api.version,
            "docs": settings.SITE_URL + "/api/",
            "openapi": base + "/openapi.json",
            "licence": "공공누리 제1유형(출처표시)",
            "endpoints": {
                "programs": base + "/programs/",
                "facilities": base + "/facilities/",
                "funding": base + "/funding/",
                "outcomes": base + "/outcomes/",
                "organisations": base + "/organisations/",
                "places": base + "/places/",
                "years": base + "/years/",
            },
        },
        json_dumps_params={"ensure_ascii": False},
    )


@require_safe
@cached_page()
def openapi_json(request):
    """The OpenAPI 3.1 description, written by django-ninja from the code, with Korean as is."""
    return JsonResponse(api.get_openapi_schema(), json_dumps_params={"ensure_ascii": False})
