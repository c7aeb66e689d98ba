"""What a program page shows, computed once in Python so templates only lay it out."""

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone

from gyeongju.core.links import page_url, slug_url
from gyeongju.core.money import format_date, format_won
from gyeongju.core.rows import loaded
from gyeongju.core.seo import PageMeta, absolute, breadcrumb_jsonld, thing
from gyeongju.funding.models import Funding, FundingKind, funding_key
from gyeongju.outcomes.models import Outcome, outcome_key
from gyeongju.sources.models import Source

from .models import Program, ProgramBudget

SEOUL = ZoneInfo("Asia/Seoul")


def explorer_title(form, page) -> str:
    parts = []
    if q := form.values.get("q"):
        parts.append(f"‘{q}’ 검색")
    if form.values and not q:
        parts.append("조건 검색")
    title = "사업 찾기" if not parts else f"사업 찾기: {' · '.join(parts)}"
    if page.number > 1:
        title += f" ({page.number}쪽)"
    return title


def program_thing(program: Program) -> dict:
    """A program as an item of a JSON-LD list (what a list row shows, no extra queries)."""
    data = thing("Project", program.name, program.get_absolute_url(), description=program.summary)
    if program.total_cost is not None:
        data["funding"] = [monetary_grant("총사업비", program.total_cost)]
    return data


# Snapshots ------------------------------------------------------------------------------------


@dataclass
class Snapshot:
    """The program page as it stood at the end of ``day`` (Seoul time), rebuilt from history."""

    day: dt.date | None
    program: Program | None = None
    error: str = ""
    raw: str = ""

    @property
    def end(self) -> dt.datetime:
        return dt.datetime.combine(self.day, dt.time.max, tzinfo=SEOUL)

    @property
    def day_display(self) -> str:
        return format_date(self.day)

    @property
    def query(self) -> str:
        return f"as_of={self.day.isoformat()}"

    def meta(self, program):
        return PageMeta(
            title=f"{program.name} ({self.day_display if self.day else '잘못된 날짜'} 기준)",
            path=program.get_absolute_url(),
            noindex=True,
        )


