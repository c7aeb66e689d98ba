"""일정 지연 in the explorer, its downloads and feeds, and the execution and milestone datasets."""

import datetime as dt

import pytest

from tests.core.test_downloads import read_csv, read_json, read_xlsx
from tests.factories import ExecutionFactory, MilestoneFactory, ProgramFactory
from tests.html import parse
from tests.public import result_links

pytestmark = pytest.mark.django_db


@pytest.fixture
def mixed(underway):
    """Beside ``underway`` (one step late): one program on time, one done late, one with none."""
    on_time = ProgramFactory(name="제때 사업", slug="on-time")
    MilestoneFactory(program=on_time, planned_date=dt.date(2023, 1, 1))
    MilestoneFactory(
        program=on_time, planned_date=dt.date(2022, 1, 1), actual_date=dt.date(2021, 12, 1)
    )
    done_late = ProgramFactory(name="늦게 끝난 사업", slug="done-late")
    MilestoneFactory(
        program=done_late, planned_date=dt.date(2021, 1, 1), actual_date=dt.date(2021, 3, 1)
    )
    due_today = ProgramFactory(name="오늘 예정 사업", slug="due-today")
    MilestoneFactory(program=due_today, planned_date=dt.date(2022, 7, 1))
    ProgramFactory(name="일정 없는 사업", slug="no-schedule")
    draft = ProgramFactory(name="초안 사업", slug="draft-late", publication_state="draft")
    MilestoneFactory(program=draft, planned_date=dt.date(2020, 1, 1))
    return underway


def slugs(web, url):
    return sorted(link.strip("/").split("/")[1] for link in result_links(parse(web.get(url))))


def test_the_late_filter_lists_exactly_the_published_programs_with_a_late_step(web, mixed):
    assert slugs(web, "/programs/?schedule=late") == ["done-late", "molding-underway"]


def test_the_filter_has_a_labelled_checkbox_and_a_chip(web, mixed):
    page = web.get("/programs/?schedule=late").content.decode()
    assert 'name="schedule" value="late"' in page and "일정 지연" in page
    assert "<legend>일정</legend>" in page


def test_a_bad_schedule_value_is_ignored_with_a_korean_note(web, mixed):
    response = web.get("/programs/?schedule=soon")
    assert response.status_code == 200
    assert "‘일정’ 조건의 값 ‘soon’은(는) 올바르지 않아 무시했습니다." in response.content.decode()


def test_a_step_due_today_becomes_late_tomorrow(web, mixed, clock):
    clock.move_to(dt.datetime(2022, 7, 2, 9, tzinfo=dt.UTC))
    assert "due-today" in slugs(web, "/programs/?schedule=late")


def test_the_filtered_download_has_the_same_programs_and_the_late_steps(web, mixed):
    rows = read_csv(web.get("/programs/download.csv?schedule=late"))
    assert sorted(row["사업ID"] for row in rows) == ["done-late", "molding-underway"]
    underway = next(row for row in rows if row["사업ID"] == "molding-underway")
    assert underway["지연된 일정"] == "지원센터 준공(2022-03-31)"
    assert underway["연도별 집행액"] == "2021:3000000000:2021-12-31; 2022:1200000000:2022-05-31"


def test_the_search_feed_takes_the_filter(web, mixed):
    feed = web.get("/feeds/programs/?schedule=late").content.decode()
    assert "성형가공 기반구축" in feed and "제때 사업" not in feed


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "json"])
def test_the_execution_dataset_lists_each_published_row_with_source_and_date(web, mixed, fmt):
    ExecutionFactory(program=ProgramFactory(slug="hidden", publication_state="draft"))
    response = web.get(f"/data/execution.{fmt}")
    rows = read_json(response)["data"] if fmt == "json" else None
    if fmt == "csv":
        rows = read_csv(response)
        key = "사업ID"
    elif fmt == "xlsx":
        rows = read_xlsx(response)
        key = "사업ID"
    else:
        key = "program_slug"
    assert {row[key] for row in rows} == {"molding-underway"}
    assert len(rows) == 3
    if fmt == "csv":
        assert [(r["회계연도"], r["재원"], r["집행액(원)"], r["기준일"]) for r in rows] == [
            ("2021", "", "3000000000", "2021-12-31"),
            ("2022", "국비", "1000000000", "2022-05-31"),
            ("2022", "시비", "200000000", "2022-05-31"),
        ]
        assert rows[0]["출처"] == "지방재정365, 「세부사업별 세출 현황」(2020-12-15)"


def test_the_milestone_dataset_says_planned_as_stated_actual_and_status(web, mixed):
    rows = [
        r for r in read_csv(web.get("/data/milestones.csv")) if r["사업ID"] == "molding-underway"
    ]
    assert [(r["단계"], r["예정(출처 표기)"], r["실제 일자"], r["진행 상황"]) for r in rows] == [
        ("착공", "2021. 6. 30.", "2021-06-01", "예정보다 29일 일찍 완료"),
        ("준공", "2022. 3. 31.", "", "약 3개월(92일) 지연 (완료 기록 없음)"),
        ("장비 도입", "2022. 7. 1.", "", "오늘 예정"),
        ("개소", "2023년", "", "약 1년 6개월(548일) 남음"),
    ]
    assert "draft-late" not in {r["사업ID"] for r in read_csv(web.get("/data/milestones.csv"))}


def test_the_data_page_documents_every_new_column(web, mixed):
    page = web.get("/data/").content.decode()
    for words in (
        "연도별 집행액",
        "지연된 일정",
        "집행액(원)",
        "예정(출처 표기)",
        "실제 일자 출처",
    ):
        assert words in page
