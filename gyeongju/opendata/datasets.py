"""The open datasets the site publishes (/data/), with every column documented in Korean."""

from django.conf import settings
from django.db.models import Prefetch
from django.utils import timezone

from gyeongju.core.seo import absolute
from gyeongju.facilities.models import Facility
from gyeongju.funding.models import FUNDING_ORDER, Funding, FundingKind
from gyeongju.organisations.models import Organisation
from gyeongju.outcomes.models import OUTCOME_ORDER, Outcome
from gyeongju.places import selectors as places
from gyeongju.places.models import Place
from gyeongju.programs.models import Program, ProgramBudget, ProgramPartner
from gyeongju.progress.models import EXECUTION_ORDER, MILESTONE_ORDER, Execution, Milestone
from gyeongju.progress.presenters import execution_years
from gyeongju.progress.rules import format_planned, lateness

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


def execution_text(program):
    """2021:3000000000:2021-12-31 — each year's executed amount and its as-of date."""
    years = execution_years(program.budgets.all(), program.executions.all())
    return (
        "; ".join(f"{y.year}:{y.executed}:{y.as_of.isoformat()}" for y in years if y.is_known)
        or None
    )


def late_milestones(program):
    """The late steps as of today, e.g. ‘준공(2022-03-31)’ (empty: none late, or no schedule)."""
    today = timezone.localdate()
    late = [
        f"{m.name or m.get_phase_display()}({m.planned_date.isoformat()})"
        for m in program.milestones.all()
        if lateness(planned=m.planned_date, actual=m.actual_date, today=today).is_late
    ]
    return "; ".join(late) or None


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
            Prefetch("executions", queryset=Execution.private_objects.order_by(*EXECUTION_ORDER)),
            Prefetch("milestones", queryset=Milestone.private_objects.order_by(*MILESTONE_ORDER)),
        )
    )


PROGRAM_COLUMNS = (
    Column("slug", "사업ID", "사업의 영구 식별자(주소에 쓰이는 영문 이름)", lambda p: p.slug),
    Column("name", "사업명", "사업 이름", lambda p: p.name),
    Column("category", "분야", "사업 분야", lambda p: p.category.name),
    Column("status", "상태", "계획 / 추진 중 / 완료", lambda p: p.get_status_display()),
    Column(
        "start_year",
        "시작 연도",
        "사업 시작 연도(비어 있으면 미공개)",
        lambda p: p.start_year,
        type="integer",
        unit="년",
    ),
    Column(
        "end_year",
        "종료 연도",
        "사업 종료 연도(비어 있으면 미공개)",
        lambda p: p.end_year,
        type="integer",
        unit="년",
    ),
    Column(
        "total_cost",
        "총사업비(원)",
        "여러 해에 걸친 총사업비, 원 단위 정수(비어 있으면 미공개)",
        lambda p: p.total_cost,
        type="integer",
        unit="원",
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
            type="integer",
            unit="원",
        )
        for kind in FundingKind
    ),
    Column(
        "funding_undisclosed",
        "재원 구성 미공개(원)",
        "총사업비 가운데 출처가 재원을 밝히지 않은 금액",
        lambda p: p.unallocated_cost,
        type="integer",
        unit="원",
    ),
    Column(
        "yearly_budgets", "연도별 예산", "‘회계연도:금액(원)’을 세미콜론으로 구분", budgets_text
    ),
    Column(
        "yearly_execution",
        "연도별 집행액",
        "‘회계연도:집행액(원):기준일’을 세미콜론으로 구분(비어 있으면 집행 정보 미공개)",
        execution_text,
    ),
    Column(
        "late_milestones",
        "지연된 일정",
        "내려받은 날 기준으로 지연된 단계와 그 예정일, 세미콜론으로 구분(비어 있으면 지연 없음 "
        "또는 일정 미공개)",
        late_milestones,
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
        type="datetime",
    ),
    Column("url", "주소", "사업 페이지의 영구 주소", program_url, format="uri"),
)

