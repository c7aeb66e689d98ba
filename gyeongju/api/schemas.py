"""What the API answers, as pydantic models: django-ninja writes the OpenAPI description from them.

Every amount is ``Money`` (whole 원 and the Korean display string, or ``won: null`` and "미공개"
when the source does not state it); every date and time is ISO 8601; every object carries its
public page (``url``, absolute), its source and its as-of date (``as_of``).
"""

import datetime as dt

from ninja import Schema
from pydantic import Field


class Money(Schema):
    won: int | None = Field(description="원 단위 정수. 출처가 밝히지 않았으면 null")
    display: str = Field(description="한국식 표기(예: 334억원, 2억1,500만원, 미공개)")


class Choice(Schema):
    code: str = Field(description="기계가 읽는 값")
    label: str = Field(description="한국어 이름")


class SourceOut(Schema):
    title: str
    publisher: str = Field(description="발행 기관")
    kind: Choice
    published_on: dt.date = Field(description="발행일")
    url: str | None = Field(description="원문 주소(없으면 null)")


class Named(Schema):
    slug: str
    name: str


class SiteOut(Named):
    url: str = Field(description="입지의 공개 페이지(시설 목록) 주소")


class ProgramRef(Named):
    url: str = Field(description="사업 페이지의 영구 주소")
    api_url: str


class FundingBrief(Schema):
    kind: Choice
    amount: Money
    fiscal_year: int | None = Field(description="회계연도. null이면 사업 기간 전체의 금액")


class FundingOut(FundingBrief):
    quote: str | None = Field(description="출처에서 이 금액을 밝힌 문장")
    source: SourceOut | None


class BudgetOut(Schema):
    fiscal_year: int
    amount: Money
    quote: str | None
    source: SourceOut | None


class OutcomeOut(Schema):
    title: str = Field(description="지표 이름(지표 설명이 있으면 그것)")
    indicator: Choice
    value: int
    unit: Choice
    display_value: str = Field(description="단위를 붙인 한국식 표기")
    kind: Choice = Field(description="목표 / 실적")
    maturity: Choice = Field(description="예정 / 체결 / 실현")
    period_year: int | None = Field(description="성과가 가리키는 연도")
    as_of: dt.date = Field(description="이 값의 기준일")
    quote: str | None = Field(description="근거 문구(출처에서 이 값을 밝힌 문장)")
    source: SourceOut | None
    url: str = Field(description="성과가 있는 사업 페이지")


class OutcomeListItem(OutcomeOut):
    program: ProgramRef


class FacilityBrief(Named):
    url: str
    api_url: str
    site: SiteOut | None
    operator: Named | None = Field(description="운영 기관")
    equipment_count: int | None = Field(description="도입 장비 종류 수")
    equipment_note: str | None
    completion_year: int | None = Field(description="준공(예정) 연도")
    latitude: float | None = Field(description="WGS84 위도")
    longitude: float | None = Field(description="WGS84 경도")


class FacilityOut(FacilityBrief):
    description: str | None
    quote: str | None
    source: SourceOut | None
    as_of: dt.date = Field(description="이 누리집에서 마지막으로 수정된 날")
    programs: list[ProgramRef] = Field(description="이 시설을 짓거나 쓰는 공개 사업")


class PartnerOut(Schema):
    organisation: Named
    kind: Choice = Field(description="기관 구분")
    role: str = Field(description="이 사업에서 맡은 역할")


class Completeness(Schema):
    percent: int = Field(description="핵심 사실 7가지 가운데 밝혀진 비율(%)")
    missing: list[str] = Field(description="아직 밝혀지지 않은 사실")


class ChangeOut(Schema):
    label: str
    old: str
    new: str


class EventOut(Schema):
    subject: str = Field(description="바뀐 대상(사업 정보, 재원: 국비 …)")
    action: str = Field(description="등록 / 변경 / 삭제")
    changes: list[ChangeOut]


class HistoryItem(Schema):
    when: dt.datetime
    reason: str = Field(description="변경 사유(금액과 일정 변경에는 반드시 있음)")
    events: list[EventOut]


class ProgramSummary(Named):
    url: str = Field(description="사업 페이지의 영구 주소")
    api_url: str
    summary: str
    category: Named
    status: Choice = Field(description="계획 / 추진 중 / 완료")
    start_year: int | None
    end_year: int | None
    total_cost: Money = Field(description="총사업비(여러 해에 걸친 금액)")
    funding: list[FundingBrief] = Field(description="공개된 재원(국비, 도비, 시비, 민자, 기타)")
    funding_undisclosed: Money = Field(description="총사업비 가운데 재원을 밝히지 않은 금액")
    site: SiteOut | None
    updated_at: dt.datetime
    as_of: dt.date = Field(description="이 자료의 기준일(이 누리집에서 마지막으로 수정된 날)")
    source: SourceOut | None = Field(description="총사업비를 밝힌 문서")


