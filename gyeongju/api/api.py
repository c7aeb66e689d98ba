"""/api/v1/: the portfolio as read-only JSON, described by OpenAPI 3.1 (django-ninja, decision 0013).

Endpoints are short: check the query (``params``), read with the public managers only, hand the
rows to ``presenters``. The page cache answers repeated calls (``urls.py`` marks each route), so
an endpoint runs once per content version and query.
"""

import json

from django.core.paginator import Paginator
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Prefetch
from django.http import Http404
from ninja import NinjaAPI, Query
from ninja.errors import HttpError, ValidationError
from ninja.renderers import BaseRenderer

from gyeongju.core.filters import RowsById
from gyeongju.core.seo import LICENCE_URL
from gyeongju.core.slugs import redirect_renamed
from gyeongju.core.versioning import content_version
from gyeongju.facilities.models import Facility
from gyeongju.funding.models import FUNDING_ORDER, Funding
from gyeongju.funding.selectors import funding_by_kind, programs_without_funding
from gyeongju.organisations import selectors as organisation_selectors
from gyeongju.organisations.filters import OrganisationFilterForm
from gyeongju.organisations.models import Organisation
from gyeongju.outcomes.filters import OutcomeFilterForm
from gyeongju.outcomes.models import Outcome
from gyeongju.places import selectors as place_selectors
from gyeongju.places.filters import PlaceFilterForm
from gyeongju.places.models import Place
from gyeongju.programs import history
from gyeongju.programs.filters import ProgramFilterForm
from gyeongju.programs.models import PortfolioYear, Program, ProgramPartner
from gyeongju.programs.presenters import ProgramPage
from gyeongju.programs.selectors import program_with_page_rows
from gyeongju.programs.snapshots import PageRows, snapshot_from_request

from . import presenters, schemas
from .params import PAGING, PER_PAGE, check, query_schema
from .problems import ApiProblem, bad_parameters, problem_response

DESCRIPTION = """경주시가 경제 활성화와 일자리를 위해 투자하는 사업의 공개 자료를 읽는 API입니다.
열쇠(API key) 없이 누구나 쓸 수 있고, 자료는 공공누리 제1유형(출처표시)으로 개방합니다.
금액은 원 단위 정수와 한국식 표기를 함께, 날짜는 ISO 8601로 답합니다. 공개된 자료만 답하며,
초안과 승인을 기다리는 변경은 나오지 않습니다. 오류는 application/problem+json(RFC 9457)입니다.
한국어 안내: /api/"""


class JSONRenderer(BaseRenderer):
    """UTF-8 JSON with Korean as it is (not \\u escapes): smaller, and readable."""

    media_type = "application/json"
    charset = "utf-8"

    def render(self, request, data, *, response_status):
        return json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)


class PortalAPI(NinjaAPI):
    def get_openapi_schema(self, **kwargs):
        """django-ninja's description, with the errors as they are sent: problem+json (RFC 9457),
        and the rate limit's Retry-After."""
        schema = super().get_openapi_schema(**kwargs)
        for operations in schema["paths"].values():
            for operation in operations.values():
                for status, response in operation.get("responses", {}).items():
                    if int(status) >= 400 and "application/json" in response.get("content", {}):
                        response["content"] = {
                            "application/problem+json": response["content"]["application/json"]
                        }
                    if int(status) == 429:
                        response["headers"] = {
                            "Retry-After": {
                                "description": "다시 요청할 수 있을 때까지 기다릴 초",
                                "schema": {"type": "integer", "minimum": 1},
                            }
                        }
        return schema


api = PortalAPI(
    title="경주시 투자사업 포털 공개 API",
    version="1.0.0",
    description=DESCRIPTION,
    urls_namespace="api",
    docs_url=None,  # the Korean docs page is ours (/api/), with nothing from another host
    renderer=JSONRenderer(),
    openapi_extra={
        "info": {
            "license": {
                "name": "공공누리 제1유형(출처표시)",
                "url": LICENCE_URL,
            },
        },
    },
)

ERRORS = {400: schemas.ProblemOut, 429: schemas.ProblemOut}
NO_PROGRAM = "그 주소의 공개 사업이 없습니다. 주소(slug)를 확인해 주세요."
NO_FACILITY = "그 주소의 공개 시설이 없습니다. 주소(slug)를 확인해 주세요."
NOT_FOUND = {**ERRORS, 404: schemas.ProblemOut}


# Errors ------------------------------------------------------------------------------------------


@api.exception_handler(ApiProblem)
def on_problem(request, error: ApiProblem):
    return problem_response(request, error.status, error.detail, errors=error.errors)


