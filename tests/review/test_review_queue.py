"""승인자 review what 편집자 propose: a queue with its count on the admin index, each change old →
new with the reason, a preview on the public URL, approval or rejection with a comment, one
open revision per record, conflicts shown field by field, and e-mail both ways (issue 19)."""

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from gyeongju.programs.models import Program
from gyeongju.review.models import Revision
from tests.adminkit import admin_form_id, form_data, visible_text
from tests.factories import EOK, staff_user
from tests.html import parse
from tests.public import Visitor

pytestmark = pytest.mark.django_db

SLUG = "vehicle-materials-molding"
PAGE = f"/programs/{SLUG}/"
CHANGE = reverse("admin:review_revision_changelist")


def molding():
    return Program.private_objects.get(slug=SLUG)


def propose(editor, changes):
    client = Visitor(editor)
    url = reverse("admin:programs_program_change", args=[molding().pk])
    page = client.get(url)
    return client.post(url, form_data(page, admin_form_id(Program), changes))


@pytest.fixture
def people(seed):
    editor = staff_user("minji", group="편집자")
    editor.email = "minji@gyeongju.go.kr"
    editor.save()
    approver = staff_user("seojun", group="승인자")
    approver.email = "seojun@gyeongju.go.kr"
    approver.save()
    return editor, approver


@pytest.fixture
def revision(people):
    editor, _ = people
    response = propose(editor, {"total_cost": "300억", "change_reason": "2021년 추경 증액"})
    assert response.status_code == 302
    return Revision.objects.get()


def test_approvers_see_the_queue_count_on_the_admin_index(people, revision):
    _, approver = people
    text = visible_text(Visitor(approver).get(reverse("admin:index")))
    assert "승인 대기 1건" in text
    assert "누가 무엇을 할 수 있나" in text and "변경 제안(승인 대기)" in text


def test_the_queue_lists_oldest_first_with_who_and_when(people, revision):
    editor, approver = people
    other = Program.public_objects.exclude(slug=SLUG).first()
    client = Visitor(editor)
    url = reverse("admin:programs_program_change", args=[other.pk])
    client.post(
        url, form_data(client.get(url), admin_form_id(Program), {"lead_department": "투자유치과"})
    )
    rows = parse(Visitor(approver).get(CHANGE)).find("table", id="result_list").find("tbody")
    lines = [tr.clean_text for tr in rows.find_all("tr")]
    assert len(lines) == 2
    assert lines[0].startswith(revision.title) and "minji" in lines[0]
    assert lines[1].startswith(other.name)
    # When, written as the public pages write dates (FORMAT_MODULE_PATH), not "12월 6일 … 오후".
    proposed = timezone.localtime(revision.created_at)
    assert f"{proposed:%Y}. {proposed.month}. {proposed.day}. {proposed:%H:%M}" in lines[0]


def test_the_revision_shows_each_change_old_to_new_with_the_reason(people, revision):
    _, approver = people
    doc = parse(Visitor(approver).get(revision.get_absolute_url()))
    table = doc.find("table", class_="review-changes")
    rows = [
        [tr.find("th").clean_text, *(td.clean_text for td in tr.find_all("td"))]
        for tr in table.find("tbody").find_all("tr")
    ]
    assert ["총사업비", "290억원", "300억원"] in rows
    assert "2021년 추경 증액" in doc.clean_text


def test_an_approver_previews_it_on_the_public_url_with_a_banner(people, revision):
    _, approver = people
    anonymous_before = Visitor().get(PAGE).content
    client = Visitor(approver)
    response = client.get(reverse("admin:review_preview", args=[revision.pk]))
    assert response.status_code == 302 and response["Location"] == PAGE
    preview = client.get(PAGE)
    text = visible_text(preview)
    assert "승인 전 미리보기" in text and "300억원" in text
    assert preview["Cache-Control"] == "private, no-store"
    assert "X-Page-Cache" not in preview
    # Nothing of it is kept or reaches anyone else.
    assert molding().total_cost == 290 * EOK
    assert Visitor().get(PAGE).content == anonymous_before
    client.get(reverse("admin:review_preview_end"))
    assert "300억원" not in visible_text(client.get(PAGE))


def test_anonymous_visitors_can_never_preview(people, revision):
    visitor = Visitor()
    response = visitor.get(reverse("admin:review_preview", args=[revision.pk]))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    assert "승인 전 미리보기" not in visible_text(visitor.get(PAGE))


def test_approval_goes_live_and_tells_the_editor(
    people, revision, django_capture_on_commit_callbacks
):
    _, approver = people
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = Visitor(approver).post(reverse("admin:review_approve", args=[revision.pk]), {})
    assert response.status_code == 302
    assert molding().total_cost == 300 * EOK
    assert "300억원" in visible_text(Visitor().get(PAGE))
    message = mail.outbox[-1]
    assert message.to == ["minji@gyeongju.go.kr"]
    assert "반영됨" in message.subject
    assert f"/admin/review/revision/{revision.pk}/change/" in message.body


