"""Staff edit programs through the real admin change form: history with reasons, Korean validation
messages, nothing half-saved, drafts and publishing, optimistic locking, renamed slugs, restore."""

import re

import pytest
from django.urls import reverse

from gyeongju.funding.models import Funding
from gyeongju.programs.models import Program
from gyeongju.review.models import Revision
from gyeongju.staff.admin.kit import REASON_REQUIRED
from gyeongju.staff.admin.programs import CONFLICT_MESSAGE
from tests.adminkit import (
    admin_form_id,
    fast_password_hashing,  # noqa: F401 -- a fixture
    form_data,
    form_fields,
    messages_of,
    visible_text,
)
from tests.factories import EOK, FundingFactory, ProgramFactory, staff_user
from tests.public import Visitor

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_password_hashing")]

FORM = admin_form_id(Program)
RESTORE_FORM = admin_form_id(Program.history.model)  # simple-history's form: historicalprogram_form


@pytest.fixture
def root(db):
    return staff_user("root", superuser=True)


@pytest.fixture
def program(db):
    """Published, 2021–2022, 290억원 in total of which 국비 90억원 is known."""
    program = ProgramFactory(
        name="차량용 첨단소재 성형가공 기술고도화 기반구축",
        slug="vehicle-materials-molding",
        start_year=2021,
        end_year=2022,
        total_cost=290 * EOK,
    )
    FundingFactory(program=program, kind="national", amount=90 * EOK)
    return program


def change_url(program):
    return reverse("admin:programs_program_change", args=[program.pk])


def snapshot(program):
    """Everything an invalid save must leave untouched: the row, its funding rows, its history."""
    row = Program.private_objects.values().get(pk=program.pk)
    row.pop("search_text", None)
    funding = list(
        Funding.private_objects.filter(program=program).values("kind", "amount", "fiscal_year")
    )
    return {
        "program": row,
        "funding": funding,
        "program_history": Program.history.filter(id=program.pk).count(),
        "funding_history": Funding.history.filter(program_id=program.pk).count(),
    }


def edit(client, program, changes):
    """Load the change form as a browser would, change some fields, and submit it."""
    page = client.get(change_url(program))
    assert page.status_code == 200
    return client.post(change_url(program), form_data(page, FORM, changes))


def assert_refused(response, message, before, program):
    assert response.status_code == 200, "an invalid save re-shows the form, it does not redirect"
    assert message in visible_text(response)
    assert snapshot(program) == before, "nothing may be saved from a refused form"


# Money and schedule changes: old → new with the reason -------------------------------------


def test_budget_edit_through_the_admin_form_records_old_new_and_reason(root, program):
    client = Visitor(root)

    response = edit(client, program, {"total_cost": "300억", "change_reason": "2021년 본예산 확정"})

    assert response.status_code == 302, visible_text(response)[:2000]
    program.refresh_from_db()
    assert program.total_cost == 300 * EOK
    latest, previous = Program.history.filter(id=program.pk).order_by("-history_id")[:2]
    assert (previous.total_cost, latest.total_cost) == (290 * EOK, 300 * EOK)
    assert latest.history_change_reason == "2021년 본예산 확정"
    assert latest.history_user == root

    public = Visitor().get(reverse("programs:history", args=[program.slug]))
    assert public.status_code == 200
    text = visible_text(public)
    assert re.search(r"총사업비(\(원\))?: 290억원 → 300억원", text)
    assert "변경 사유: 2021년 본예산 확정" in text


def test_funding_edit_through_the_program_inline_records_old_new_and_reason(root, program):
    client = Visitor(root)

    response = edit(
        client, program, {"funding-0-amount": "100억", "change_reason": "국비 추가 확보"}
    )

    assert response.status_code == 302, visible_text(response)[:2000]
    row = Funding.private_objects.get(program=program)
    assert row.amount == 100 * EOK
    latest, previous = row.history.order_by("-history_id")[:2]
    assert (previous.amount, latest.amount) == (90 * EOK, 100 * EOK)
    assert latest.history_change_reason == "국비 추가 확보"
    assert latest.history_user == root

    text = visible_text(Visitor().get(reverse("programs:history", args=[program.slug])))
    assert "재원: 국비 변경" in text
    assert re.search(r"금액(\(원\))?: 90억원 → 100억원", text)
    assert "변경 사유: 국비 추가 확보" in text