@api.exception_handler(ValidationError)
def on_validation_error(request, error: ValidationError):
    errors = []
    for item in error.errors:
        # django-ninja's location: ("query", "year"), or ("query", <argument>, "status", 0)
        location = [part for part in item.get("loc", ()) if isinstance(part, str)]
        named = [part for part in location if part in request.GET]
        name = named[-1] if named else (location[-1] if location else "?")
        errors.append({"parameter": name[:40], "detail": "값의 형식이나 범위가 올바르지 않습니다."})
    return on_problem(request, bad_parameters(errors))


@api.exception_handler(HttpError)
def on_http_error(request, error: HttpError):
    return problem_response(request, error.status_code)


@api.exception_handler(Http404)
def on_not_found(request, error):
    return problem_response(request, 404, str(error) or None)


# Pages of results ----------------------------------------------------------------------------------


def paged(request, queryset, fetch) -> dict:
    """One page of ``queryset`` (ids first, then ``fetch(ids)``), with the total and links."""
    page_number = int(request.GET.get("page", 1))
    per_page = int(request.GET.get("per_page", PER_PAGE))
    paginator = Paginator(RowsById(queryset, fetch), per_page)
    if page_number > paginator.num_pages:
        raise bad_parameters(
            [
                {
                    "parameter": "page",
                    "detail": f"{page_number}쪽은 없습니다. 마지막 쪽은 {paginator.num_pages}쪽입니다.",
                }
            ]
        )
    page = paginator.page(page_number)

    def link(number):
        query = request.GET.copy()
        query["page"] = str(number)
        return presenters.absolute(request.path) + "?" + query.urlencode()

    return {
        "count": paginator.count,
        "page": page.number,
        "per_page": per_page,
        "pages": paginator.num_pages,
        "next": link(page.number + 1) if page.has_next() else None,
        "previous": link(page.number - 1) if page.has_previous() else None,
        "results": list(page.object_list),
    }


# Programs ------------------------------------------------------------------------------------------

ProgramQuery = query_schema("ProgramQuery", ProgramFilterForm)


def program_summaries(ids: list[int]) -> list[dict]:
    programs = (
        Program.public_objects.filter(pk__in=ids)
        .select_related("category", "site", "cost_source")
        .defer("body", "search_text", "cost_source__text")
        .prefetch_related(
            Prefetch("funding", queryset=Funding.private_objects.order_by(*FUNDING_ORDER))
        )
    )
    found = {program.pk: program for program in programs}
    return [
        presenters.program_summary(found[pk], found[pk].funding_rows) for pk in ids if pk in found
    ]


@api.get(
    "/programs/",
    response={200: schemas.page_of(schemas.ProgramSummary), **ERRORS},
    summary="사업 목록",
    description="사업 찾기(/programs/)와 같은 조건, 검색, 정렬. 순서는 언제나 같고(같은 값이면 "
    "이름, 그다음 번호 순), next/previous로 다음·이전 쪽을 읽습니다.",
    tags=["사업"],
    url_name="programs",
)
def program_list(request, filters: Query[ProgramQuery]):
    form = ProgramFilterForm(request.GET, version=getattr(request, "content_version", None))
    check(request, form=form, allowed=PAGING)
    return paged(request, form.filter(Program.public_objects.all()), program_summaries)


class SnapshotQuery(schemas.Schema):
    as_of: str | None = schemas.Field(
        None,
        max_length=40,
        description="이날(한국 시간) 하루가 끝난 시점의 자료. 2021-05-01 (2021. 5. 1.도 읽습니다)",
    )


@api.get(
    "/programs/{slug}/",
    response={200: schemas.ProgramDetail, **NOT_FOUND},
    summary="사업 하나",
    description="사업 페이지가 보여 주는 모든 것: 재원, 연도별 예산과 집행(집행률), 추진 일정(지연 여부), "
    "성과(성숙도와 근거), 시설, "
    "참여 기관, 출처, 완성도, 공개된 변경 이력. as_of를 주면 그날의 자료(스냅숏)입니다. "
    "주소(slug)가 바뀐 사업의 이전 주소는 301로 새 주소를 알려 줍니다.",
    tags=["사업"],
    url_name="program",
)
def program_detail(request, slug: str, query: Query[SnapshotQuery]):
    check(request, allowed=("as_of",))
    program = program_with_page_rows(slug)
    if program is None:  # a renamed slug answers 301 to the current one, as the page does
        return redirect_renamed(request, slug, Program.public_objects.all(), not_found=NO_PROGRAM)
    snapshot = snapshot_from_request(request, program)
    if snapshot is not None and snapshot.error:
        if snapshot.day is None:
            raise bad_parameters([{"parameter": "as_of", "detail": snapshot.error}])
        raise ApiProblem(404, snapshot.error)
    timeline = history.program_timeline(program)
    if snapshot is None:
        page = ProgramPage(program, PageRows.of(program))
    else:
        page = ProgramPage(snapshot.program, snapshot.rows, snapshot)
        timeline = [item for item in timeline if item.when <= snapshot.end]
    return presenters.program_detail(page, timeline, snapshot)