def parse_day(raw: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(raw.strip())
    except ValueError:
        return None


def snapshot_from_request(request, program: Program) -> Snapshot | None:
    raw = request.GET.get("as_of")
    if raw is None or raw == "":
        return None
    day = parse_day(raw)
    if day is None:
        return Snapshot(
            day=None, raw=raw[:40], error="날짜는 2020-12-31처럼 연-월-일 형식으로 적어 주세요."
        )
    today = timezone.localdate()
    if day >= today:
        return None  # today or later: the current page is the page as it stands
    return build_snapshot(program, day, include_drafts=not program.is_published)


def build_snapshot(program: Program, day: dt.date, *, include_drafts: bool = False) -> Snapshot:
    snapshot = Snapshot(day=day)
    past = program_as_of(program, snapshot.end, include_drafts=include_drafts)
    if past is None:
        snapshot.error = f"{format_date(day)}에는 이 사업이 이 누리집에 공개되어 있지 않았습니다."
    snapshot.program = past
    return snapshot


def program_as_of(program: Program, end: dt.datetime, *, include_drafts: bool = False):
    """The program with its funding, budgets and outcomes as they stood at ``end`` (None if it was
    not public then). Facilities, partners and sources have no history and are shown as now."""
    record = (
        Program.history.filter(id=program.pk, history_date__lte=end)
        .order_by("-history_date", "-history_id")
        .first()
    )
    if record is None or record.history_type == "-":
        return None
    if record.publication_state != Program.PublicationState.PUBLISHED and not include_drafts:
        return None
    past = record.instance
    past._state.adding = False

    def rows_as_of(model, order):
        records = (
            model.history.filter(program_id=program.pk, history_date__lte=end)
            .latest_of_each()
            .as_instances()
        )
        return sorted(records, key=order)

    funding = rows_as_of(Funding, funding_key)
    budgets = rows_as_of(ProgramBudget, lambda r: r.fiscal_year)
    outcomes = rows_as_of(Outcome, outcome_key)
    source_ids = {r.source_id for r in [*funding, *budgets, *outcomes] if r.source_id}
    if past.cost_source_id:
        source_ids.add(past.cost_source_id)
    sources = Source.objects.in_bulk(source_ids)
    for row in [*funding, *budgets, *outcomes]:
        row.source = sources.get(row.source_id)
    past.cost_source = sources.get(past.cost_source_id)
    past._prefetched_objects_cache = {
        "funding": loaded(Funding, funding),
        "budgets": loaded(ProgramBudget, budgets),
        "outcomes": loaded(Outcome, outcomes),
        "facilities": program.facilities.all(),
        "partnerships": program.partnerships.all(),
        "sources": program.sources.all(),
    }
    if past.category_id == program.category_id:
        past.category = program.category
    if past.site_id == program.site_id:
        past.site = program.site
    return past


# The page ---------------------------------------------------------------------------------------


@dataclass
class MoneySegment:
    label: str
    css: str
    amount: int | None
    percent: float
    offset: float = 0.0  # where the segment starts in the bar, in percent


def rows_of(relation: str) -> cached_property:
    """A page's list of the program's ``relation`` rows, read once."""
    return cached_property(lambda page: list(getattr(page.program, relation).all()))


@dataclass
class ProgramPage:
    program: Program
    request: object
    snapshot: Snapshot | None = None
    _missing: list = field(default=None, init=False)

    @cached_property
    def url(self) -> str:
        """The page's permanent address (a snapshot's includes its date)."""
        path = self.program.get_absolute_url()
        if self.snapshot:
            path += f"?{self.snapshot.query}"
        return absolute(path)

    @property
    def as_of(self) -> dt.date:
        if self.snapshot:
            return self.snapshot.day
        return timezone.localdate(self.program.updated_at)

    @property
    def funding_rows(self):
        return self.program.funding_rows

    # The page's rows, read once: each ``program.budgets`` builds a related manager (~15 µs).
    budgets = rows_of("budgets")
    outcomes = rows_of("outcomes")
    facilities = rows_of("facilities")
    partnerships = rows_of("partnerships")
    sources = rows_of("sources")

    @cached_property
    def money_segments(self) -> list[MoneySegment]:
        total = self.program.total_cost
        if not total:
            return []
        segments = []
        for row in self.funding_rows:
            segments.append(
                MoneySegment(
                    row.get_kind_display(), row.kind, row.amount, round(100 * row.amount / total, 2)
                )
            )
        gap = self.program.unallocated_cost
        if gap:
            segments.append(
                MoneySegment("재원 구성 미공개", "gap", gap, round(100 * gap / total, 2))
            )
        offset = 0.0
        for segment in segments:
            segment.offset = round(offset, 2)
            offset += segment.percent
        return segments

    @property
    def missing_facts(self):
        if self._missing is None:
            self._missing = self.program.missing_facts()
        return self._missing

    @property
    def completeness_percent(self) -> int:
        return self.program.completeness_percent_of(self.missing_facts)

    @property
    def primary_source(self):
        return self.program.cost_source or (self.sources[0] if self.sources else None)

    @property
    def citation(self) -> str:
        """경주시 투자사업 포털, 「사업명」, URL (2020. 12. 15. 기준). 원출처: …"""
        line = (
            f"{settings.SITE_NAME}, 「{self.program.name}」, {self.url} "
            f"({format_date(self.as_of)} 기준"
        )
        line += ", 스냅숏)" if self.snapshot else ")"
        source = self.primary_source
        if source:
            line += f". 원출처: {source.publisher}, 「{source.title}」({format_date(source.published_on)})"
        return line + "."

    def figure_citation(self, label: str, value: str, source) -> str:
        text = f"{self.program.name} {label} {value}"
        if source:
            text += f"({source.publisher} {source.get_kind_display()}, {format_date(source.published_on)} 기준)"
        return f"{text}. 출처: {settings.SITE_NAME}, {self.url}"

    @property
    def figure_citations(self) -> list[tuple[str, str]]:
        """A ready citation line for each figure on the page."""
        program = self.program
        lines = []
        if program.total_cost is not None:
            lines.append(
                (
                    "총사업비",
                    self.figure_citation(
                        "총사업비", format_won(program.total_cost), program.cost_source
                    ),
                )
            )
        for row in self.funding_rows:
            label = row.get_kind_display() + (f"({row.fiscal_year}년)" if row.fiscal_year else "")
            lines.append((label, self.figure_citation(label, format_won(row.amount), row.source)))
        for budget in self.budgets:
            label = f"{budget.fiscal_year}년 예산"
            lines.append(
                (label, self.figure_citation(label, format_won(budget.amount), budget.source))
            )
        for outcome in self.outcomes:
            label = outcome.title + (
                f"({outcome.period_year}년 {outcome.get_kind_display()})"
                if outcome.period_year
                else f"({outcome.get_kind_display()})"
            )
            value = f"{outcome.display_value}, {outcome.get_maturity_display()}"
            lines.append((label, self.figure_citation(label, value, outcome.source)))
        return lines

    def jsonld(self) -> dict:
        program = self.program
        data = {
            "@context": "https://schema.org",
            "@type": "Project",
            "name": program.name,
            "description": program.summary,
            "url": self.url,
            "inLanguage": "ko-KR",
            "dateModified": program.updated_at.isoformat(),
            "funder": {"@type": "GovernmentOrganization", "name": "경주시"},
        }
        grants = []
        if program.total_cost is not None:
            grants.append(monetary_grant("총사업비", program.total_cost))
        for row in self.funding_rows:
            grants.append(
                monetary_grant(row.get_kind_display(), row.amount, funder=kind_funder(row.kind))
            )
        for budget in self.budgets:
            grants.append(monetary_grant(f"{budget.fiscal_year}년 예산", budget.amount))
        if grants:
            data["funding"] = grants
        if program.site_id:
            data["location"] = {
                "@type": "Place",
                "name": program.site.name,
                "address": program.site.address or "경상북도 경주시",
            }
        if program.start_year:
            data["foundingDate"] = str(program.start_year)
        return data

    def meta(self) -> PageMeta:
        program = self.program
        description = f"{program.summary} 총사업비 {format_won(program.total_cost)}, {program.funding_summary}."
        return PageMeta(
            title=program.name + (f" ({self.snapshot.day_display} 기준)" if self.snapshot else ""),
            path=program.get_absolute_url(),
            description=description,
            og_type="article",
            image=slug_url("programs:og_image", program.slug) + f"?v={program.version}",
            image_alt=f"{program.name} 요약 카드",
            modified=program.updated_at,
            noindex=bool(self.snapshot) or not program.is_published,
            feed_url=slug_url("feeds:program", program.slug),
            feed_title=f"{program.name} 업데이트 피드",
            jsonld=[
                self.jsonld(),
                breadcrumb_jsonld(
                    [
                        ("홈", "/"),
                        ("사업 찾기", page_url("programs:list")),
                        (program.name, program.get_absolute_url()),
                    ]
                ),
            ],
        )


KIND_FUNDERS = {
    FundingKind.NATIONAL: "대한민국 정부",
    FundingKind.PROVINCIAL: "경상북도",
    FundingKind.CITY: "경주시",
}


def kind_funder(kind):
    name = KIND_FUNDERS.get(kind)
    if name:
        return {"@type": "GovernmentOrganization", "name": name}
    return {"@type": "Organization", "name": FundingKind(kind).label}


def monetary_grant(name, amount, funder=None):
    grant = {
        "@type": "MonetaryGrant",
        "name": name,
        "amount": {"@type": "MonetaryAmount", "currency": "KRW", "value": amount},
    }
    if funder:
        grant["funder"] = funder
    return grant
