"""The public change history of a program: what changed, when, old → new, and the staff's reason."""

import datetime as dt
from dataclasses import dataclass, field

from gyeongju.core.dates import format_date
from gyeongju.core.money import format_won
from gyeongju.facilities.models import Site
from gyeongju.funding.models import Funding
from gyeongju.outcomes.models import Outcome
from gyeongju.progress.models import Execution, Milestone
from gyeongju.progress.presenters import execution_years
from gyeongju.progress.rules import format_planned

from .managers import published
from .models import Category, Program, ProgramBudget
from .snapshots import PageRows, program_as_of

# Fields the public history shows, per model; the rest (timestamps, counters) are bookkeeping.
PROGRAM_FIELDS = [
    "name",
    "slug",
    "summary",
    "body",
    "category",
    "status",
    "start_year",
    "end_year",
    "total_cost",
    "cost_note",
    "site",
    "lead_department",
    "publication_state",
]
ROW_FIELDS = {
    Funding: ["kind", "amount", "fiscal_year", "note"],
    ProgramBudget: ["fiscal_year", "amount", "note"],
    Outcome: ["indicator", "label", "value", "unit", "kind", "maturity", "period_year", "as_of"],
    Execution: ["fiscal_year", "kind", "amount", "as_of", "note"],
    Milestone: ["phase", "name", "planned_date", "planned_precision", "actual_date", "note"],
}
MONEY_FIELDS = {"total_cost", "amount"}
LONG_TEXT_FIELDS = {"body", "summary"}
GROUP_WINDOW = dt.timedelta(seconds=10)


@dataclass
class Change:
    label: str
    old: str
    new: str


@dataclass
class Event:
    """One record's change: a program field edit, or a funding/budget/outcome row added/changed/removed."""

    when: dt.datetime
    subject: str
    action: str  # 등록, 변경, 삭제
    changes: list[Change]
    reason: str


@dataclass
class TimelineItem:
    when: dt.datetime
    reason: str
    events: list[Event] = field(default_factory=list)

    @property
    def touches_money_or_schedule(self):
        money = {"총사업비", "시작 연도", "종료 연도", "금액", "예산", "회계연도", "집행액"}
        money |= {"예정일", "실제 일자"}
        return any(c.label in money for e in self.events for c in e.changes) or any(
            e.subject.startswith(("재원", "연도별 예산", "집행 실적", "일정")) for e in self.events
        )


class Lookups:
    """Names for foreign keys in old records (one query per kind, whatever the history size)."""

    def __init__(self):
        self.categories = dict(Category.private_objects.values_list("pk", "name"))
        self.sites = dict(Site.private_objects.values_list("pk", "name"))


def display(model, name, value, lookups) -> str:
    if value in (None, ""):
        return "(없음)"
    if name in MONEY_FIELDS:
        return format_won(value)
    if name == "category":
        return lookups.categories.get(value, f"#{value}")
    if name == "site":
        return lookups.sites.get(value, f"#{value}")
    if name == "value" and model is Outcome:
        return f"{value:,}"
    if isinstance(value, dt.date):
        return format_date(value)
    field_ = model._meta.get_field(name)
    if field_.choices:
        return str(dict(field_.flatchoices).get(value, value))
    if name in {"start_year", "end_year", "fiscal_year", "period_year"}:
        return f"{value}년"
    if name in LONG_TEXT_FIELDS:
        text = str(value)
        return text if len(text) <= 120 else text[:120] + "…"
    return str(value)


def label_of(model, name) -> str:
    # "총사업비(원)" is the admin's label for typing whole 원; values here already read "120억원".
    return str(model._meta.get_field(name).verbose_name).removesuffix("(원)")


def raw_value(model, record, name):
    """A field's stored value; a foreign key's id, as diff_against gives it (no query)."""
    return getattr(record, model._meta.get_field(name).attname)


def events_for(model, states, fields, subject_of, lookups):
    """Turn one object's states (``(when, record)``, oldest first; a record None: absent) into
    events, each state compared with the one before it."""
    events = []
    previous = None
    for when, record in states:
        absent = record is None or record.history_type == "-"
        if absent:
            if previous is None:
                continue
            changes, action, shown = [], "삭제", previous
        elif previous is None:
            changes = [
                Change(
                    label_of(model, f), "", display(model, f, raw_value(model, record, f), lookups)
                )
                for f in fields
                if raw_value(model, record, f) not in (None, "") and f not in LONG_TEXT_FIELDS
            ]
            action, shown = "등록", record
        else:
            delta = record.diff_against(previous, included_fields=fields)
            changes = [
                Change(
                    label_of(model, c.field),
                    display(model, c.field, c.old, lookups),
                    display(model, c.field, c.new, lookups),
                )
                for c in delta.changes
            ]
            action, shown = "변경", record
            if not changes:
                previous = record
                continue  # a save that changed nothing the public sees
        # A state entered at a publication keeps the publication's reason, not its draft's.
        made_then = record is not None and record.history_date == when
        reason = (record.history_change_reason or "") if made_then else ""
        events.append(
            Event(
                when=when, subject=subject_of(shown), action=action, changes=changes, reason=reason
            )
        )
        previous = None if absent else record
    return events


def published_intervals(program_records) -> list[tuple]:
    """(start, end or None) of each stretch of time the program was published."""
    intervals, start = [], None
    for record in program_records:
        public = (
            record.history_type != "-"
            and record.publication_state == Program.PublicationState.PUBLISHED
        )
        if public and start is None:
            start = record.history_date
        elif not public and start is not None:
            intervals.append((start, record.history_date))
            start = None
    if start is not None:
        intervals.append((start, None))
    return intervals


