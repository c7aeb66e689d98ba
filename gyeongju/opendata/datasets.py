"""The open datasets the site publishes (/data/), with every column documented in Korean."""

from django.conf import settings
from django.db.models import Prefetch

from gyeongju.core.seo import absolute
from gyeongju.facilities.models import Facility
from gyeongju.funding.models import FUNDING_ORDER, Funding, FundingKind
from gyeongju.organisations.models import Organisation
from gyeongju.outcomes.models import OUTCOME_ORDER, Outcome
from gyeongju.places import selectors as places
from gyeongju.places.models import Place
from gyeongju.programs.models import Program, ProgramBudget, ProgramPartner

from .exports import Column, Dataset, in_chunks


def iso(value):
    return value.isoformat() if value else None


def source_title(source):
    return (
        f"{source.publisher}, 「{source.title}」({source.published_on.isoformat()})"
        if source
        else None
    )


def kind_amount(kind):
    def get(program):
        return sum(row.amount for row in program.funding_rows if row.kind == kind) or None

    return get


def budgets_text(program):
    return "; ".join(f"{b.fiscal_year}:{b.amount}" for b in program.budgets.all()) or None


def program_url(program):
    # The URL pattern is /programs/<slug>/; formatting it beats reverse() on 10,000-row downloads.
    return f"{settings.SITE_URL}/programs/{program.slug}/"


def program_rows(queryset=None):
    """Published programs (``queryset``: the explorer's filtered ones) with their money."""
    queryset = Program.public_objects.all() if queryset is None else queryset
    return in_chunks(
        queryset.select_related("category", "site", "cost_source").prefetch_related(
            Prefetch("funding", queryset=Funding.private_objects.order_by(*FUNDING_ORDER)),
            Prefetch("budgets", queryset=ProgramBudget.private_objects.order_by("fiscal_year")),
        )
    )


PROGRAM_COLUMNS = (
    Column("slug", "사업ID", "사업의 영구 식별자(주소에 쓰이는 영문 이름)", lambda p: p.slug),
    Column("name", "사업명", "사업 이름", lambda p: p.name),
    Column("category", "분야", "사업 분야", lambda p: p.category.name),
    Column("status", "상태", "계획 / 추진 중 / 완료", lambda p: p.get_status_display()),
    Column("start_year", "시작 연도", "사업 시작 연도(비어 있으면 미공개)", lambda p: p.start_year),
    Column("end_year", "종료 연도", "사업 종료 연도(비어 있으면 미공개)", lambda p: p.end_year),
    Column(
        "total_cost",
        "총사업비(원)",
        "여러 해에 걸친 총사업비, 원 단위 정수(비어 있으면 미공개)",
        lambda p: p.total_cost,
    ),
    Column(
        "cost_note",
        "총사업비 설명",
        "총사업비에 대한 설명(예: 국비 등)",
        lambda p: p.cost_note or None,
    ),
    *(
        Column(
            f"funding_{kind.value}",
            f"{kind.label}(원)",
            f"공개된 {kind.label} 금액, 원 단위(비어 있으면 미공개)",
            kind_amount(kind.value),
        )
        for kind in FundingKind
    ),
    Column(
        "funding_undisclosed",
        "재원 구성 미공개(원)",
        "총사업비 가운데 출처가 재원을 밝히지 않은 금액",
        lambda p: p.unallocated_cost,
    ),
    Column(
        "yearly_budgets", "연도별 예산", "‘회계연도:금액(원)’을 세미콜론으로 구분", budgets_text
    ),
    Column("site", "입지", "사업이 이루어지는 곳", lambda p: p.site.name if p.site else None),
    Column(
        "lead_department",
        "담당 부서",
        "경주시 담당 부서(비어 있으면 미공개)",
        lambda p: p.lead_department or None,
    ),
    Column("summary", "요약", "사업 요약", lambda p: p.summary),
    Column(
        "cost_source",
        "총사업비 출처",
        "총사업비를 밝힌 문서",
        lambda p: source_title(p.cost_source),
    ),
    Column(
        "updated_at",
        "최종 수정",
        "이 누리집에서 마지막으로 수정된 시각(ISO 8601)",
        lambda p: iso(p.updated_at),
    ),
    Column("url", "주소", "사업 페이지의 영구 주소", program_url),
)