def test_a_new_funding_row_added_inline_is_kept_with_the_reason(root, program):
    client = Visitor(root)
    page = client.get(change_url(program))
    data = form_data(
        page,
        FORM,
        {
            "funding-TOTAL_FORMS": "2",
            "funding-1-kind": "city",
            "funding-1-amount": "50억",
            "funding-1-program": str(program.pk),
            "change_reason": "시비 확정",
        },
    )

    response = client.post(change_url(program), data)

    assert response.status_code == 302, visible_text(response)[:2000]
    city = Funding.private_objects.get(program=program, kind="city")
    assert city.amount == 50 * EOK
    assert city.history.get().history_change_reason == "시비 확정"


@pytest.mark.parametrize(
    "changes",
    [
        {"total_cost": "300억"},
        {"end_year": "2023"},
        {"funding-0-amount": "100억"},
        {"total_cost": "300억", "funding-0-amount": "100억"},
        {"total_cost": "300억", "change_reason": "   "},
    ],
    ids=["total", "schedule", "funding-inline", "total-and-funding", "blank-reason"],
)
def test_a_money_or_schedule_change_without_a_reason_saves_nothing(root, program, changes):
    before = snapshot(program)

    response = edit(Visitor(root), program, changes)

    assert_refused(response, REASON_REQUIRED, before, program)


def test_a_change_to_other_fields_needs_no_reason(root, program):
    response = edit(Visitor(root), program, {"lead_department": "투자유치과"})

    assert response.status_code == 302
    program.refresh_from_db()
    assert program.lead_department == "투자유치과"


# Invalid saves: a clear Korean message and nothing half-saved -------------------------------


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (
            {"start_year": "2023", "end_year": "2021"},
            "종료 연도는 시작 연도보다 앞설 수 없습니다.",
        ),
        (
            {"funding-0-amount": "300억"},
            "재원별 금액의 합(300억원)이 총사업비(290억원)를 넘습니다.",
        ),
        (
            # Lowering the total below the known shares is the same mistake seen from the other side.
            {"total_cost": "80억"},
            "재원별 금액의 합(90억원)이 총사업비(80억원)를 넘습니다.",
        ),
        ({"total_cost": "-5억"}, "금액은 0원 이상이어야 합니다."),
        ({"funding-0-amount": "-1억"}, "금액은 0원 이상이어야 합니다."),
        ({"total_cost": "abc억"}, "금액 'abc억'을(를) 읽을 수 없습니다."),
        ({"funding-0-amount": "12억x"}, "금액 '12억x'을(를) 읽을 수 없습니다."),
        (
            {"slug": "탄소-재활용"},
            "주소(slug)는 영문 소문자, 숫자와 하이픈(-)만 쓸 수 있습니다.",
        ),
    ],
    ids=[
        "end-before-start",
        "funding-above-total",
        "total-below-funding",
        "negative-total",
        "negative-funding",
        "malformed-total",
        "malformed-funding",
        "non-ascii-slug",
    ],
)
def test_an_invalid_save_shows_a_korean_message_and_saves_nothing(root, program, changes, message):
    before = snapshot(program)
    # Every field of the form changes together with the bad one, and a reason is given: the bad
    # field alone must stop the whole save.
    changes = {
        "name": "바뀐 이름",
        "lead_department": "투자유치과",
        "change_reason": "확인",
        **changes,
    }

    response = edit(Visitor(root), program, changes)

    assert_refused(response, message, before, program)


def test_the_add_form_refuses_a_non_ascii_slug(root):
    from tests.factories import CategoryFactory

    category = CategoryFactory()
    client = Visitor(root)
    page = client.get(reverse("admin:programs_program_add"))
    data = form_data(
        page,
        FORM,
        {
            "name": "탄소 소재 리사이클링",
            "slug": "탄소-리사이클링",
            "summary": "요약",
            "category": str(category.pk),
        },
    )

    response = client.post(reverse("admin:programs_program_add"), data)

    assert response.status_code == 200
    assert "주소(slug)는 영문 소문자, 숫자와 하이픈(-)만 쓸 수 있습니다." in visible_text(response)
    assert not Program.private_objects.exists()


# Drafts and publishing -----------------------------------------------------------------------


def test_an_editor_can_edit_but_sees_the_publication_state_read_only(editor, program):
    client = Visitor(editor)
    page = client.get(change_url(program))

    assert page.status_code == 200
    assert "publication_state" not in dict(form_fields(page, FORM))
    assert "공개 상태" in visible_text(page)

    response = edit(client, program, {"lead_department": "미래자동차과"})
    assert response.status_code == 302
    # The program is published: the edit waits for an approver (issue 19), the public sees no change.
    revision = Revision.objects.get()
    assert response["Location"] == revision.get_absolute_url()
    assert revision.after["fields"]["lead_department"] == "미래자동차과"
    program.refresh_from_db()
    assert program.lead_department != "미래자동차과"