def public_states(records, intervals) -> list[tuple]:
    """The states of one object the public saw: at each publication, the state it then had (made
    while it was a draft, maybe); then each change while published. A value it only had as a
    draft never appears (issue 19)."""
    if intervals is None:  # staff: every saved state
        return [(record.history_date, record) for record in records]
    states = []
    for start, end in intervals:
        entry = None
        for record in records:
            if record.history_date > start:
                break
            entry = record
        states.append((start, entry))
        states += [
            (record.history_date, record)
            for record in records
            if start < record.history_date and (end is None or record.history_date < end)
        ]
    return states


def by_object(records):
    grouped = {}
    for record in records:
        grouped.setdefault(record.id, []).append(record)
    return grouped.values()


def program_timeline(program: Program, *, include_drafts: bool = False) -> list[TimelineItem]:
    return program_timelines([program], include_drafts=include_drafts)[program.pk]


def program_timelines(programs, *, include_drafts: bool = False) -> dict[int, list[TimelineItem]]:
    """Each program's timeline, newest first, in a fixed number of queries however many programs
    (feeds list the latest changes of many programs at once)."""
    ids = [program.pk for program in programs]
    lookups = Lookups()
    program_records = grouped_by(
        Program.history.filter(id__in=ids).order_by("history_date", "history_id"), "id"
    )
    row_records = {
        model: grouped_by(
            model.history.filter(program_id__in=ids).order_by("history_date", "history_id"),
            "program_id",
        )
        for model in ROW_FIELDS
    }
    return {
        pk: build_timeline(
            program_records.get(pk, []),
            {model: rows.get(pk, []) for model, rows in row_records.items()},
            lookups,
            include_drafts=include_drafts,
        )
        for pk in ids
    }


def grouped_by(records, attribute) -> dict:
    grouped = {}
    for record in records:
        grouped.setdefault(getattr(record, attribute), []).append(record)
    return grouped


def build_timeline(program_records, row_records, lookups, *, include_drafts) -> list[TimelineItem]:
    """The program's public history: consecutive published states compared (for staff who
    preview, ``include_drafts``: every saved state)."""
    intervals = None if include_drafts else published_intervals(program_records)
    events = events_for(
        Program,
        public_states(program_records, intervals),
        PROGRAM_FIELDS,
        lambda r: "사업 정보",
        lookups,
    )

    def funding_subject(r):
        return f"재원: {r.get_kind_display()}" + (f" ({r.fiscal_year}년)" if r.fiscal_year else "")

    subjects = {
        Funding: funding_subject,
        ProgramBudget: lambda r: f"연도별 예산: {r.fiscal_year}년",
        Outcome: lambda r: f"성과: {r.label or r.get_indicator_display()}",
        Execution: lambda r: (
            f"집행 실적: {r.fiscal_year}년" + (f" {r.get_kind_display()}" if r.kind else "")
        ),
        Milestone: lambda r: f"일정: {r.name or r.get_phase_display()}",
    }
    for model, fields in ROW_FIELDS.items():
        for object_records in by_object(row_records[model]):
            states = public_states(object_records, intervals)
            events.extend(events_for(model, states, fields, subjects[model], lookups))

    events.sort(key=lambda e: e.when)
    timeline: list[TimelineItem] = []
    for event in events:
        last = timeline[-1] if timeline else None
        if (
            last
            and event.when - last.when <= GROUP_WINDOW
            and (event.reason == last.reason or not event.reason)
        ):
            last.events.append(event)
        else:
            timeline.append(TimelineItem(when=event.when, reason=event.reason, events=[event]))
    timeline.reverse()  # newest first
    return timeline


@dataclass
class Baseline:
    """Original (first published) vs current budget and schedule."""

    original_date: dt.datetime
    rows: list[tuple[str, str, str, bool]]  # label, original, current, changed


def original_vs_current(program: Program) -> Baseline | None:
    """``program`` was read with its page rows (``selectors.program_with_page_rows``)."""
    first = program.history.filter(published()).order_by("history_date", "history_id").first()
    if first is None:
        return None
    original = program_as_of(program, first.history_date + GROUP_WINDOW, include_drafts=True)
    if original is None:
        return None

    def money_rows(p, page_rows):
        rows = {"총사업비": format_won(p.total_cost)}
        for row in page_rows.funding:
            label = row.get_kind_display() + (f" ({row.fiscal_year}년)" if row.fiscal_year else "")
            rows[label] = format_won(row.amount)
        for budget in page_rows.budgets:
            rows[f"{budget.fiscal_year}년 예산"] = format_won(budget.amount)
        for year in execution_years(page_rows.budgets, page_rows.executions):
            if year.is_known:
                rows[f"{year.year}년 집행액"] = f"{format_won(year.executed)} ({year.rate_label})"
        rows["시작 연도"] = f"{p.start_year}년" if p.start_year else "미공개"
        rows["종료 연도"] = f"{p.end_year}년" if p.end_year else "미공개"
        # The schedule: each step's planned date, and its actual date once there is one.
        for m in page_rows.milestones:
            title = m.name or m.get_phase_display()
            rows[f"{title} 예정"] = format_planned(m.planned_date, m.planned_precision)
            rows[f"{title} 실제"] = format_date(m.actual_date, unknown="미공개")
        return rows

    before, after = money_rows(*original), money_rows(program, PageRows.of(program))
    labels = list(dict.fromkeys([*before, *after]))
    rows = [
        (
            label,
            before.get(label, "(없음)"),
            after.get(label, "(없음)"),
            before.get(label) != after.get(label),
        )
        for label in labels
    ]
    return Baseline(original_date=first.history_date, rows=rows)
