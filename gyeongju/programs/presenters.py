"""What the programs' pages show, worked out in Python so templates only lay it out: the program
page, the explorer's title, and each page's meta (title, description, OpenGraph, JSON-LD)."""

import datetime as dt
from dataclasses import dataclass
from functools import cached_property

from django.conf import settings
from django.utils import timezone

from gyeongju.core.dates import format_date, format_period
from gyeongju.core.links import page_url, slug_url
from gyeongju.core.money import format_won
from gyeongju.core.seo import (
    PageMeta,
    absolute,
    breadcrumb_jsonld,
    collection_jsonld,
    monetary_grant,
    thing,
    webpage_jsonld,
)
from gyeongju.funding.models import funding_summary, unallocated_cost
from gyeongju.funding.presenters import kind_funder
from gyeongju.progress.presenters import Timeline, YearExecution, execution_years, timeline

from .models import Program
from .snapshots import PageRows, Snapshot

EXPLORER_DESCRIPTION = (
    "경주시 경제 투자사업을 분야, 상태, 연도, 재원, 지역, 금액으로 찾아보고 "
    "찾은 목록을 CSV·엑셀·JSON으로 내려받을 수 있습니다."
)


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


def explorer_meta(form, page, query: str) -> PageMeta:
    title = explorer_title(form, page)
    path = page_url("programs:list") + (f"?{query}" if query else "")
    return PageMeta(
        title=title,
        path=path,
        description=EXPLORER_DESCRIPTION,
        feed_url=page_url("feeds:search") + (f"?{query}" if query else ""),
        feed_title="이 검색 결과의 업데이트 피드",
        jsonld=[
            collection_jsonld(
                name=title,
                path=path,
                description=EXPLORER_DESCRIPTION,
                items=[program_thing(p) for p in page.object_list],
                total=page.paginator.count,
            )
        ],
    )


def program_thing(program: Program) -> dict:
    """A program as an item of a JSON-LD list (what a list row shows, no extra queries)."""
    data = thing("Project", program.name, program.get_absolute_url(), description=program.summary)
    if program.total_cost is not None:
        data["funding"] = [monetary_grant("총사업비", program.total_cost)]
    return data


def history_meta(program: Program) -> PageMeta:
    path = slug_url("programs:history", program.slug)
    return PageMeta(
        title=f"{program.name} 변경 이력",
        path=path,
        description=f"{program.name}의 예산, 일정, 성과가 언제, 왜 바뀌었는지 기록한 변경 이력입니다.",
        modified=program.updated_at,
        feed_url=slug_url("feeds:program", program.slug),
        feed_title=f"{program.name} 업데이트 피드",
        jsonld=[
            webpage_jsonld(
                name=f"{program.name} 변경 이력",
                path=path,
                description=f"{program.name}의 예산, 일정, 성과 변경 기록",
            )
            | {
                "dateModified": program.updated_at.isoformat(),
                "about": program_thing(program),
            },
            breadcrumb_jsonld(
                [
                    ("홈", "/"),
                    ("사업 찾기", page_url("programs:list")),
                    (program.name, program.get_absolute_url()),
                    ("변경 이력", path),
                ]
            ),
        ],
    )


def embed_meta(program: Program) -> PageMeta:
    return PageMeta(
        title=f"{program.name} 사업 카드",
        path=slug_url("programs:embed", program.slug),
        description=program.summary,
        noindex=True,
    )


# The program page ---------------------------------------------------------------------------


@dataclass
class MoneySegment:
    label: str
    css: str
    amount: int | None
    percent: float
    offset: float = 0.0  # where the segment starts in the bar, in percent


COMPLETENESS_FACTS = 7