def test_a_crafted_post_cannot_make_an_editor_publish(editor):
    draft = ProgramFactory(publication_state=Program.PublicationState.DRAFT)
    client = Visitor(editor)
    page = client.get(change_url(draft))
    data = form_data(page, FORM, {"publication_state": "published", "name": "공개하려는 초안"})

    response = client.post(change_url(draft), data)

    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.name == "공개하려는 초안", "the editor's other change is saved"
    assert draft.publication_state == Program.PublicationState.DRAFT
    assert Visitor().get(draft.get_absolute_url()).status_code == 404


def publish_action(client, program):
    changelist = reverse("admin:programs_program_changelist")
    return client.post(
        changelist,
        {"action": "publish", "_selected_action": [str(program.pk)], "index": "0"},
        follow=True,
    )


def test_the_publish_action_is_not_offered_to_an_editor_and_is_refused(editor):
    draft = ProgramFactory(publication_state=Program.PublicationState.DRAFT)
    client = Visitor(editor)

    changelist = client.get(reverse("admin:programs_program_changelist"))
    assert changelist.status_code == 200
    action_form = changelist.context["action_form"]
    actions = dict(action_form.fields["action"].choices) if action_form else {}
    assert "publish" not in actions
    assert "선택한 사업 공개" not in visible_text(changelist)

    response = publish_action(client, draft)

    assert response.status_code == 200
    draft.refresh_from_db()
    assert draft.publication_state == Program.PublicationState.DRAFT


def test_an_approver_publishes_with_the_action(approver):
    draft = ProgramFactory(publication_state=Program.PublicationState.DRAFT)
    client = Visitor(approver)
    assert Visitor().get(draft.get_absolute_url()).status_code == 404

    response = publish_action(client, draft)

    assert "1개 사업을 '공개' 상태로 바꿨습니다." in messages_of(response)
    draft.refresh_from_db()
    assert draft.publication_state == Program.PublicationState.PUBLISHED
    assert draft.published_at is not None
    record = draft.history.latest()
    assert record.history_change_reason == "공개 상태 변경: 공개"
    assert record.history_user == approver
    assert Visitor().get(draft.get_absolute_url()).status_code == 200


def test_a_program_an_editor_creates_is_a_draft(editor):
    from tests.factories import CategoryFactory

    category = CategoryFactory()
    client = Visitor(editor)
    page = client.get(reverse("admin:programs_program_add"))
    data = form_data(
        page,
        FORM,
        {
            "name": "수소 연료전지 실증",
            "slug": "hydrogen-fuel-cell",
            "summary": "수소 연료전지 실증 사업입니다.",
            "category": str(category.pk),
            "publication_state": "published",  # crafted: the field is not on an editor's form
        },
    )

    response = client.post(reverse("admin:programs_program_add"), data)

    assert response.status_code == 302, visible_text(response)[:2000]
    created = Program.private_objects.get(slug="hydrogen-fuel-cell")
    assert created.publication_state == Program.PublicationState.DRAFT
    assert Visitor().get(created.get_absolute_url()).status_code == 404


DRAFT_URLS = ["programs:detail", "programs:history", "programs:embed", "program_card"]


@pytest.mark.parametrize("name", [*DRAFT_URLS, "feeds:program"])
def test_a_draft_is_404_for_anonymous_visitors(name):
    draft = ProgramFactory(publication_state=Program.PublicationState.DRAFT, slug="secret-draft")

    response = Visitor().get(reverse(name, args=[draft.slug]))

    assert response.status_code == 404


def test_a_draft_stays_out_of_the_public_feeds_and_lists():
    ProgramFactory(name="공개 사업", slug="public-one")
    ProgramFactory(
        name="비밀 초안 사업", slug="secret-draft", publication_state=Program.PublicationState.DRAFT
    )
    client = Visitor()
    for url in ["/programs/", "/feeds/updates/", "/feeds/programs/", "/sitemap-programs.xml"]:
        response = client.get(url)
        assert response.status_code == 200, url
        content = response.content.decode()
        assert "secret-draft" not in content and "비밀 초안 사업" not in content, url


@pytest.mark.parametrize("name", ["programs:detail", "programs:history"])
def test_staff_with_view_permission_preview_a_draft(editor, name):
    draft = ProgramFactory(publication_state=Program.PublicationState.DRAFT, slug="secret-draft")

    response = Visitor(editor).get(reverse(name, args=[draft.slug]))

    assert response.status_code == 200
    assert "초안 미리보기" in visible_text(response)