FUNDING_COLUMNS = (
    Column("program_slug", "사업ID", "사업의 영구 식별자", lambda f: f.program.slug),
    Column("program_name", "사업명", "사업 이름", lambda f: f.program.name),
    Column("kind", "재원", "국비 / 도비 / 시비 / 민자 / 기타", lambda f: f.get_kind_display()),
    Column("amount", "금액(원)", "원 단위 정수", lambda f: f.amount),
    Column("fiscal_year", "회계연도", "비어 있으면 사업 기간 전체의 금액", lambda f: f.fiscal_year),
    Column("quote", "근거 문구", "출처에서 이 금액을 밝힌 문장", lambda f: f.quote or None),
    Column("source", "출처", "이 금액을 밝힌 문서", lambda f: source_title(f.source)),
    Column(
        "url",
        "사업 주소",
        "사업 페이지의 영구 주소",
        lambda f: absolute(f.program.get_absolute_url()),
    ),
)

FACILITY_COLUMNS = (
    Column("slug", "시설ID", "시설의 영구 식별자", lambda f: f.slug),
    Column("name", "시설명", "시설 이름", lambda f: f.name),
    Column(
        "site", "입지", "시설이 있는 곳(산업단지 등)", lambda f: f.site.name if f.site else None
    ),
    Column(
        "operator",
        "운영 기관",
        "비어 있으면 미공개",
        lambda f: f.operator.name if f.operator else None,
    ),
    Column(
        "equipment_count", "도입 장비(종)", "도입하는 장비 종류 수", lambda f: f.equipment_count
    ),
    Column("equipment_note", "장비 설명", "장비에 대한 설명", lambda f: f.equipment_note or None),
    Column("completion_year", "준공(예정) 연도", "비어 있으면 미공개", lambda f: f.completion_year),
    Column(
        "latitude",
        "위도",
        "WGS84 위도(비어 있으면 미공개)",
        lambda f: float(f.latitude) if f.latitude is not None else None,
    ),
    Column(
        "longitude",
        "경도",
        "WGS84 경도(비어 있으면 미공개)",
        lambda f: float(f.longitude) if f.longitude is not None else None,
    ),
    Column(
        "programs",
        "관련 사업ID",
        "이 시설과 관련된 공개 사업의 사업ID, 세미콜론으로 구분",
        lambda f: "; ".join(p.slug for p in f.programs.all()),
    ),
    Column("url", "주소", "시설 페이지의 영구 주소", lambda f: absolute(f.get_absolute_url())),
)

OUTCOME_COLUMNS = (
    Column("program_slug", "사업ID", "사업의 영구 식별자", lambda o: o.program.slug),
    Column("program_name", "사업명", "사업 이름", lambda o: o.program.name),
    Column(
        "indicator",
        "지표",
        "수출계약액, MOU 체결, 지원 기업 수 등",
        lambda o: o.get_indicator_display(),
    ),
    Column("label", "지표 설명", "지표에 대한 설명", lambda o: o.label or None),
    Column("value", "값", "숫자(단위는 다음 열)", lambda o: o.value),
    Column("unit", "단위", "원, 건, 개사 등", lambda o: o.get_unit_display()),
    Column("kind", "구분", "목표 / 실적", lambda o: o.get_kind_display()),
    Column(
        "maturity",
        "성숙도",
        "예정(계획·목표) / 체결(계약·협약 서명) / 실현(실제 달성)",
        lambda o: o.get_maturity_display(),
    ),
    Column("period_year", "대상 연도", "성과가 가리키는 연도", lambda o: o.period_year),
    Column("as_of", "기준일", "이 값의 기준일", lambda o: iso(o.as_of)),
    Column("quote", "근거 문구", "출처에서 이 값을 밝힌 문장", lambda o: o.quote or None),
    Column("source", "출처", "이 값을 밝힌 문서", lambda o: source_title(o.source)),
    Column(
        "url",
        "사업 주소",
        "성과가 있는 사업 페이지의 주소",
        lambda o: absolute(o.get_absolute_url()),
    ),
)


ORGANISATION_COLUMNS = (
    Column("slug", "기관ID", "기관의 영구 식별자(주소에 쓰이는 영문 이름)", lambda o: o.slug),
    Column("name", "기관명", "기관 이름", lambda o: o.name),
    Column("short_name", "약칭", "줄여 부르는 이름", lambda o: o.short_name or None),
    Column(
        "kind",
        "구분",
        "중앙부처 / 공공기관 / 연구기관 / 지방자치단체 / 협의체 / 대학 / 기업 / 위원회 / 기타",
        lambda o: o.get_kind_display(),
    ),
    Column("region", "지역", "기관이 있는 지역(비어 있으면 미공개)", lambda o: o.region or None),
    Column("website", "누리집", "기관의 누리집 주소", lambda o: o.url or None),
    Column(
        "programs",
        "참여 사업과 역할",
        "참여하는 공개 사업의 사업ID와 역할(사업ID:역할), 세미콜론으로 구분",
        lambda o: "; ".join(f"{p.program.slug}:{p.role}" for p in o.public_partnerships) or None,
    ),
    Column(
        "facilities",
        "운영 시설",
        "운영하는 공개 시설의 주소 이름(slug), 세미콜론으로 구분",
        lambda o: "; ".join(f.slug for f in o.public_facilities) or None,
    ),
    Column("url", "주소", "기관 페이지의 영구 주소", lambda o: absolute(o.get_absolute_url())),
)

