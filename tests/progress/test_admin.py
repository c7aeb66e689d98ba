"""Staff keep execution and milestones in the admin: on the program's page (inlines) and on their
own pages, money and dates only with a 변경 사유, a 편집자's change only through an approver."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from gyeongju.programs.models import Program
from gyeongju.progress.models import Execution, Milestone
from gyeongju.review.models import Revision
from gyeongju.staff.admin.kit import REASON_REQUIRED
from tests.adminkit import (
    admin_form_id,
    fast_password_hashing,  # noqa: F401 -- a fixture
    form_data,
    visible_text,
)
from tests.factories import EOK, staff_user
from tests.public import Visitor

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_password_hashing")]


@pytest.fixture
def root(db):
    return staff_user("root", superuser=True)


@pytest.fixture(autouse=True)
def an_hour_later(underway, clock):
    """Edits come an hour after the program was recorded, so the history tells them apart."""
    clock.shift(dt.timedelta(hours=1))


def program_change(client, program, changes):
    url = reverse("admin:programs_program_change", args=[program.pk])
    page = client.get(url)
    assert page.status_code == 200
    return client.post(url, form_data(page, admin_form_id(Program), changes))


def row_change(client, row, changes):
    model = type(row)
    url = reverse(f"admin:progress_{model._meta.model_name}_change", args=[row.pk])
    page = client.get(url)
    assert page.status_code == 200
    return client.post(url, form_data(page, admin_form_id(model), changes))


def history_text(program):
    return visible_text(Visitor().get(reverse("programs:history", args=[program.slug])))


def completion(program):
    return Milestone.private_objects.get(program=program, name="지원센터 준공")


def test_a_moved_planned_date_needs_a_reason_and_nothing_is_saved_without_one(root, underway):
    response = program_change(Visitor(root), underway, {"milestones-1-planned_date": "2022-09-30"})
    assert response.status_code == 200
    assert REASON_REQUIRED in visible_text(response)
    assert completion(underway).planned_date == dt.date(2022, 3, 31)


@pytest.mark.parametrize("where", ["inline", "own page"])
def test_a_changed_executed_amount_needs_a_reason_and_nothing_is_saved_without_one(
    root, underway, where
):
    row = Execution.private_objects.filter(program=underway).order_by("pk").first()
    before = row.amount
    if where == "inline":
        index = list(
            Execution.private_objects.filter(program=underway).values_list("pk", flat=True)
        ).index(row.pk)
        response = program_change(Visitor(root), underway, {f"executions-{index}-amount": "1억"})
    else:
        response = row_change(Visitor(root), row, {"amount": "1억"})
    assert response.status_code == 200
    assert REASON_REQUIRED in visible_text(response)
    row.refresh_from_db()
    assert row.amount == before


def test_a_moved_planned_date_shows_in_the_public_history_with_its_reason(root, underway):
    assert completion(underway).pk == Milestone.private_objects.filter(program=underway)[1].pk
    response = program_change(
        Visitor(root),
        underway,
        {"milestones-1-planned_date": "2022-09-30", "change_reason": "공사 자재 수급 지연"},
    )
    assert response.status_code == 302, visible_text(response)[:2000]
    assert completion(underway).planned_date == dt.date(2022, 9, 30)

    text = history_text(underway)
    assert "일정: 지원센터 준공 변경" in text
    assert re.search(r"예정일: 2022\. 3\. 31\. → 2022\. 9\. 30\.", text)
    assert "변경 사유: 공사 자재 수급 지연" in text
    # 처음 공개 때와 현재: the schedule side by side.
    assert "지원센터 준공 예정 2022. 3. 31. 2022. 9. 30. 변경됨" in text


def test_the_baseline_table_shows_execution_and_actual_dates(root, underway):
    text = history_text(underway)
    assert "2021년 집행액 30억원 (75.0%) 30억원 (75.0%) 같음" in text
    assert "착공 실제 2021. 6. 1. 2021. 6. 1. 같음" in text
    assert "개소 예정 2023년 2023년 같음" in text


def test_an_execution_row_added_inline_is_kept_with_the_reason(root, underway):
    url = reverse("admin:programs_program_change", args=[underway.pk])
    page = Visitor(root).get(url)
    data = form_data(page, admin_form_id(Program))
    n = int(data["executions-TOTAL_FORMS"])
    source = Execution.private_objects.filter(program=underway).first().source_id
    data.update(
        {
            "executions-TOTAL_FORMS": str(n + 1),
            f"executions-{n}-fiscal_year": "2023",
            f"executions-{n}-kind": "",
            f"executions-{n}-amount": "7억5,000만",
            f"executions-{n}-as_of": "2023-03-31",
            f"executions-{n}-source": str(source),
            f"executions-{n}-program": str(underway.pk),
            "change_reason": "2023년 1분기 집행 반영",
        }
    )
    response = Visitor(root).post(url, data)
    assert response.status_code == 302, visible_text(response)[:3000]
    row = Execution.private_objects.get(program=underway, fiscal_year=2023)
    assert row.amount == 7 * EOK + 5000 * 10**4
    assert row.history.get().history_change_reason == "2023년 1분기 집행 반영"
    assert "집행 실적: 2023년 등록" in history_text(underway)


def test_a_negative_amount_is_refused_in_korean(root, underway):
    row = Execution.private_objects.filter(program=underway, kind="").get()
    response = row_change(Visitor(root), row, {"amount": "-1", "change_reason": "정정"})
    assert response.status_code == 200
    assert "0원 이상이어야 합니다." in visible_text(response)
    assert Execution.private_objects.get(pk=row.pk).amount == 30 * EOK


def test_a_second_whole_year_row_is_refused(root, underway):
    url = reverse("admin:progress_execution_add")
    row = Execution.private_objects.filter(program=underway, kind="").get()
    page = Visitor(root).get(url)
    data = form_data(
        page,
        admin_form_id(Execution),
        {
            "program": str(underway.pk),
            "fiscal_year": "2021",
            "kind": "",
            "amount": "1억",
            "as_of": "2021-12-31",
            "source": str(row.source_id),
        },
    )
    response = Visitor(root).post(url, data)
    assert response.status_code == 200
    assert Execution.private_objects.filter(program=underway, fiscal_year=2021).count() == 1


def test_an_editors_actual_date_waits_for_an_approver(editor, approver, underway):
    page_before = visible_text(Visitor().get(underway.get_absolute_url()))
    assert "지원센터 준공 (준공) 지연: 약 3개월(92일) 지연" in page_before

    response = row_change(
        Visitor(editor),
        completion(underway),
        {
            "actual_date": "2022-06-15",
            "actual_source": str(completion(underway).source_id),
            "change_reason": "준공 완료 보고",
        },
    )
    assert response.status_code == 302, visible_text(response)[:2000]
    revision = Revision.objects.get(status=Revision.Status.PENDING)
    assert completion(underway).actual_date is None
    assert visible_text(Visitor().get(underway.get_absolute_url())) == page_before

    approved = Visitor(approver).post(
        reverse("admin:review_approve", args=[revision.pk]), {"publish_at": ""}
    )
    assert approved.status_code == 302
    assert completion(underway).actual_date == dt.date(2022, 6, 15)
    text = visible_text(Visitor().get(underway.get_absolute_url()))
    assert "예정보다 약 2개월(76일) 늦게 완료" in text
    assert "변경 사유: 준공 완료 보고" in history_text(underway)


def test_an_actual_date_needs_its_source_as_a_planned_date_does(root, underway):
    response = row_change(
        Visitor(root),
        completion(underway),
        {"actual_date": "2022-06-15", "actual_source": "", "change_reason": "준공 완료 보고"},
    )
    assert response.status_code == 200  # the form again, with what was typed
    assert "실제 일자를 적으면 그 날을 밝힌 출처도 골라 주세요." in visible_text(response)
    assert completion(underway).actual_date is None


def test_a_year_stated_planned_date_is_kept_as_its_last_day(root, underway):
    row = completion(underway)
    response = row_change(
        Visitor(root),
        row,
        {"planned_date": "2023-02-01", "planned_precision": "year", "change_reason": "연도만 공개"},
    )
    assert response.status_code == 302, visible_text(response)[:2000]
    row.refresh_from_db()
    assert row.planned_date == dt.date(2023, 12, 31) and row.planned_display == "2023년"