def test_a_draft_preview_is_not_indexed(editor):
    draft = ProgramFactory(publication_state=Program.PublicationState.DRAFT, slug="secret-draft")

    response = Visitor(editor).get(draft.get_absolute_url())

    assert response["X-Robots-Tag"] == "noindex"


def test_staff_without_view_permission_get_404_for_a_draft():
    draft = ProgramFactory(publication_state=Program.PublicationState.DRAFT, slug="secret-draft")
    nobody = staff_user("nobody")

    assert Visitor(nobody).get(draft.get_absolute_url()).status_code == 404


# Optimistic locking --------------------------------------------------------------------------


def test_a_stale_form_cannot_overwrite_a_newer_save(root, approver, program):
    first, second = Visitor(root), Visitor(approver)
    first_page = first.get(change_url(program))
    second_page = second.get(change_url(program))

    saved = first.post(
        change_url(program),
        form_data(first_page, FORM, {"total_cost": "300억", "change_reason": "첫 번째 저장"}),
    )
    assert saved.status_code == 302
    before = snapshot(program)

    stale = second.post(
        change_url(program),
        form_data(
            second_page,
            FORM,
            {"total_cost": "310억", "funding-0-amount": "95억", "change_reason": "두 번째 저장"},
        ),
    )

    assert stale.status_code == 200
    assert CONFLICT_MESSAGE in visible_text(stale)
    assert snapshot(program) == before
    program.refresh_from_db()
    assert program.total_cost == 300 * EOK


def test_a_fresh_form_after_a_conflict_saves(root, approver, program):
    first, second = Visitor(root), Visitor(approver)
    second_page = second.get(change_url(program))
    edit(first, program, {"total_cost": "300억", "change_reason": "첫 번째 저장"})
    refused = second.post(
        change_url(program), form_data(second_page, FORM, {"name": "두 번째 이름"})
    )
    assert CONFLICT_MESSAGE in visible_text(refused)

    response = edit(second, program, {"name": "두 번째 이름"})

    assert response.status_code == 302
    program.refresh_from_db()
    assert (program.name, program.total_cost) == ("두 번째 이름", 300 * EOK)


# Renamed slugs -------------------------------------------------------------------------------


def test_a_slug_renamed_in_the_admin_keeps_the_old_url_alive(root, program):
    old_url = program.get_absolute_url()
    old_history_url = reverse("programs:history", args=[program.slug])

    response = edit(Visitor(root), program, {"slug": "molding-center"})

    assert response.status_code == 302
    visitor = Visitor()
    moved = visitor.get(old_url)
    assert moved.status_code == 301
    assert moved["Location"] == "/programs/molding-center/"
    assert visitor.get(old_history_url)["Location"] == "/programs/molding-center/history/"
    assert visitor.get(moved["Location"]).status_code == 200


# History in the admin: view and restore ------------------------------------------------------


def history_url(program):
    return reverse("admin:programs_program_history", args=[program.pk])


def restore_url(program, record):
    return reverse("admin:programs_program_simple_history", args=[program.pk, record.history_id])


def test_staff_see_the_change_history_with_user_reason_and_old_new(root, program):
    client = Visitor(root)
    edit(client, program, {"total_cost": "300억", "change_reason": "2021년 본예산 확정"})

    response = client.get(history_url(program))

    assert response.status_code == 200
    text = visible_text(response)
    assert "2021년 본예산 확정" in text
    assert "root" in text
    assert "290억원" in text and "300억원" in text


def test_a_restore_through_the_admin_brings_the_old_total_back(root, program):
    client = Visitor(root)
    visitor = Visitor()
    original = program.history.latest()
    # Edits, each seen by a visitor: the page cache holds a copy per edit version of the program.
    assert "290억원" in visible_text(visitor.get(program.get_absolute_url()))
    edit(client, program, {"total_cost": "300억", "change_reason": "2021년 본예산 확정"})
    assert "300억원" in visible_text(visitor.get(program.get_absolute_url()))
    edit(client, program, {"total_cost": "310억", "change_reason": "추경 반영"})
    edit(client, program, {"funding-0-amount": "100억", "change_reason": "국비 추가 확보"})
    assert "100억원" in visible_text(visitor.get(program.get_absolute_url()))
    version_before = Program.private_objects.values_list("version", flat=True).get(pk=program.pk)

    page = client.get(restore_url(program, original))
    assert page.status_code == 200
    response = client.post(
        restore_url(program, original),
        form_data(page, RESTORE_FORM, {"change_reason": "본예산 확정 취소, 원래 계획으로 복원"}),
    )

    assert response.status_code == 302, visible_text(response)[:2000]
    program.refresh_from_db()
    assert program.total_cost == 290 * EOK
    latest = program.history.latest()
    assert latest.total_cost == 290 * EOK
    assert latest.history_change_reason == "본예산 확정 취소, 원래 계획으로 복원"
    assert latest.history_user == root
    # A restore moves the program forward to a new version (the page cache has never seen), so the
    # public page shows the restored total with today's funding at once, not an older cached copy.
    assert program.version > version_before
    public = visible_text(visitor.get(program.get_absolute_url()))
    assert "290억원" in public and "100억원" in public
    assert "300억원" not in public and "310억원" not in public
    history = visible_text(visitor.get(reverse("programs:history", args=[program.slug])))
    assert re.search(r"총사업비(\(원\))?: 310억원 → 290억원", history)
    assert "본예산 확정 취소, 원래 계획으로 복원" in history


