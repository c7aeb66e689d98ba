"""Dated snapshots (?as_of=2021-06-09, typed 2021. 6. 9. too): a program page as it stood at the end of a day, rebuilt
from the change history, so that a journalist's citation stays true."""

import datetime as dt
import re
from dataclasses import dataclass, field

from django.utils import timezone

from gyeongju.core.dates import SEOUL, format_date
from gyeongju.core.seo import PageMeta
from gyeongju.funding.models import FUNDING_ORDER, Funding
from gyeongju.outcomes.models import OUTCOME_ORDER, Outcome
from gyeongju.progress.models import EXECUTION_ORDER, MILESTONE_ORDER, Execution, Milestone
from gyeongju.sources.models import Source

from .models import Program, ProgramBudget


@dataclass
class PageRows:
    """What a program page shows beside the program's own fields, each list in its page order."""

    funding: list = field(default_factory=list)
    budgets: list = field(default_factory=list)
    outcomes: list = field(default_factory=list)
    executions: list = field(default_factory=list)
    milestones: list = field(default_factory=list)
    facilities: list = field(default_factory=list)
    partnerships: list = field(default_factory=list)
    sources: list = field(default_factory=list)

    @classmethod
    def of(cls, program: Program) -> "PageRows":
        """The rows a program was read with (``selectors.program_with_page_rows``)."""
        return cls(
            funding=program.funding_rows,
            budgets=list(program.budgets.all()),
            outcomes=list(program.outcomes.all()),
            executions=list(program.executions.all()),
            milestones=list(program.milestones.all()),
            facilities=list(program.facilities.all()),
            partnerships=list(program.partnerships.all()),
            sources=list(program.sources.all()),
        )


@dataclass
class Snapshot:
    """The program page as it stood at the end of ``day`` (Seoul time), rebuilt from history."""

    day: dt.date | None
    program: Program | None = None
    rows: PageRows | None = None
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


# A day as Koreans type it: 2021. 5. 1. (the public-sector style; spaces and the last dot
# optional), 2021-05-01, 2021년 5월 1일. Not two-digit years nor slashes: 21-6-9 is ambiguous.
TYPED_DAY = re.compile(r"(\d{4})\s*(?:[.-]|년)\s*(\d{1,2})\s*(?:[.-]|월)\s*(\d{1,2})\s*[.일]?")
DAY_HINT = "2021. 5. 1. 또는 2021-05-01"


def parse_day(raw: str) -> dt.date | None:
    match = TYPED_DAY.fullmatch(raw.strip())
    if match is None:
        return None
    try:
        return dt.date(*(int(part) for part in match.groups()))
    except ValueError:  # 2021. 2. 30.
        return None


def respelled_query(request) -> str | None:
    """This URL's query with its day written 2021-05-01, when the visitor wrote it another way
    (2021. 5. 1.): the view redirects there, so each day has one URL and one stored page. None
    when there is nothing to rewrite (no day, the day as written already, or no day at all)."""
    values = request.GET.getlist("as_of")
    day = parse_day(values[-1]) if values else None
    if day is None or values == [day.isoformat()]:
        return None
    query = request.GET.copy()
    query.setlist("as_of", [day.isoformat()])
    return query.urlencode()


def snapshot_from_request(request, program: Program) -> Snapshot | None:
    raw = request.GET.get("as_of")
    if raw is None or raw == "":
        return None
    day = parse_day(raw)
    if day is None:
        return Snapshot(
            day=None, raw=raw[:40], error=f"날짜는 {DAY_HINT}처럼 연, 월, 일 순서로 적어 주세요."
        )
    if day >= timezone.localdate():
        return None  # today or later: the current page is the page as it stands
    return build_snapshot(program, day, include_drafts=not program.is_published)


def build_snapshot(program: Program, day: dt.date, *, include_drafts: bool = False) -> Snapshot:
    snapshot = Snapshot(day=day)
    found = program_as_of(program, snapshot.end, include_drafts=include_drafts)
    if found is None:
        snapshot.error = f"{format_date(day)}에는 이 사업이 이 누리집에 공개되어 있지 않았습니다."
    else:
        snapshot.program, snapshot.rows = found
    return snapshot


def program_as_of(program: Program, end: dt.datetime, *, include_drafts: bool = False):
    """(program, rows) as they stood at ``end``, or None if it was not public then. Funding,
    budgets, outcomes, execution and milestones come from their history; facilities, partners and sources have none and
    are shown as they are now (``program`` was read with its page rows)."""
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

    def rows_as_of(model, order):
        records = model.history.filter(program_id=program.pk, history_date__lte=end)
        return list(records.latest_of_each().as_instances().order_by(*order))

    current = PageRows.of(program)
    rows = PageRows(
        funding=rows_as_of(Funding, FUNDING_ORDER),
        budgets=rows_as_of(ProgramBudget, ["fiscal_year"]),
        outcomes=rows_as_of(Outcome, OUTCOME_ORDER),
        executions=rows_as_of(Execution, EXECUTION_ORDER),
        milestones=rows_as_of(Milestone, MILESTONE_ORDER),
        facilities=current.facilities,
        partnerships=current.partnerships,
        sources=current.sources,
    )
    cited = [*rows.funding, *rows.budgets, *rows.outcomes, *rows.executions, *rows.milestones]
    source_ids = {row.source_id for row in cited if row.source_id} | {past.cost_source_id}
    source_ids |= {row.actual_source_id for row in rows.milestones}
    sources = Source.private_objects.in_bulk(source_ids - {None})
    for row in cited:
        row.source = sources.get(row.source_id)
    for row in rows.milestones:
        row.actual_source = sources.get(row.actual_source_id)
    past.cost_source = sources.get(past.cost_source_id)
    if past.category_id == program.category_id:
        past.category = program.category
    if past.site_id == program.site_id:
        past.site = program.site
    return past, rows