class Snapshot(Schema):
    as_of: dt.date = Field(description="이날 하루가 끝난 시점의 자료(한국 시간)")


class ExecutionRow(Schema):
    kind: Choice | None = Field(description="재원별 집행액이면 그 재원, 그해 전체 집행액이면 null")
    amount: Money
    as_of: dt.date = Field(description="이 집행액이 집계된 날")
    quote: str | None
    source: SourceOut | None


class ExecutionYear(Schema):
    fiscal_year: int
    budget: Money = Field(description="그해 예산(예산현액). 밝히지 않았으면 won이 null")
    executed: Money = Field(
        description="그해 집행액: 밝힌 전체 집행액, 없으면 재원별 집행액의 합. 모르면 won이 null"
        "(0이 아님)"
    )
    executed_is_sum_of_kinds: bool = Field(description="집행액이 재원별 집행액을 더한 값인지")
    execution_rate: float | None = Field(
        description="집행률(%) = 집행액 ÷ 예산 × 100. 예산이나 집행액을 모르면 null"
    )
    rate_label: str = Field(description="한국어 표기(예: 54.6%, 집행 정보 미공개)")
    as_of: dt.date | None = Field(description="집행액의 기준일(모르면 null)")
    rows: list[ExecutionRow] = Field(description="그해 집행 기록(전체, 또는 재원별)")


class MilestoneOut(Schema):
    phase: Choice = Field(description="단계(착공, 장비 도입, 준공, 개소, 사업 종료, 기타)")
    name: str = Field(description="단계 이름(직원이 적은 이름이 있으면 그것)")
    planned_date: dt.date | None = Field(
        description="예정일. 출처가 연도나 월까지만 밝혔으면 그 기간의 마지막 날"
    )
    planned_precision: Choice = Field(description="예정일을 출처가 밝힌 정밀도: 일 / 월 / 연")
    planned_display: str = Field(description="출처가 밝힌 대로 쓴 예정일(예: 2022년)")
    actual_date: dt.date | None = Field(description="실제 완료일(기록이 없으면 null)")
    status: str = Field(
        description="요청한 날(as_of가 있으면 그날) 기준: late(지연), done_late(늦게 완료), done, "
        "done_early, due_today, upcoming, unknown"
    )
    days: int = Field(description="늦거나 이르거나 남은 날수(예정일 당일이면 0)")
    status_label: str = Field(description="상태를 한국어로(예: 약 3개월(92일) 지연)")
    quote: str | None
    source: SourceOut | None = Field(description="예정일의 출처")
    actual_source: SourceOut | None = Field(description="실제 완료일의 출처")


class ProgramDetail(ProgramSummary):
    body: str
    cost_note: str | None
    cost_quote: str | None
    lead_department: str | None
    funding_summary: str = Field(description="재원 구성을 한 문장으로")
    funding: list[FundingOut]
    budgets: list[BudgetOut] = Field(description="연도별 예산")
    execution: list[ExecutionYear] = Field(description="연도별 예산 대비 집행(집행률)")
    milestones: list[MilestoneOut] = Field(description="추진 일정: 단계별 예정일과 실제 완료일")
    schedule_as_of: dt.date = Field(description="일정 지연을 판단한 날(오늘, 또는 as_of)")
    outcomes: list[OutcomeOut]
    facilities: list[FacilityBrief]
    partners: list[PartnerOut]
    sources: list[SourceOut]
    completeness: Completeness
    history: list[HistoryItem] = Field(description="공개된 변경 이력, 최근 것부터")
    history_url: str
    citation: str = Field(description="인용할 때 쓰는 문장")
    snapshot: Snapshot | None = Field(description="as_of로 요청한 날의 자료일 때")


class PartnerProgram(ProgramRef):
    role: str


class OrganisationOut(Named):
    short_name: str | None
    kind: Choice
    region: str | None
    homepage: str | None = Field(description="기관 누리집")
    description: str | None
    url: str = Field(description="기관의 공개 페이지 주소")
    api_url: str
    program_count: int = Field(description="참여하는 공개 사업 수")
    programs: list[PartnerProgram] = Field(description="참여하는 공개 사업과 역할")
    facilities: list[Named] = Field(description="운영하는 시설")
    as_of: dt.date
    source: SourceOut | None = Field(description="기관 정보에는 따로 출처가 없어 null")


