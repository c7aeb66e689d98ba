"""What a program page shows of execution and schedule, worked out from the rows it was read with
(no queries): budget vs executed per year, and the milestones on a timeline with "오늘"."""

import datetime as dt
from dataclasses import dataclass, field

from gyeongju.core.dates import format_date

from .rules import (
    NO_EXECUTION,
    Lateness,
    execution_rate,
    execution_rate_label,
    format_planned,
    lateness,
)


@dataclass
class YearExecution:
    """One fiscal year of a program: its budget, what was executed of it by a date, and from where."""

    year: int
    budget: int | None = None
    budget_row: object = None
    total_row: object = None  # the year's whole execution, when stated
    kind_rows: list = field(default_factory=list)  # shares by funding kind, when stated

    @property
    def executed(self) -> int | None:
        """The year's stated total or, without one, the sum of its shares by kind (None: unknown)."""
        if self.total_row is not None:
            return self.total_row.amount
        if self.kind_rows:
            return sum(row.amount for row in self.kind_rows)
        return None

    @property
    def is_sum_of_kinds(self) -> bool:
        return self.total_row is None and bool(self.kind_rows)

    @property
    def as_of(self) -> dt.date | None:
        rows = [self.total_row] if self.total_row is not None else self.kind_rows
        return max((row.as_of for row in rows), default=None)

    @property
    def sources(self) -> list:
        rows = [self.total_row, *self.kind_rows]
        found = {}
        for row in rows:
            if row is not None and row.source is not None:
                found.setdefault(row.source_id, row.source)
        return list(found.values())

    @property
    def rate(self) -> float | None:
        return execution_rate(budget=self.budget, executed=self.executed)

    @property
    def rate_label(self) -> str:
        return execution_rate_label(budget=self.budget, executed=self.executed)

    @property
    def bar_percent(self) -> float:
        """The bar's filled part (an overspent year fills it, the text says by how much)."""
        return min(self.rate or 0.0, 100.0)

    @property
    def is_known(self) -> bool:
        return self.executed is not None

    @property
    def summary(self) -> str:
        """The year in one sentence, for the bar's text equivalent."""
        if not self.is_known:
            return f"{self.year}년: {NO_EXECUTION}"
        return f"{self.year}년 집행률 {self.rate_label}"


def execution_years(budgets, executions) -> list[YearExecution]:
    """Every year with a budget or an execution row, oldest first."""
    years: dict[int, YearExecution] = {}
    for budget in budgets:
        year = years.setdefault(budget.fiscal_year, YearExecution(budget.fiscal_year))
        year.budget, year.budget_row = budget.amount, budget
    for row in executions:
        year = years.setdefault(row.fiscal_year, YearExecution(row.fiscal_year))
        if row.kind:
            year.kind_rows.append(row)
        else:
            year.total_row = row
    return [years[year] for year in sorted(years)]


@dataclass
class TimelineEntry:
    milestone: object = None  # None for the "오늘" marker
    status: Lateness | None = None
    day: dt.date | None = None

    @property
    def is_today(self) -> bool:
        return self.milestone is None

    @property
    def planned_display(self) -> str:
        m = self.milestone
        return format_planned(m.planned_date, m.planned_precision) if m else ""

    @property
    def actual_display(self) -> str:
        m = self.milestone
        return format_date(m.actual_date) if m and m.actual_date else ""


@dataclass
class Timeline:
    entries: list[TimelineEntry]
    today: dt.date

    @property
    def milestones(self) -> list[TimelineEntry]:
        return [entry for entry in self.entries if not entry.is_today]

    @property
    def late(self) -> list[TimelineEntry]:
        return [entry for entry in self.milestones if entry.status.is_late]

    @property
    def today_display(self) -> str:
        return format_date(self.today)


def timeline(milestones, *, today: dt.date) -> Timeline:
    """The milestones in date order (the date they happened, or are due), with "오늘" among them."""
    entries = []
    for milestone in milestones:
        status = lateness(planned=milestone.planned_date, actual=milestone.actual_date, today=today)
        entries.append(
            TimelineEntry(milestone, status, milestone.actual_date or milestone.planned_date)
        )
    entries.sort(key=lambda entry: entry.day)
    position = sum(1 for entry in entries if entry.day < today)
    if entries:
        entries.insert(position, TimelineEntry(day=today))
    return Timeline(entries, today)
