"""Is the money being spent, and on time: the 집행률 and lateness rules, pure functions of their
inputs (``today`` is handed in, from ``timezone.localdate()``), so each edge case is a test.

* 집행률 = the year's executed amount ÷ that year's budget. No budget (or a budget of 0원): no rate,
  never a division by zero. No execution reported: "집행 정보 미공개", never 0%.
* A milestone is late when its planned date has passed with no actual date, or when the actual
  date came after the planned one. Planned for today is not late yet; done before the planned
  date is early, not late. A date stated only as a year (or month) is due on its last day.
"""

import calendar
import datetime as dt
from dataclasses import dataclass

from gyeongju.core.dates import format_date

NO_EXECUTION = "집행 정보 미공개"
NO_BUDGET = "예산 미공개"
ZERO_BUDGET = "예산 0원(집행률 계산 불가)"


def execution_rate(*, budget: int | None, executed: int | None) -> float | None:
    """Executed ÷ budget in percent, one decimal; None when either is unknown or the budget is 0."""
    if executed is None or budget is None or budget <= 0:
        return None
    return round(100 * executed / budget, 1)


def execution_rate_label(*, budget: int | None, executed: int | None) -> str:
    """45.3%, or why there is no rate (never 0% for an unknown execution)."""
    if executed is None:
        return NO_EXECUTION
    if budget is None:
        return NO_BUDGET
    if budget <= 0:
        return ZERO_BUDGET
    return f"{execution_rate(budget=budget, executed=executed):.1f}%"


class Precision:
    """How exactly a planned date is stated: the day, or only its month or year."""

    DAY = "day"
    MONTH = "month"
    YEAR = "year"


def period_end(day: dt.date, precision: str) -> dt.date:
    """The last day a date stated to ``precision`` allows: 2021 → 2021-12-31."""
    if precision == Precision.YEAR:
        return dt.date(day.year, 12, 31)
    if precision == Precision.MONTH:
        return dt.date(day.year, day.month, calendar.monthrange(day.year, day.month)[1])
    return day


def format_planned(day: dt.date | None, precision: str) -> str:
    """2021년, 2021년 6월 or 2021. 6. 30. — as exactly as the source states it."""
    if day is None:
        return "미정"
    if precision == Precision.YEAR:
        return f"{day.year}년"
    if precision == Precision.MONTH:
        return f"{day.year}년 {day.month}월"
    return format_date(day)


def format_delay(days: int) -> str:
    """How long, the Korean way: 12일, 약 3개월(95일), 약 1년 2개월(430일)."""
    days = abs(days)
    if days < 31:
        return f"{days}일"
    months = round(days / 30.44)
    years, months = divmod(months, 12)
    if years and months:
        span = f"{years}년 {months}개월"
    elif years:
        span = f"{years}년"
    else:
        span = f"{months}개월"
    return f"약 {span}({days:,}일)"


@dataclass(frozen=True)
class Lateness:
    """Where a milestone stands on ``today``."""

    state: str  # one of the STATES below
    days: int  # how late (positive), how early, or how far off; 0 when on the day
    label: str  # in words, for the page and for screen readers

    STATES = ("late", "done_late", "done", "done_early", "due_today", "upcoming", "unknown")

    @property
    def is_late(self) -> bool:
        return self.state in ("late", "done_late")

    @property
    def is_done(self) -> bool:
        return self.state.startswith("done")


def lateness(*, planned: dt.date | None, actual: dt.date | None, today: dt.date) -> Lateness:
    """Late, on time, early or still to come. ``planned`` is the due day (``period_end``)."""
    if planned is None:
        if actual is not None:
            return Lateness("done", 0, "완료 (예정일 미공개)")
        return Lateness("unknown", 0, "예정일 미공개")
    if actual is not None:
        days = (actual - planned).days
        if days > 0:
            return Lateness("done_late", days, f"예정보다 {format_delay(days)} 늦게 완료")
        if days < 0:
            return Lateness("done_early", -days, f"예정보다 {format_delay(days)} 일찍 완료")
        return Lateness("done", 0, "예정대로 완료")
    days = (today - planned).days
    if days > 0:
        return Lateness("late", days, f"{format_delay(days)} 지연 (완료 기록 없음)")
    if days == 0:
        return Lateness("due_today", 0, "오늘 예정")
    return Lateness("upcoming", -days, f"{format_delay(days)} 남음")