def test_a_restore_that_changes_money_needs_a_reason(root, program):
    client = Visitor(root)
    original = program.history.latest()
    edit(client, program, {"total_cost": "300억", "change_reason": "2021년 본예산 확정"})
    before = snapshot(program)

    page = client.get(restore_url(program, original))
    response = client.post(restore_url(program, original), form_data(page, RESTORE_FORM))

    assert response.status_code == 200
    assert REASON_REQUIRED in visible_text(response)
    assert snapshot(program) == before


def test_an_editor_restoring_an_old_version_does_not_change_publication(editor, approver, program):
    published_version = program.history.latest()
    Visitor(approver).post(
        reverse("admin:programs_program_changelist"),
        {"action": "unpublish", "_selected_action": [str(program.pk)], "index": "0"},
    )
    program.refresh_from_db()
    assert program.publication_state == Program.PublicationState.DRAFT

    client = Visitor(editor)
    page = client.get(restore_url(program, published_version))
    response = client.post(
        restore_url(program, published_version),
        form_data(page, RESTORE_FORM, {"change_reason": "이전 내용으로 복원"}),
    )

    assert response.status_code == 302, visible_text(response)[:2000]
    program.refresh_from_db()
    assert program.publication_state == Program.PublicationState.DRAFT
    assert Visitor().get(program.get_absolute_url()).status_code == 404


# The funding row's own admin page -------------------------------------------------------------


def test_a_funding_row_edited_on_its_own_page_keeps_old_new_and_reason(root, program):
    row = Funding.private_objects.get(program=program)
    url = reverse("admin:funding_funding_change", args=[row.pk])
    client = Visitor(root)
    form = admin_form_id(Funding)
    before = snapshot(program)

    refused = client.post(url, form_data(client.get(url), form, {"amount": "100억"}))
    assert refused.status_code == 200
    assert REASON_REQUIRED in visible_text(refused)
    assert snapshot(program) == before

    too_much = client.post(
        url, form_data(client.get(url), form, {"amount": "300억", "change_reason": "증액"})
    )
    assert "재원별 금액의 합(300억원)이 총사업비(290억원)를 넘습니다." in visible_text(too_much)
    assert snapshot(program) == before

    saved = client.post(
        url,
        form_data(client.get(url), form, {"amount": "100억", "change_reason": "국비 추가 확보"}),
    )
    assert saved.status_code == 302
    latest, previous = row.history.order_by("-history_id")[:2]
    assert (previous.amount, latest.amount) == (90 * EOK, 100 * EOK)
    assert (latest.history_change_reason, latest.history_user) == ("국비 추가 확보", root)


def test_moving_money_between_funding_rows_at_the_total_saves(root):
    """국비 60억 + 시비 40억 of 100억 becomes 국비 40억 + 시비 60억: at no write may the known
    shares pass the total (SQLite checks each row as it is written)."""
    program = ProgramFactory(total_cost=100 * EOK)
    FundingFactory(program=program, kind="city", amount=40 * EOK)
    FundingFactory(program=program, kind="national", amount=60 * EOK)
    client = Visitor(root)
    page = client.get(change_url(program))
    rows = {
        name: value
        for name, value in form_fields(page, FORM)
        if re.fullmatch(r"funding-\d+-kind", name)
    }
    changes = {"change_reason": "국비·시비 분담 조정"}
    for name, kind in rows.items():
        prefix = name.removesuffix("-kind")
        changes[f"{prefix}-amount"] = "60억" if kind == "city" else "40억"

    response = client.post(change_url(program), form_data(page, FORM, changes))

    assert response.status_code == 302, visible_text(response)[:2000]
    assert dict(Funding.private_objects.filter(program=program).values_list("kind", "amount")) == {
        "city": 60 * EOK,
        "national": 40 * EOK,
    }
