"""Execution and milestones go wherever the record goes: staff spreadsheets (a round trip changes
nothing; an import's reason reaches the history), snapshots (?as_of=), feeds, the seed."""

import datetime as dt
import re

import pytest
import tablib
from django.core.management import call_command
from django.urls import reverse

from gyeongju.programs.models import Program
from gyeongju.progress.models import Execution, Milestone
from tests.adminkit import (
    fast_password_hashing,  # noqa: F401 -- a fixture
    visible_text,
)
from tests.factories import EOK, staff_user
from tests.programs.test_spreadsheets import (
    confirm,
    format_index,
    preview,
    read_sheet,
    totals,
    write_csv,
)
from tests.public import Visitor

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_password_hashing")]

EXECUTION_COLUMNS = ["ID", "사업 주소(slug)", "사업명", "회계연도", "재원(비우면 전체)"]
EXECUTION_COLUMNS += ["집행액(원)", "기준일", "출처 ID", "근거 문구", "메모"]


@pytest.fixture
def root(db):
    return staff_user("root", superuser=True)


@pytest.fixture(autouse=True)
def spreadsheet_models(monkeypatch):
    from tests.programs import test_spreadsheets

    monkeypatch.setitem(test_spreadsheets.MODELS, "execution", "progress_execution")
    monkeypatch.setitem(test_spreadsheets.MODELS, "milestones", "progress_milestone")


def export(client, kind, fmt):
    from tests.adminkit import form_data
    from tests.programs.test_spreadsheets import admin_url

    page = client.get(admin_url(kind, "export"))
    return client.post(
        admin_url(kind, "export"), form_data(page, None, {"format": format_index(page, fmt)})
    )


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize("kind", ["execution", "milestones"])
def test_a_round_trip_of_an_unchanged_sheet_changes_nothing(root, underway, kind, fmt):
    client = Visitor(root)
    exported = export(client, kind, fmt)
    assert exported.status_code == 200
    sheet = read_sheet(exported.content, fmt)
    if kind == "execution":
        assert sheet.headers == EXECUTION_COLUMNS
    model = Execution if kind == "execution" else Milestone
    before = list(model.private_objects.values()), model.history.count()
    page = preview(client, kind, exported.content, fmt)
    assert totals(page) == {"skip": model.private_objects.count()}
    assert (list(model.private_objects.values()), model.history.count()) == before


def test_an_imported_execution_row_is_kept_with_the_reason(root, underway, clock):
    clock.shift(dt.timedelta(hours=1))
    client = Visitor(root)
    sheet = read_sheet(export(client, "execution", "csv").content, "csv")
    source = sheet.dict[0]["출처 ID"]
    sheet.append(["", underway.slug, "", "2023", "", "4억", "2023. 3. 31.", source, "", ""])
    page = preview(client, "execution", write_csv(sheet), "csv", reason="1분기 집행 반영")
    assert totals(page) == {"new": 1, "skip": 3}
    confirm(client, "execution", page)
    row = Execution.private_objects.get(program=underway, fiscal_year=2023)
    assert (row.amount, row.as_of) == (4 * EOK, dt.date(2023, 3, 31))
    assert "변경 사유: 1분기 집행 반영" in visible_text(
        Visitor().get(reverse("programs:history", args=[underway.slug]))
    )


def test_a_bad_date_in_a_sheet_is_named_in_korean(root, underway):
    client = Visitor(root)
    sheet = read_sheet(export(client, "milestones", "csv").content, "csv")
    rows = sheet.dict
    rows[0]["예정일"] = "내년 봄"
    bad = tablib.Dataset(*[list(r.values()) for r in rows], headers=sheet.headers)
    page = preview(client, "milestones", write_csv(bad), "csv")
    assert "날짜 '내년 봄'을(를) 읽을 수 없습니다" in visible_text(page), visible_text(page)[-3000:]
    assert Milestone.private_objects.filter(program=underway).count() == 4


def test_a_snapshot_shows_the_schedule_and_execution_as_they_stood(web, underway, clock):
    clock.move_to(dt.datetime(2022, 9, 1, 12, tzinfo=dt.UTC))
    row = Milestone.private_objects.get(name="지원센터 준공")
    row.planned_date = dt.date(2022, 12, 31)
    row._change_reason = "공사 지연"
    row.save()
    spent = Execution.private_objects.get(program=underway, fiscal_year=2021)
    spent.amount = 39 * EOK
    spent.save()
    clock.move_to(dt.datetime(2022, 9, 2, 12, tzinfo=dt.UTC))

    then = visible_text(web.get(underway.get_absolute_url() + "?as_of=2022-07-01"))
    assert "2021년 40억원 30억원" in then and "예정 2022. 3. 31." in then
    now = visible_text(web.get(underway.get_absolute_url()))
    assert "2021년 40억원 39억원" in now and "예정 2022. 12. 31." in now


def test_the_program_feed_carries_a_moved_planned_date_and_its_reason(web, underway, clock):
    clock.shift(dt.timedelta(hours=1))
    row = Milestone.private_objects.get(name="지원센터 준공")
    row.planned_date = dt.date(2022, 12, 31)
    row._change_reason = "공사 지연"
    row.save()
    feed = web.get(f"/feeds/programs/{underway.slug}/").content.decode()
    assert "일정: 지원센터 준공 변경" in feed
    assert re.search(r"예정일: 2022\. 3\. 31\. → 2022\. 12\. 31\.", feed)
    assert "변경 사유: 공사 지연" in feed


def test_an_edit_gives_the_program_page_a_new_version(web, underway):
    first = web.get(underway.get_absolute_url())
    Execution.private_objects.filter(program=underway, fiscal_year=2021).get().delete()
    second = web.get(underway.get_absolute_url())
    assert second["ETag"] != first["ETag"]
    assert "2021년 40억원 집행 정보 미공개" in visible_text(second)


def test_the_seed_records_the_announced_planned_dates_and_invents_nothing(db):
    call_command("loaddata", "portfolio", verbosity=0)
    planned = {
        (m.program.slug, m.get_phase_display(), m.planned_display)
        for m in Milestone.public_objects.select_related("program")
    }
    assert planned >= {
        ("vehicle-materials-molding", "준공", "2021년"),
        ("vehicle-materials-molding", "사업 종료", "2022년"),
        ("ai-bms-ecosystem", "사업 종료", "2025년"),
        ("proton-ion-beam-rnd-center", "준공", "2026년"),
    }
    assert not Milestone.private_objects.filter(actual_date__isnull=False).exists()
    assert not Execution.private_objects.exists()
    assert all(m.quote and m.source_id for m in Milestone.private_objects.all())
    assert Program.public_objects.count() == 10


def test_the_seed_page_shows_unknown_execution_and_the_late_center(web, db):
    call_command("loaddata", "portfolio", verbosity=0)
    import time_machine

    from gyeongju.core.dates import SEOUL

    with time_machine.travel(dt.datetime(2022, 3, 1, 12, tzinfo=SEOUL), tick=False):
        text = visible_text(web.get("/programs/vehicle-materials-molding/"))
    assert "집행 정보 미공개" in text
    assert "성형가공 지원센터 건립 (준공) 지연: 약 2개월(60일) 지연 (완료 기록 없음)" in text
    assert "예정 2021년 실제 미공개" in text.replace("예정2021년", "예정 2021년")