# Facilities ----------------------------------------------------------------------------------------

PagingQuery = query_schema("PagingQuery")


def facility_rows():
    return Facility.public_objects.select_related("site", "operator", "source").defer(
        "source__text"
    )


def facilities_with_programs(ids):
    rows = facility_rows().prefetch_related(
        Prefetch("programs", queryset=Program.public_objects.only("slug", "name").order_by("name"))
    )
    found = rows.in_bulk(ids)
    return [presenters.facility(found[pk], found[pk].programs.all()) for pk in ids if pk in found]


@api.get(
    "/facilities/",
    response={200: schemas.page_of(schemas.FacilityOut), **ERRORS},
    summary="시설 목록",
    description="공개된 사업이 짓거나 쓰는 시설과 그 사업들, 이름 순.",
    tags=["시설"],
    url_name="facilities",
)
def facility_list(request, paging: Query[PagingQuery]):
    check(request, allowed=PAGING)
    return paged(request, Facility.public_objects.order_by("name", "pk"), facilities_with_programs)


@api.get(
    "/facilities/{slug}/",
    response={200: schemas.FacilityOut, **NOT_FOUND},
    summary="시설 하나",
    tags=["시설"],
    url_name="facility",
)
def facility_detail(request, slug: str):
    check(request)
    found = facilities_with_programs(
        list(Facility.public_objects.filter(slug=slug).values_list("pk", flat=True)[:1])
    )
    if not found:
        return redirect_renamed(request, slug, Facility.public_objects.all(), not_found=NO_FACILITY)
    return found[0]


# Money by source kind -------------------------------------------------------------------------------


@api.get(
    "/funding/",
    response={200: schemas.FundingTotals, **ERRORS},
    summary="재원별 합계",
    description="국비·도비·시비·민자·기타별로 공개된 금액의 합과, 총사업비 가운데 재원을 밝히지 "
    "않은 금액(재원 구성 미공개). 나누어지지 않은 금액을 지어내 나누지 않습니다.",
    tags=["재원"],
    url_name="funding",
)
def funding_totals(request):
    check(request)
    rows, totals = funding_by_kind()
    version = getattr(request, "content_version", None) or content_version()
    return presenters.funding_totals(rows, totals, programs_without_funding(), version)


# Outcomes -------------------------------------------------------------------------------------------

OutcomeQuery = query_schema("OutcomeQuery", OutcomeFilterForm)


def outcomes_by_id(ids):
    rows = Outcome.public_objects.select_related("program", "source").defer(
        "source__text", "program__body", "program__search_text"
    )
    found = rows.in_bulk(ids)
    return [
        {
            **presenters.outcome(found[pk], found[pk].program),
            "program": presenters.program_ref(found[pk].program),
        }
        for pk in ids
        if pk in found
    ]


@api.get(
    "/outcomes/",
    response={200: schemas.page_of(schemas.OutcomeListItem), **ERRORS},
    summary="성과 지표 목록",
    description="성과 목록(/outcomes/)과 같은 조건: 사업명, 지표, 성숙도(예정·체결·실현), 구분, "
    "대상 연도. 기준일이 최근인 것부터.",
    tags=["성과"],
    url_name="outcomes",
)
def outcome_list(request, filters: Query[OutcomeQuery]):
    form = OutcomeFilterForm(request.GET)
    check(request, form=form, allowed=PAGING)
    return paged(request, form.filter(Outcome.public_objects.all()), outcomes_by_id)


# Organisations ------------------------------------------------------------------------------------


OrganisationQuery = query_schema("OrganisationQuery", OrganisationFilterForm)
NO_ORGANISATION = "그 주소의 공개 기관이 없습니다. 주소(slug)를 확인해 주세요."


def organisations_by_id(ids):
    rows = organisation_selectors.organisation_list().prefetch_related(
        Prefetch(
            "partnerships",
            queryset=ProgramPartner.public_objects.select_related("program")
            .only("organisation", "role", "order", "program__slug", "program__name")
            .order_by("order", "program__name"),
        ),
        Prefetch(
            "operated_facilities",
            queryset=Facility.public_objects.only("slug", "name", "operator").order_by("name"),
        ),
    )
    found = rows.in_bulk(ids)
    return [
        presenters.organisation(
            found[pk], found[pk].partnerships.all(), found[pk].operated_facilities.all()
        )
        for pk in ids
        if pk in found
    ]