FUNDING_COLUMNS = (
    Column("program_slug", "사업ID", "사업의 영구 식별자", lambda f: f.program.slug),
    Column("program_name", "사업명", "사업 이름", lambda f: f.program.name),
    Column("kind", "재원", "국비 / 도비 / 시비 / 민자 / 기타", lambda f: f.get_kind_display()),
    Column("amount", "금액(원)", "원 단위 정수", lambda f: f.amount, type="integer", unit="원"),
    Column(
        "fiscal_year",
        "회계연도",
        "비어 있으면 사업 기간 전체의 금액",
        lambda f: f.fiscal_year,
        type="integer",
        unit="년",
    ),
    Column("quote", "근거 문구", "출처에서 이 금액을 밝힌 문장", lambda f: f.quote or None),
    Column("source", "출처", "이 금액을 밝힌 문서", lambda f: source_title(f.source)),
    Column(
        "url",
        "사업 주소",
        "사업 페이지의 영구 주소",
        lambda f: absolute(f.program.get_absolute_url()),
        format="uri",
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
        "equipment_count",
        "도입 장비(종)",
        "도입하는 장비 종류 수",
        lambda f: f.equipment_count,
        type="integer",
        unit="종",
    ),
    Column("equipment_note", "장비 설명", "장비에 대한 설명", lambda f: f.equipment_note or None),
    Column(
        "completion_year",
        "준공(예정) 연도",
        "비어 있으면 미공개",
        lambda f: f.completion_year,
        type="integer",
        unit="년",
    ),
    Column(
        "latitude",
        "위도",
        "WGS84 위도(비어 있으면 미공개)",
        lambda f: float(f.latitude) if f.latitude is not None else None,
        type="number",
        unit="도",
    ),
    Column(
        "longitude",
        "경도",
        "WGS84 경도(비어 있으면 미공개)",
        lambda f: float(f.longitude) if f.longitude is not None else None,
        type="number",
        unit="도",
    ),
    Column(
        "programs",
        "관련 사업ID",
        "이 시설과 관련된 공개 사업의 사업ID, 세미콜론으로 구분",
        lambda f: "; ".join(p.slug for p in f.programs.all()),
    ),
    Column(
        "url",
        "주소",
        "시설 페이지의 영구 주소",
        lambda f: absolute(f.get_absolute_url()),
        format="uri",
    ),
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
    Column("value", "값", "숫자(단위는 다음 열)", lambda o: o.value, type="integer"),
    Column("unit", "단위", "원, 건, 개사 등", lambda o: o.get_unit_display()),
    Column("kind", "구분", "목표 / 실적", lambda o: o.get_kind_display()),
    Column(
        "maturity",
        "성숙도",
        "예정(계획·목표) / 체결(계약·협약 서명) / 실현(실제 달성)",
        lambda o: o.get_maturity_display(),
    ),
    Column(
        "period_year",
        "대상 연도",
        "성과가 가리키는 연도",
        lambda o: o.period_year,
        type="integer",
        unit="년",
    ),
    Column("as_of", "기준일", "이 값의 기준일", lambda o: iso(o.as_of), type="date"),
    Column("quote", "근거 문구", "출처에서 이 값을 밝힌 문장", lambda o: o.quote or None),
    Column("source", "출처", "이 값을 밝힌 문서", lambda o: source_title(o.source)),
    Column(
        "url",
        "사업 주소",
        "성과가 있는 사업 페이지의 주소",
        lambda o: absolute(o.get_absolute_url()),
        format="uri",
    ),
)


