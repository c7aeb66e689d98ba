"""/api/ (the Korean docs page) and /api/v1/… (django-ninja), every GET route of which the page
cache stores per content version (lists, docs, the OpenAPI description) or per program version
(a program's detail), under the query parameters the route reads."""

from django.urls import URLPattern, URLResolver, path, re_path

from gyeongju.core.page_cache import PageOptions, site_stamp
from gyeongju.organisations.filters import OrganisationFilterForm
from gyeongju.places.filters import PlaceFilterForm
from gyeongju.programs.filters import ProgramFilterForm
from gyeongju.programs.views import program_stamp

from . import views
from .api import OutcomeQuery, api
from .params import PAGING

# url name → (stamp, the query parameters the route reads)
CACHED = {
    "programs": (site_stamp, (*ProgramFilterForm.base_fields, *PAGING)),
    "program": (program_stamp, ("as_of",)),
    "facilities": (site_stamp, PAGING),
    "facility": (site_stamp, ()),
    "funding": (site_stamp, ()),
    "outcomes": (site_stamp, tuple(OutcomeQuery.model_fields)),
    "organisations": (site_stamp, (*OrganisationFilterForm.base_fields, *PAGING)),
    "organisation": (site_stamp, ()),
    "places": (site_stamp, (*PlaceFilterForm.base_fields, *PAGING)),
    "place": (site_stamp, ()),
    "years": (site_stamp, ()),
}


def mark_cached(patterns):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            mark_cached(pattern.url_patterns)
        elif isinstance(pattern, URLPattern) and pattern.name in CACHED:
            stamp, params = CACHED[pattern.name]
            pattern.callback.page_cache = PageOptions(stamp, params, (), False)
    return patterns


ninja_urls = api.urls  # (patterns, app name, namespace): not names of this module's own
mark_cached(ninja_urls[0])

urlpatterns = [
    path("api/", views.api_docs, name="api_docs"),
    path("api/v1/", views.api_index, name="api_index"),
    path("api/v1/openapi.json", views.openapi_json, name="openapi_json"),
    path("api/v1/", ninja_urls),
    re_path(r"^api/v1/(?P<rest>.*)$", views.unknown_path),
]