@api.get(
    "/organisations/",
    response={200: schemas.page_of(schemas.OrganisationOut), **ERRORS},
    summary="참여 기관 목록",
    description="공개된 사업에 참여하거나 공개된 시설을 운영하는 기관, 이름 순. 참여 기관 "
    "목록(/organisations/)처럼 구분(kind)으로 거를 수 있습니다.",
    tags=["기관"],
    url_name="organisations",
)
def organisation_list(request, filters: Query[OrganisationQuery]):
    form = OrganisationFilterForm(request.GET)
    check(request, form=form, allowed=PAGING)
    organisations = form.filter(Organisation.public_objects.all())
    return paged(request, organisations.order_by("name", "pk"), organisations_by_id)


@api.get(
    "/organisations/{slug}/",
    response={200: schemas.OrganisationDetail, **NOT_FOUND},
    summary="기관 하나",
    description="기관 페이지가 보여 주는 것: 참여하는 공개 사업과 역할, 운영하는 시설, 그 사업들의 "
    "재원별 금액(재원 구성 미공개 금액과 총사업비·재원을 밝히지 않은 사업 수 포함), 자주 함께하는 "
    "기관. 주소(slug)가 바뀐 기관의 이전 주소는 301로 새 주소를 알려 줍니다.",
    tags=["기관"],
    url_name="organisation",
)
def organisation_detail(request, slug: str):
    check(request)
    found = organisation_selectors.organisation_list().filter(slug=slug).first()
    if found is None:
        return redirect_renamed(
            request, slug, Organisation.public_objects.all(), not_found=NO_ORGANISATION
        )
    programs = list(
        organisation_selectors.programs_of(found).only("slug", "name").order_by("name", "pk")
    )
    facilities = organisation_selectors.operated_facilities(found)
    for facility in facilities:
        facility.operator = found  # the organisation itself: not read again per facility
    return presenters.organisation_detail(
        found,
        organisation_selectors.participations(programs, found),
        facilities,
        organisation_selectors.money(found),
        organisation_selectors.frequent_partners(found),
    )


# Places --------------------------------------------------------------------------------------------

PlaceQuery = query_schema("PlaceQuery", PlaceFilterForm)
NO_PLACE = "그 주소의 공개 지역이 없습니다. 주소(slug)를 확인해 주세요."


def places_with_counts():
    return place_selectors.counting(Place.public_objects.select_related("parent"))


def places_by_id(ids):
    found = places_with_counts().in_bulk(ids)
    return [presenters.place(found[pk]) for pk in ids if pk in found]


@api.get(
    "/places/",
    response={200: schemas.page_of(schemas.PlaceOut), **ERRORS},
    summary="지역 목록",
    description="읍·면·동과 산업단지, 이름 순. 저마다 공개 사업과 시설의 수(읍·면·동은 그 안의 "
    "산업단지 것까지)를 답합니다. 구분(kind)으로 거를 수 있습니다.",
    tags=["지역"],
    url_name="places",
)
def place_list(request, filters: Query[PlaceQuery]):
    form = PlaceFilterForm(request.GET)
    check(request, form=form, allowed=PAGING)
    places = form.filter(Place.public_objects.all())
    return paged(request, places.order_by("name", "pk"), places_by_id)


@api.get(
    "/places/{slug}/",
    response={200: schemas.PlaceDetail, **NOT_FOUND},
    summary="지역 하나",
    description="지역 페이지가 보여 주는 것: 속한 읍·면·동이나 그 안의 산업단지, 좌표, 이곳의 공개 "
    "사업과 시설, 재원별 금액, 성과(출처와 기준일). 주소(slug)가 바뀐 지역의 이전 주소는 301로 "
    "새 주소를 알려 줍니다.",
    tags=["지역"],
    url_name="place",
)
def place_detail(request, slug: str):
    check(request)
    found = places_with_counts().filter(slug=slug).first()
    if found is None:
        return redirect_renamed(request, slug, Place.public_objects.all(), not_found=NO_PLACE)
    programs = place_selectors.programs_in(found).only("slug", "name").order_by("name", "pk")
    outcomes, _count = place_selectors.outcomes_in(found, limit=None)
    return presenters.place_detail(
        found,
        place_selectors.complexes_of(found),
        list(programs),
        place_selectors.facilities_in(found),
        place_selectors.money(found),
        outcomes,
    )


# The city's stated yearly totals -------------------------------------------------------------------


@api.get(
    "/years/",
    response={200: list[schemas.YearOut], **ERRORS},
    summary="연도별 총괄",
    description="시가 밝힌 해마다의 사업 수와 투입 금액(예: 2021년 17개 사업 334억원). 사업별 "
    "금액을 더한 값이 아니라 시의 발표입니다.",
    tags=["연도별 총괄"],
    url_name="years",
)
def year_list(request):
    check(request)
    return [
        presenters.year(row)
        for row in PortfolioYear.public_objects.select_related("source")
        .defer("source__text")
        .order_by("-year")
    ]