EXECUTION_COLUMNS = (
    Column("program_slug", "사업ID", "사업의 영구 식별자", lambda e: e.program.slug),
    Column("program_name", "사업명", "사업 이름", lambda e: e.program.name),
    Column("fiscal_year", "회계연도", "집행액이 속한 회계연도", lambda e: e.fiscal_year),
    Column(
        "kind",
        "재원",
        "비어 있으면 그해 전체 집행액, 아니면 그 재원의 집행액(국비 / 도비 / 시비 / 민자 / 기타)",
        lambda e: e.get_kind_display() if e.kind else None,
    ),
    Column("amount", "집행액(원)", "기준일까지 집행된 금액, 원 단위 정수", lambda e: e.amount),
    Column("as_of", "기준일", "집행액을 집계한 날", lambda e: iso(e.as_of)),
    Column("quote", "근거 문구", "출처에서 이 금액을 밝힌 문장", lambda e: e.quote or None),
    Column("source", "출처", "이 금액을 밝힌 문서", lambda e: source_title(e.source)),
    Column(
        "url",
        "사업 주소",
        "사업 페이지의 영구 주소",
        lambda e: absolute(e.program.get_absolute_url()),
    ),
)


def milestone_status(m):
    return lateness(planned=m.planned_date, actual=m.actual_date, today=timezone.localdate()).label


MILESTONE_COLUMNS = (
    Column("program_slug", "사업ID", "사업의 영구 식별자", lambda m: m.program.slug),
    Column("program_name", "사업명", "사업 이름", lambda m: m.program.name),
    Column(
        "phase",
        "단계",
        "착공 / 장비 도입 / 준공 / 개소 / 사업 종료 / 기타",
        lambda m: m.get_phase_display(),
    ),
    Column(
        "name", "단계 이름", "직원이 붙인 이름(비어 있으면 단계와 같음)", lambda m: m.name or None
    ),
    Column(
        "planned_date",
        "예정일",
        "예정일(ISO 8601). 연도나 월만 밝혀진 경우 그 기간의 마지막 날",
        lambda m: iso(m.planned_date),
    ),
    Column(
        "planned_as_stated",
        "예정(출처 표기)",
        "출처가 밝힌 정밀도대로 쓴 예정일(예: 2021년, 2021년 4월)",
        lambda m: format_planned(m.planned_date, m.planned_precision),
    ),
    Column("actual_date", "실제 일자", "비어 있으면 미공개", lambda m: iso(m.actual_date)),
    Column(
        "status",
        "진행 상황",
        "내려받은 날 기준: 지연(얼마나), 예정대로 완료, 일찍 완료, 오늘 예정, 예정",
        milestone_status,
    ),
    Column("quote", "근거 문구", "출처에서 예정일을 밝힌 문장", lambda m: m.quote or None),
    Column("source", "예정일 출처", "예정일을 밝힌 문서", lambda m: source_title(m.source)),
    Column(
        "actual_source",
        "실제 일자 출처",
        "실제 일자를 밝힌 문서(비어 있으면 미공개)",
        lambda m: source_title(m.actual_source),
    ),
    Column(
        "url",
        "사업 주소",
        "사업 페이지의 영구 주소",
        lambda m: absolute(m.program.get_absolute_url()),
    ),
)


def execution_rows():
    return in_chunks(
        Execution.public_objects.select_related("program", "source").order_by(
            "program__name", "program_id", *EXECUTION_ORDER
        )
    )


def milestone_rows():
    return in_chunks(
        Milestone.public_objects.select_related("program", "source", "actual_source").order_by(
            "program__name", "program_id", *MILESTONE_ORDER
        )
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
    "execution": Dataset(
        "execution",
        "집행",
        "사업별·연도별 집행액과 기준일, 한 줄에 한 해(재원별로 나눈 경우 한 재원)",
        EXECUTION_COLUMNS,
        execution_rows,
    ),
    "milestones": Dataset(
        "milestones",
        "일정",
        "사업별 추진 단계의 예정일과 실제 일자, 한 줄에 한 단계",
        MILESTONE_COLUMNS,
        milestone_rows,
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