@dataclass
class ProgramPage:
    """A program (as it is, or as a snapshot had it) with the rows its page shows."""

    program: Program
    rows: PageRows
    snapshot: Snapshot | None = None
    completeness_facts = COMPLETENESS_FACTS

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
        return self.rows.funding

    @property
    def budgets(self):
        return self.rows.budgets

    @property
    def outcomes(self):
        return self.rows.outcomes

    @property
    def facilities(self):
        return self.rows.facilities

    @property
    def today(self) -> dt.date:
        """The day lateness is judged on: a snapshot's own day, else today (Seoul)."""
        return self.snapshot.day if self.snapshot else timezone.localdate()

    @cached_property
    def execution_years(self) -> list[YearExecution]:
        return execution_years(self.rows.budgets, self.rows.executions)

    @cached_property
    def timeline(self) -> Timeline:
        return timeline(self.rows.milestones, today=self.today)

    @property
    def partnerships(self):
        return self.rows.partnerships

    @property
    def sources(self):
        return self.rows.sources

    @cached_property
    def funding_summary(self) -> str:
        return funding_summary(self.program.total_cost, self.rows.funding)

    @cached_property
    def money_segments(self) -> list[MoneySegment]:
        total = self.program.total_cost
        if not total:
            return []
        segments = [
            MoneySegment(
                row.get_kind_display(), row.kind, row.amount, round(100 * row.amount / total, 2)
            )
            for row in self.rows.funding
        ]
        gap = unallocated_cost(total, self.rows.funding)
        if gap:
            segments.append(
                MoneySegment("재원 구성 미공개", "gap", gap, round(100 * gap / total, 2))
            )
        offset = 0.0
        for segment in segments:
            segment.offset = round(offset, 2)
            offset += segment.percent
        return segments

    @cached_property
    def missing_facts(self) -> list[str]:
        """Key facts this record does not state yet (the completeness marker)."""
        program, missing = self.program, []
        if program.total_cost is None and not self.rows.budgets:
            missing.append("사업비")
        if program.total_cost is not None and unallocated_cost(
            program.total_cost, self.rows.funding
        ):
            missing.append("재원별 구성")
        if program.start_year is None:
            missing.append("시작 연도")
        if program.end_year is None:
            missing.append("종료 연도")
        if not program.lead_department:
            missing.append("담당 부서")
        if program.site_id is None:
            missing.append("입지")
        if not self.rows.outcomes:
            missing.append("성과 지표")
        return missing

    @property
    def completeness_percent(self) -> int:
        return round(100 * (COMPLETENESS_FACTS - len(self.missing_facts)) / COMPLETENESS_FACTS)

    @property
    def primary_source(self):
        return self.program.cost_source or (self.rows.sources[0] if self.rows.sources else None)

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
        for row in self.rows.funding:
            label = row.get_kind_display() + (f"({row.fiscal_year}년)" if row.fiscal_year else "")
            lines.append((label, self.figure_citation(label, format_won(row.amount), row.source)))
        for budget in self.rows.budgets:
            label = f"{budget.fiscal_year}년 예산"
            lines.append(
                (label, self.figure_citation(label, format_won(budget.amount), budget.source))
            )
        for year in self.execution_years:
            if year.is_known:
                label = f"{year.year}년 집행액"
                value = f"{format_won(year.executed)}({format_date(year.as_of)} 기준, 집행률 {year.rate_label})"
                source = year.sources[0] if year.sources else None
                lines.append((label, self.figure_citation(label, value, source)))
        for outcome in self.rows.outcomes:
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
        for row in self.rows.funding:
            grants.append(
                monetary_grant(row.get_kind_display(), row.amount, funder=kind_funder(row.kind))
            )
        for budget in self.rows.budgets:
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
        description = (
            f"{program.summary} 총사업비 {format_won(program.total_cost)}, {self.funding_summary}."
        )
        return PageMeta(
            title=program.name + (f" ({self.snapshot.day_display} 기준)" if self.snapshot else ""),
            path=program.get_absolute_url(),
            description=description,
            og_type="article",
            image=slug_url("program_card", program.slug) + f"?v={program.version}",
            # The card shows the program as it is now: a snapshot's figures would misdescribe it.
            image_alt=f"{program.name} 사업 카드" if self.snapshot else card_alt(program),
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


def card_facts(program: Program) -> tuple[str, list[tuple[str, str]]]:
    """What a program's preview card (og:image) shows under its name: a kicker and three facts.
    ``pages.views.program_card`` draws them; ``card_alt`` says them."""
    kicker = f"{program.category.name} · {program.get_status_display()}"
    facts = [
        ("총사업비", format_won(program.total_cost)),
        ("사업 기간", format_period(program.start_year, program.end_year).split(" (")[0]),
        ("최종 수정", format_date(program.updated_at)),
    ]
    return kicker, facts


def card_alt(program: Program) -> str:
    """The card's alt text (og:image:alt, twitter:image:alt): what it shows, in words."""
    kicker, facts = card_facts(program)
    shown = ", ".join(f"{label} {value}" for label, value in facts)
    return f"{program.name} 사업 카드: {kicker}, {shown}"