class KindAmount(Schema):
    kind: Choice
    amount: Money = Field(
        description="공개된 이 재원의 합. 이 재원을 밝힌 사업이 없으면 won은 null(미공개)이지 0원이 아님"
    )
    program_count: int = Field(description="이 재원을 밝힌 사업 수")


class MoneyBySourceOut(Schema):
    kinds: list[KindAmount] = Field(description="국비·도비·시비·민자·기타 순")
    known_total: Money = Field(description="재원별 금액의 합")
    costed_total: Money = Field(description="총사업비를 밝힌 사업들의 총사업비 합(여러 해)")
    costed_count: int = Field(description="총사업비를 밝힌 사업 수")
    undisclosed: Money = Field(description="그 총사업비 가운데 재원 구성을 밝히지 않은 금액")
    program_count: int = Field(description="사업 수")
    uncosted_count: int = Field(description="총사업비를 밝히지 않은 사업 수")
    programs_without_funding: int = Field(description="재원을 하나도 밝히지 않은 사업 수")


class ProgramWithRoles(ProgramRef):
    roles: list[str] = Field(description="이 기관의 역할")


class FrequentPartner(Named):
    kind: Choice
    url: str
    api_url: str
    shared_program_count: int = Field(description="함께 참여하는 공개 사업 수")


class OrganisationDetail(OrganisationOut):
    programs: list[ProgramWithRoles] = Field(description="참여하는 공개 사업과 역할, 이름 순")
    facilities: list[FacilityBrief] = Field(description="운영하는 공개 시설")
    money: MoneyBySourceOut = Field(description="참여하는 사업들의 재원별 금액")
    partners: list[FrequentPartner] = Field(description="공개 사업을 가장 많이 함께하는 기관")


class PlaceRef(Named):
    kind: Choice
    url: str
    api_url: str


class PlaceOut(PlaceRef):
    parent: PlaceRef | None = Field(description="산업단지가 속한 읍·면·동(읍·면·동이면 null)")
    description: str | None
    latitude: float | None = Field(description="위도(모르면 null)")
    longitude: float | None = Field(description="경도(모르면 null)")
    program_count: int = Field(
        description="이곳(읍·면·동이면 그 안의 산업단지 포함)의 공개 사업 수"
    )
    facility_count: int = Field(description="이곳의 공개 시설 수")
    explorer_url: str = Field(description="사업 찾기에서 이곳의 사업만 보는 주소")
    as_of: dt.date
    source: SourceOut | None = Field(description="지역 정보에는 따로 출처가 없어 null")


class PlaceDetail(PlaceOut):
    complexes: list[PlaceRef] = Field(description="읍·면·동 안의 산업단지")
    programs: list[ProgramRef] = Field(description="이곳의 공개 사업, 이름 순")
    facilities: list[FacilityBrief]
    money: MoneyBySourceOut = Field(description="이곳 사업들의 재원별 금액")
    outcomes: list[OutcomeListItem] = Field(
        description="이곳 사업들의 성과, 기준일이 최근인 것부터"
    )


class YearOut(Schema):
    year: int
    program_count: int = Field(description="시가 밝힌 사업 수")
    total_amount: Money = Field(description="시가 밝힌 그해 투입 금액(사업별 금액의 합이 아님)")
    description: str | None
    quote: str | None
    source: SourceOut | None
    url: str
    as_of: dt.date = Field(description="출처의 발행일(없으면 이 누리집에서 수정된 날)")


class KindTotal(Schema):
    kind: Choice
    description: str
    amount: Money = Field(description="공개된 이 재원의 합")
    program_count: int
    url: str


class FundingTotals(Schema):
    kinds: list[KindTotal]
    costed_total: Money = Field(description="총사업비를 밝힌 사업들의 총사업비 합(여러 해)")
    costed_count: int
    undisclosed: Money = Field(description="그 가운데 재원 구성을 밝히지 않은 금액")
    programs_without_funding: int = Field(description="재원을 하나도 밝히지 않은 사업 수")
    note: str
    url: str
    as_of: dt.date
    source: SourceOut | None = Field(description="합계이므로 null: 각 금액의 출처는 사업별 재원에")


def page_of(item):
    """A page of ``item``s: the total, the page and links to its neighbours."""
    return type(
        f"{item.__name__}Page",
        (Schema,),
        {
            "__annotations__": {
                "count": int,
                "page": int,
                "per_page": int,
                "pages": int,
                "next": str | None,
                "previous": str | None,
                "results": list[item],
            },
            "__doc__": f"{item.__name__}의 한 쪽",
        },
    )


class ParameterError(Schema):
    parameter: str
    detail: str


class ProblemOut(Schema):
    type: str
    title: str
    status: int
    detail: str
    instance: str
    errors: list[ParameterError] | None = None