def test_a_rejection_leaves_the_record_and_tells_the_editor_why(
    people, revision, django_capture_on_commit_callbacks
):
    editor, approver = people
    before = Visitor().get(PAGE).content
    mail.outbox.clear()
    refused = Visitor(approver).post(
        reverse("admin:review_reject", args=[revision.pk]), {"comment": ""}
    )
    assert refused.status_code == 400 and "반려 사유를 적어 주세요" in visible_text(refused)
    with django_capture_on_commit_callbacks(execute=True):
        Visitor(approver).post(
            reverse("admin:review_reject", args=[revision.pk]),
            {"comment": "근거 자료를 붙여 주세요."},
        )
    revision.refresh_from_db()
    assert revision.status == Revision.Status.REJECTED
    assert molding().total_cost == 290 * EOK
    assert Visitor().get(PAGE).content == before
    assert "근거 자료를 붙여 주세요." in visible_text(
        Visitor(editor).get(revision.get_absolute_url())
    )
    assert "근거 자료를 붙여 주세요." in mail.outbox[-1].body


def test_approvers_are_told_in_korean_when_a_revision_awaits_them(
    people, django_capture_on_commit_callbacks
):
    editor, _ = people
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        propose(editor, {"total_cost": "300억", "change_reason": "증액"})
    message = mail.outbox[-1]
    assert message.to == ["seojun@gyeongju.go.kr"]
    assert message.subject.endswith(f"승인 요청: {molding().name}")
    assert "minji님이" in message.body and "/admin/review/revision/" in message.body


def test_the_editor_reopens_and_amends_their_revision(people, revision):
    editor, _ = people
    client = Visitor(editor)
    url = reverse("admin:programs_program_change", args=[molding().pk])
    page = client.get(url)
    assert "승인을 기다리는 내 변경 제안을 고치고 있습니다" in visible_text(page)
    assert dict(form_data(page, admin_form_id(Program)))["total_cost"] == "300억원"
    response = client.post(
        url, form_data(page, admin_form_id(Program), {"lead_department": "미래자동차과"})
    )
    assert response.status_code == 302
    revision = Revision.objects.get()  # the same revision, amended
    assert revision.after["fields"]["total_cost"] == 300 * EOK
    assert revision.after["fields"]["lead_department"] == "미래자동차과"
    assert revision.before["fields"]["total_cost"] == 290 * EOK


def test_a_rejected_revision_is_reopened_not_lost(people, revision):
    editor, approver = people
    Visitor(approver).post(reverse("admin:review_reject", args=[revision.pk]), {"comment": "보완"})
    Visitor(editor).post(reverse("admin:review_reopen", args=[revision.pk]))
    revision.refresh_from_db()
    assert revision.status == Revision.Status.PENDING
    assert revision.after["fields"]["total_cost"] == 300 * EOK


def test_a_second_editor_is_told_where_the_open_revision_is(people, revision):
    other = staff_user("jiwoo", group="편집자")
    client = Visitor(other)
    url = reverse("admin:programs_program_change", args=[molding().pk])
    page = client.get(url)
    assert "minji님이" in visible_text(page) and "처리되지 않은 변경 제안" in visible_text(page)
    response = client.post(
        url, form_data(page, admin_form_id(Program), {"lead_department": "다른 과"}), follow=True
    )
    assert "처리된 뒤에 고칠 수 있습니다" in visible_text(response)
    assert Revision.objects.count() == 1
    assert molding().lead_department != "다른 과"


def test_approval_shows_a_conflict_field_by_field_and_does_not_overwrite_silently(people, revision):
    _, approver = people
    program = molding()
    program.total_cost = 295 * EOK  # changed live after the revision was made
    program._change_reason = "정정"
    program.save()
    client = Visitor(approver)
    response = client.post(reverse("admin:review_approve", args=[revision.pk]), {})
    assert response.status_code == 409
    doc = parse(response)
    conflicts = doc.find("div", class_="review-conflicts").find("tbody").clean_text
    assert "총사업비" in conflicts and "290억원" in conflicts and "295억원" in conflicts
    assert molding().total_cost == 295 * EOK
    client.post(reverse("admin:review_approve", args=[revision.pk]), {"overwrite": "1"})
    assert molding().total_cost == 300 * EOK


def test_fields_the_revision_did_not_change_keep_their_live_value(people, revision):
    _, approver = people
    program = molding()
    program.lead_department = "승인자가 바꾼 부서"
    program.save()
    Visitor(approver).post(reverse("admin:review_approve", args=[revision.pk]), {})
    program = molding()
    assert program.total_cost == 300 * EOK
    assert program.lead_department == "승인자가 바꾼 부서"


def test_editors_see_only_their_own_revisions(people, revision):
    other = staff_user("jiwoo", group="편집자")
    assert Visitor(other).get(revision.get_absolute_url()).status_code == 403
    assert revision.title not in visible_text(Visitor(other).get(CHANGE))