PLACE_COLUMNS = (
    Column("slug", "지역ID", "지역의 영구 식별자(주소에 쓰이는 영문 이름)", lambda p: p.slug),
    Column("name", "지역명", "읍·면·동 또는 산업단지의 이름", lambda p: p.name),
    Column("kind", "구분", "읍·면·동 / 산업단지", lambda p: p.get_kind_display()),
    Column(
        "parent",
        "속한 읍·면·동",
        "산업단지가 있는 읍·면·동의 지역ID(읍·면·동이면 비어 있음)",
        lambda p: p.parent.slug if p.parent else None,
    ),
    Column(
        "program_count",
        "사업 수",
        "이 지역(읍·면·동이면 그 산업단지 포함)에 자리한 공개 사업 수",
        lambda p: p.program_count,
    ),
    Column(
        "facility_count",
        "시설 수",
        "이 지역(읍·면·동이면 그 산업단지 포함)의 공개 시설 수",
        lambda p: p.facility_count,
    ),
    Column(
        "latitude",
        "위도",
        "WGS84 위도(비어 있으면 미공개)",
        lambda p: float(p.latitude) if p.latitude is not None else None,
    ),
    Column(
        "longitude",
        "경도",
        "WGS84 경도(비어 있으면 미공개)",
        lambda p: float(p.longitude) if p.longitude is not None else None,
    ),
    Column("url", "주소", "지역 페이지의 영구 주소", lambda p: absolute(p.get_absolute_url())),
)


def organisation_rows():
    partnerships = ProgramPartner.public_objects.select_related("program").order_by(
        "program__slug", "order", "pk"
    )
    facilities = Facility.public_objects.order_by("slug")
    return in_chunks(
        Organisation.public_objects.prefetch_related(
            Prefetch("partnerships", queryset=partnerships, to_attr="public_partnerships"),
            Prefetch("operated_facilities", queryset=facilities, to_attr="public_facilities"),
        ).order_by("name")
    )


def place_rows():
    return in_chunks(
        places.counting(Place.public_objects.select_related("parent")).order_by("kind", "name")
    )


def funding_rows():
    return in_chunks(
        Funding.public_objects.select_related("program", "source").order_by(
            "program__name", "program_id", *FUNDING_ORDER
        )
    )


def facility_rows():
    return in_chunks(
        Facility.public_objects.select_related("site", "operator")
        .prefetch_related(Prefetch("programs", queryset=Program.public_objects.order_by("slug")))
        .order_by("name")
    )


def outcome_rows():
    return in_chunks(
        Outcome.public_objects.select_related("program", "source").order_by(
            "-program__updated_at", "program__name", "program_id", *OUTCOME_ORDER
        )
    )


DATASETS = {
    "programs": Dataset(
        "programs", "사업", "공개된 모든 사업, 한 줄에 한 사업", PROGRAM_COLUMNS, program_rows
    ),
    "funding": Dataset(
        "funding", "재원", "사업별·재원별 공개 금액, 한 줄에 한 재원", FUNDING_COLUMNS, funding_rows
    ),
    "facilities": Dataset(
        "facilities", "시설", "공개된 사업이 짓거나 쓰는 시설", FACILITY_COLUMNS, facility_rows
    ),
    "outcomes": Dataset(
        "outcomes", "성과", "사업별 성과 지표와 근거", OUTCOME_COLUMNS, outcome_rows
    ),
    "organisations": Dataset(
        "organisations",
        "참여 기관",
        "공개된 사업에 참여하거나 공개된 시설을 운영하는 기관, 한 줄에 한 기관",
        ORGANISATION_COLUMNS,
        organisation_rows,
    ),
    "places": Dataset(
        "places",
        "지역",
        "공개된 사업이나 시설이 있는 읍·면·동과 산업단지, 한 줄에 한 지역",
        PLACE_COLUMNS,
        place_rows,
    ),
}
FORMATS = {"csv": "CSV (UTF-8, BOM 포함)", "xlsx": "엑셀(XLSX)", "json": "JSON"}
