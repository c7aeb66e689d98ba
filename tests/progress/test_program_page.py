"""A program page answers "is the money being spent, and on time?": budget vs executed per year,
and the milestones on a timeline with 오늘, each late one saying how late, in words."""

import datetime as dt

import pytest
import time_machine

from gyeongju.core.dates import SEOUL
from tests.adminkit import visible_text
from tests.factories import BudgetFactory, ProgramFactory
from tests.public import full_page

pytestmark = pytest.mark.django_db


def section(response, id_):
    doc = full_page(response, None)
    return next(node for node in doc.iter() if node.attrs.get("id") == id_)


def test_each_year_shows_budget_executed_rate_as_of_and_source(web, underway):
    execution = section(web.get(underway.get_absolute_url()), "execution")
    rows = [" ".join(row.clean_text.split()) for row in execution.iter() if row.tag == "tr"]
    assert rows[1].startswith("2021년 40억원 30억원 75.0%")
    assert "2021. 12. 31. 기준 — 지방재정365, 「세부사업별 세출 현황」" in rows[1]
    # Shares by kind without a whole-year figure: their sum, said to be one.
    assert rows[2].startswith("2022년 50억원 12억원 (재원별 집행액의 합) 24.0%")
    assert "재원별 집행: 국비 10억원, 시비 2억원" in rows[2]
    # A year with a budget and no execution reported: unknown, never 0%.
    assert rows[3].startswith("2023년 60억원 집행 정보 미공개 집행 정보 미공개")
    assert "0%" not in rows[3]


def test_the_bar_is_drawn_without_inline_style_and_hidden_from_screen_readers(web, underway):
    execution = section(web.get(underway.get_absolute_url()), "execution")
    bars = [node for node in execution.iter() if node.tag == "svg"]
    assert len(bars) == 2  # the years with a rate
    assert all(bar.attrs.get("aria-hidden") == "true" for bar in bars)
    widths = [
        node.attrs["width"]
        for bar in bars
        for node in bar.iter()
        if "done" in node.attrs.get("class", "")
    ]
    assert widths == ["75.0", "24.0"]


def test_a_program_without_budget_or_execution_says_unknown(web, clock):
    program = ProgramFactory()
    text = visible_text(web.get(program.get_absolute_url()))
    assert "집행 정보 미공개" in text and "공개된 추진 일정이 없습니다." in text


def test_execution_without_a_budget_shows_the_amount_and_no_rate(web, clock):
    from tests.factories import ExecutionFactory

    program = ProgramFactory()
    ExecutionFactory(program=program, fiscal_year=2022, amount=3 * 10**8)
    execution = section(web.get(program.get_absolute_url()), "execution")
    assert "2022년 미공개 3억원 예산 미공개" in " ".join(execution.clean_text.split())


def test_the_timeline_puts_today_among_the_steps_and_says_how_late(web, underway):
    schedule = section(web.get(underway.get_absolute_url()), "schedule")
    steps = [" ".join(li.clean_text.split()) for li in schedule.iter() if li.tag == "li"]
    assert steps[0].startswith("착공 예정보다 29일 일찍 완료")
    assert steps[1].startswith("지원센터 준공 (준공) 지연: 약 3개월(92일) 지연 (완료 기록 없음)")
    assert "예정2022. 3. 31. 실제미공개" in steps[1]
    assert steps[2] == "오늘 2022. 7. 1."
    assert steps[3].startswith("장비 도입 오늘 예정")  # due today: not late yet
    assert steps[4].startswith("개소 약 1년 6개월(548일) 남음") and "예정2023년" in steps[4]
    assert "지연된 단계: 1개." in schedule.clean_text


def test_the_late_step_is_marked_in_words_not_colour_alone(web, underway):
    schedule = section(web.get(underway.get_absolute_url()), "schedule")
    late = next(
        li for li in schedule.iter() if li.tag == "li" and "state-late" in li.attrs.get("class", "")
    )
    assert "지연:" in late.clean_text


def test_the_next_day_the_page_is_judged_again(web, underway, clock):
    url = underway.get_absolute_url()
    first = web.get(url)
    assert "장비 도입 오늘 예정" in " ".join(visible_text(first).split())
    clock.move_to(dt.datetime(2022, 7, 2, 9, 0, tzinfo=SEOUL))
    second = web.get(url)
    assert second["ETag"] != first["ETag"]
    assert "장비 도입 지연: 1일 지연" in visible_text(second)


def test_a_snapshot_judges_lateness_on_its_own_day(web, underway):
    with time_machine.travel(dt.datetime(2022, 8, 1, 12, tzinfo=SEOUL), tick=False):
        text = visible_text(web.get(underway.get_absolute_url() + "?as_of=2022-07-01"))
    assert "2022. 7. 1. 기준입니다." in text
    assert "장비 도입 오늘 예정" in text


def test_the_citation_lines_carry_the_executed_amount(web, underway):
    text = visible_text(web.get(underway.get_absolute_url()))
    assert "2021년 집행액 30억원(2021. 12. 31. 기준, 집행률 75.0%)" in text


def test_a_budget_alone_reads_unknown_execution(web, clock):
    program = ProgramFactory()
    BudgetFactory(program=program, fiscal_year=2022)
    text = visible_text(web.get(program.get_absolute_url()))
    assert "2022년 5억원 집행 정보 미공개" in text


def test_the_glance_box_says_how_many_steps_are_late(web, underway):
    glance = section(web.get(underway.get_absolute_url()), "glance-title")
    assert glance.clean_text == "한눈에 보기"
    text = visible_text(web.get(underway.get_absolute_url()))
    assert "기간 2021년 ~ 2023년 일정 지연 1개" in text
