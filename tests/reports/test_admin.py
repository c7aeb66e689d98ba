"""Staff triage citizens' error reports in the admin: a Korean queue with a status filter, the
count of new reports on the admin index, a correction opened from a report carrying "시민 제보
반영" through approval into the public history, and the reporter told the outcome once."""

import pytest
from django.core import mail
from django.urls import reverse

from gyeongju.programs.models import Program
from gyeongju.reports.models import ErrorReport
from gyeongju.review.models import Revision
from tests.adminkit import form_data
from tests.public import Visitor

pytestmark = pytest.mark.django_db

SLUG = "vehicle-materials-molding"


@pytest.fixture
def reported(seed):
    program = Program.private_objects.get(slug=SLUG)
    return ErrorReport.objects.create(
        page_url=program.get_absolute_url(),
        program=program,
        record_name=program.name,
        message="요약의 준공 연도가 틀렸습니다.",
        email="citizen@example.kr",
    )


def test_the_index_counts_new_reports(reported, editor):
    ErrorReport.objects.create(page_url="/", message="처리 중인 신고", status="reviewing")
    page = Visitor(editor).get("/admin/")
    section = page.content.decode()
    assert "자료 오류 신고" in section and "새 신고 1건" in section


def test_the_queue_filters_by_status_in_korean(reported, editor):
    ErrorReport.objects.create(page_url="/", message="반려된 신고", status="rejected")
    client = Visitor(editor)
    page = client.get(reverse("admin:reports_errorreport_changelist") + "?status__exact=received")
    text = page.content.decode()
    assert page.status_code == 200
    assert "요약의 준공 연도가 틀렸습니다." in text and "반려된 신고" not in text
    for label in ("접수", "검토 중", "반영", "반려"):
        assert label in text
    assert client.get(reverse("admin:reports_errorreport_add")).status_code == 403


def test_the_correction_link_fills_in_the_reason_and_the_public_history_shows_it(
    reported, editor, approver
):
    client = Visitor(editor)
    report_page = client.get(reverse("admin:reports_errorreport_change", args=[reported.pk]))
    link = reverse("admin:programs_program_change", args=[reported.program_id])
    assert f'href="{link}?change_reason=' in report_page.content.decode()
    form = client.get(f"{link}?change_reason=시민 제보 반영&report={reported.pk}")
    data = form_data(form, "program_form", {"summary": "시민 제보로 고친 요약입니다."})
    assert data["change_reason"] == "시민 제보 반영"
    assert client.post(link, data).status_code == 302
    revision = Revision.objects.get(status=Revision.Status.PENDING)
    response = Visitor(approver).post(
        reverse("admin:review_approve", args=[revision.pk]), {"publish_at": ""}
    )
    assert response.status_code == 302
    history = Visitor().get(f"/programs/{SLUG}/history/").content.decode()
    assert "시민 제보 반영" in history and "시민 제보로 고친 요약입니다." in history


def test_the_reporter_is_told_the_outcome_once(
    reported, editor, django_capture_on_commit_callbacks
):
    client = Visitor(editor)
    url = reverse("admin:reports_errorreport_change", args=[reported.pk])
    data = form_data(client.get(url), "errorreport_form", {"status": "reviewing"})
    assert client.post(url, data).status_code == 302
    assert mail.outbox == []
    data = form_data(
        client.get(url), "errorreport_form", {"status": "applied", "reply": "요약을 고쳤습니다."}
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, data)
    assert response.status_code == 302
    reported.refresh_from_db()
    assert reported.status == "applied" and reported.reply_sent_at and reported.handled_by == editor
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["citizen@example.kr"]
    assert "반영" in message.subject and "요약을 고쳤습니다." in message.body
    assert "180일" in message.body
    data = form_data(client.get(url), "errorreport_form", {"status": "rejected"})
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, data)
    assert len(mail.outbox) == 1  # told once


def test_no_email_no_mail(seed, editor, django_capture_on_commit_callbacks):
    report = ErrorReport.objects.create(page_url="/", message="전자우편 없는 신고")
    client = Visitor(editor)
    url = reverse("admin:reports_errorreport_change", args=[report.pk])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, form_data(client.get(url), "errorreport_form", {"status": "rejected"}))
    report.refresh_from_db()
    assert report.status == "rejected" and report.reply_sent_at is None
    assert mail.outbox == []
