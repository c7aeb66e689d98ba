"""집행률 and lateness: the rules citizens read as "is the money spent, is it late"."""

import datetime as dt

import pytest

from gyeongju.progress.rules import (
    execution_rate,
    execution_rate_label,
    format_delay,
    format_planned,
    lateness,
    period_end,
)

TODAY = dt.date(2026, 12, 6)


def test_rate_is_executed_over_the_years_budget():
    assert execution_rate(budget=40_0000_0000, executed=10_0000_0000) == 25.0
    assert execution_rate_label(budget=3_0000_0000, executed=1_0000_0000) == "33.3%"


def test_no_budget_gives_no_rate_and_says_so():
    assert execution_rate(budget=None, executed=5_0000_0000) is None
    assert execution_rate_label(budget=None, executed=5_0000_0000) == "예산 미공개"


def test_a_zero_budget_is_never_divided_by():
    assert execution_rate(budget=0, executed=0) is None
    assert "계산 불가" in execution_rate_label(budget=0, executed=0)


def test_no_execution_is_unknown_never_zero_percent():
    assert execution_rate(budget=40_0000_0000, executed=None) is None
    assert execution_rate_label(budget=40_0000_0000, executed=None) == "집행 정보 미공개"
    assert execution_rate_label(budget=None, executed=None) == "집행 정보 미공개"


def test_an_executed_zero_is_a_real_zero_percent():
    assert execution_rate_label(budget=40_0000_0000, executed=0) == "0.0%"


def test_spending_above_the_budget_shows_above_100_percent():
    assert execution_rate(budget=100, executed=120) == 120.0


def test_a_passed_planned_date_without_an_actual_one_is_late_by_its_days():
    late = lateness(planned=dt.date(2026, 11, 26), actual=None, today=TODAY)
    assert late.is_late and late.state == "late" and late.days == 10
    assert late.label == "10일 지연 (완료 기록 없음)"


def test_an_actual_date_after_the_planned_one_is_late():
    late = lateness(planned=dt.date(2021, 12, 31), actual=dt.date(2022, 4, 30), today=TODAY)
    assert late.is_late and late.is_done and late.state == "done_late"
    assert late.label == "예정보다 약 4개월(120일) 늦게 완료"


def test_an_actual_date_before_the_planned_one_is_early_not_late():
    early = lateness(planned=dt.date(2022, 6, 30), actual=dt.date(2022, 6, 1), today=TODAY)
    assert not early.is_late and early.state == "done_early"
    assert early.label == "예정보다 29일 일찍 완료"


def test_done_on_the_day_is_on_time():
    on_time = lateness(planned=dt.date(2022, 6, 30), actual=dt.date(2022, 6, 30), today=TODAY)
    assert not on_time.is_late and on_time.label == "예정대로 완료"


def test_a_milestone_planned_for_today_is_not_late_yet():
    due = lateness(planned=TODAY, actual=None, today=TODAY)
    assert not due.is_late and due.state == "due_today" and due.label == "오늘 예정"
    tomorrow = lateness(planned=TODAY, actual=None, today=TODAY + dt.timedelta(days=1))
    assert tomorrow.is_late and tomorrow.days == 1


def test_a_future_milestone_is_upcoming():
    upcoming = lateness(planned=dt.date(2027, 1, 5), actual=None, today=TODAY)
    assert upcoming.state == "upcoming" and not upcoming.is_late
    assert upcoming.label == "30일 남음"


def test_no_planned_date_is_never_late():
    assert lateness(planned=None, actual=None, today=TODAY).state == "unknown"


@pytest.mark.parametrize(
    ("days", "words"),
    [
        (1, "1일"),
        (30, "30일"),
        (95, "약 3개월(95일)"),
        (365, "약 1년(365일)"),
        (430, "약 1년 2개월(430일)"),
        (1800, "약 4년 11개월(1,800일)"),
    ],
)
def test_how_late_reads_in_korean(days, words):
    assert format_delay(days) == words


def test_a_year_or_month_is_due_on_its_last_day():
    assert period_end(dt.date(2021, 3, 1), "year") == dt.date(2021, 12, 31)
    assert period_end(dt.date(2024, 2, 3), "month") == dt.date(2024, 2, 29)
    assert period_end(dt.date(2024, 2, 3), "day") == dt.date(2024, 2, 3)
    assert format_planned(dt.date(2021, 12, 31), "year") == "2021년"
    assert format_planned(dt.date(2021, 6, 30), "month") == "2021년 6월"
    assert format_planned(dt.date(2021, 6, 30), "day") == "2021. 6. 30."


def test_a_year_stated_milestone_is_late_only_after_its_year():
    due = period_end(dt.date(2026, 1, 1), "year")
    assert not lateness(planned=due, actual=None, today=TODAY).is_late
    assert lateness(planned=due, actual=None, today=dt.date(2027, 1, 1)).is_late
