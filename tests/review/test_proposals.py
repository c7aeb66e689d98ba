"""Every public change is approved (issue 19): a 편집자's change to a published record, by any path
of the admin, is saved as a revision; until a 승인자 approves it, every public surface answers
exactly what it answered before, byte for byte; after approval, it shows the change."""

import re

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gyeongju.core.models import StoredPage
from gyeongju.facilities.models import Facility, Site
from gyeongju.funding.models import Funding
from gyeongju.organisations.models import Organisation
from gyeongju.outcomes.models import Outcome
from gyeongju.places.models import Place
from gyeongju.programs.models import (
    Category,
    PortfolioYear,
    Program,
    ProgramBudget,
    ProgramPartner,
)
from gyeongju.review.models import Revision
from gyeongju.sources.models import Source
from tests.adminkit import admin_form_id, form_data
from tests.factories import EOK, staff_user
from tests.public import Visitor

pytestmark = pytest.mark.django_db

SLUG = "vehicle-materials-molding"  # 290억원, 국비 90억원, 2021–2022
PAGE = f"/programs/{SLUG}/"
SURFACES = [
    "/",
    PAGE,
    f"{PAGE}history/",
    f"{PAGE}embed/",
    f"{PAGE}og.png",
    f"{PAGE}?as_of=2021-01-05",
    "/programs/",
    "/programs/?q=성형",
    "/funding/",
    "/funding/national/",
    "/facilities/",
    "/facilities/vehicle-materials-molding-center/",
    "/outcomes/",
    "/data/programs.csv",
    "/data/facilities.json",
    "/programs/download.json?q=성형",
    "/feeds/updates/",
    f"/feeds/programs/{SLUG}/",
    "/sitemap-programs.xml",
    f"/oembed/?url=https://testserver{PAGE}",
]
HTMX = {"HX-Request": "true", "HX-Target": "results"}
GENERATED = re.compile(rb'"generated_at": "[^"]*"')


def public(*, fresh: bool) -> dict:
    """Every surface as an anonymous visitor gets it (``fresh``: nothing stored, all rendered)."""
    if fresh:
        cache.clear()
        StoredPage.objects.all().delete()
    visitor = Visitor()
    pages = {url: visitor.get(url) for url in SURFACES}
    pages["htmx"] = visitor.get("/programs/?q=성형", headers=HTMX)
    assert all(r.status_code == 200 for r in pages.values()), {
        url: r.status_code for url, r in pages.items() if r.status_code != 200
    }
    # A JSON download says when it was made: the one byte range that may differ between two asks.
    return {
        url: GENERATED.sub(b'"generated_at": ""', r.body if r.streaming else r.content)
        for url, r in pages.items()
    }


def text(url) -> str:
    response = Visitor().get(url)
    return (response.body if response.streaming else response.content).decode("utf-8", "replace")


def change(client, model, obj, changes, *, form=None, files=None):
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_change", args=[obj.pk])
    page = client.get(url)
    assert page.status_code == 200
    data = form_data(page, form or admin_form_id(model), changes)
    return client.post(url, {**data, **(files or {})})


def approve(approver, revision, **data):
    response = Visitor(approver).post(
        reverse("admin:review_approve", args=[revision.pk]), {"publish_at": "", **data}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    revision.refresh_from_db()
    return revision


def proposed() -> Revision:
    return Revision.objects.get(status=Revision.Status.PENDING)


def molding():
    return Program.private_objects.get(slug=SLUG)


@pytest.fixture
def before(seed):
    public(fresh=True)  # stored once, as a busy site would have them
    return public(fresh=False)


def holds(before, edit_made, *, expected: str, where: str = PAGE, approver=None):
    """The edit made a revision and nothing public moved; approving it shows ``expected``."""
    revision = proposed()
    assert public(fresh=False) == before, "a stored page changed before approval"
    assert public(fresh=True) == before, "a fresh render differs before approval"
    assert expected not in text(where)
    approve(approver, revision)
    assert revision.status == Revision.Status.PUBLISHED
    assert expected in text(where)
    return revision


# Each path of the admin, as 편집자 on a published record ------------------------------------


def test_the_change_form(before, editor, approver):
    response = change(
        Visitor(editor), Program, molding(), {"total_cost": "300억", "change_reason": "증액"}
    )
    assert response.status_code == 302
    assert response["Location"] == proposed().get_absolute_url()
    revision = holds(before, response, expected="300억원", approver=approver)
    assert revision.reason == "증액"


def test_an_inline_row(before, editor, approver):
    program = molding()
    page = Visitor(editor).get(reverse("admin:programs_program_change", args=[program.pk]))
    data = form_data(page, admin_form_id(Program))
    prefix = next(key for key in data if key.endswith("-0-amount")).removesuffix("-0-amount")
    data.update({f"{prefix}-0-amount": "100억", "change_reason": "국비 추가"})
    response = Visitor(editor).post(
        reverse("admin:programs_program_change", args=[program.pk]), data
    )
    assert response.status_code == 302
    holds(before, response, expected="국비 100억원", approver=approver)


@pytest.mark.parametrize(
    ("model", "changes", "expected"),
    [
        (Funding, {"amount": "95억", "change_reason": "국비 확정"}, "국비 95억원"),
        (ProgramBudget, {"amount": "55억", "change_reason": "본예산"}, "55억원"),
        (Outcome, {"label": "새 성과 설명", "change_reason": "보완"}, "새 성과 설명"),
        (ProgramPartner, {"role": "공동 주관"}, "공동 주관"),
    ],
)
def test_a_rows_own_admin(before, editor, approver, model, changes, expected):
    row = model.private_objects.filter(program__slug=SLUG).order_by("pk").first()
    if row is None:  # not every seed program has every kind of row: use the one that has
        row = model.private_objects.filter(program__publication_state="published").first()
    where = row.program.get_absolute_url()
    response = change(Visitor(editor), model, row, changes)
    assert response.status_code == 302, response.content.decode()[:500]
    holds(before, response, expected=expected, where=where, approver=approver)


def test_deleting_a_row(before, editor, approver):
    row = Funding.private_objects.get(program__slug=SLUG)
    response = Visitor(editor).post(
        reverse("admin:funding_funding_delete", args=[row.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    assert Funding.private_objects.filter(pk=row.pk).exists()
    revision = proposed()
    assert public(fresh=False) == before, "a stored page changed before approval"
    assert public(fresh=True) == before, "a fresh render differs before approval"
    approve(approver, revision)
    assert not Funding.private_objects.filter(pk=row.pk).exists()
    assert "국비 90억원" not in text(PAGE).split("재원 구성")[0]


def test_adding_a_row(before, editor, approver):
    client = Visitor(editor)
    page = client.get(reverse("admin:funding_funding_add"))
    data = form_data(
        page,
        admin_form_id(Funding),
        {
            "program": str(molding().pk),
            "kind": "city",
            "amount": "30억",
            "fiscal_year": "2021",
            "change_reason": "시비 확정",
        },
    )
    response = client.post(reverse("admin:funding_funding_add"), data)
    assert response.status_code == 302, response.content.decode()[:500]
    holds(before, response, expected="시비 30억원", approver=approver)
    assert Funding.private_objects.filter(program__slug=SLUG, kind="city").count() == 1


def test_a_spreadsheet_import(before, editor, approver):
    client = Visitor(editor)
    export_page = client.get(reverse("admin:programs_program_export"))
    csv_format = re.search(
        r'<option value="(\d+)"[^>]*>csv</option>', export_page.content.decode()
    ).group(1)
    exported = client.post(
        reverse("admin:programs_program_export"),
        form_data(export_page, None, {"format": csv_format}),
    ).content.decode("utf-8-sig")
    rows = exported.splitlines()
    changed = [rows[0]] + [
        row.replace(",290억원,", ",310억원,")
        .replace(",29000000000,", ",31000000000,")
        .replace(",178억원,", ",180억원,")
        .replace(",17800000000,", ",18000000000,")
        for row in rows[1:]
    ]
    import_page = client.get(reverse("admin:programs_program_import"))
    data = form_data(import_page, None, {"format": csv_format, "change_reason": "추경"})
    data["import_file"] = SimpleUploadedFile(
        "programs.csv", ("\n".join(changed) + "\n").encode("utf-8-sig")
    )
    preview = client.post(reverse("admin:programs_program_import"), data)
    assert "승인 요청으로 저장됩니다." in preview.content.decode()
    response = client.post(reverse("admin:programs_program_process_import"), form_data(preview))
    assert response.status_code == 302
    # One revision per changed record: the two programs whose cost changed, none for the rest.
    pending = Revision.objects.filter(status="pending")
    assert pending.count() == 2
    other = pending.exclude(object_id=molding().pk).get()
    assert other.reason == "추경"
    rejected = Visitor(approver).post(
        reverse("admin:review_reject", args=[other.pk]), {"comment": "따로 검토"}
    )
    assert rejected.status_code == 302
    holds(before, response, expected="310억원", approver=approver)


def test_a_history_revert(before, editor, approver, root):
    program = molding()
    Visitor(root).get("/")  # nothing but the root user's session
    old = Program.history.filter(id=program.pk).order_by("history_id").first()
    program.summary = "승인자가 고친 요약"
    program._change_reason = "요약 수정"
    program.save()
    now = public(fresh=True)
    url = reverse("admin:programs_program_simple_history", args=[program.pk, old.history_id])
    page = Visitor(editor).get(url)
    data = form_data(page, admin_form_id(Program.history.model), {"change_reason": "되돌림"})
    response = Visitor(editor).post(url, data)
    assert response.status_code == 302
    holds(now, response, expected=old.summary[:20], approver=approver)


def test_a_slug_rename(before, editor, approver):
    response = change(Visitor(editor), Program, molding(), {"slug": "molding-center-program"})
    assert response.status_code == 302
    holds(
        before,
        response,
        expected="차량용",
        where="/programs/molding-center-program/",
        approver=approver,
    )
    renamed = Visitor().get(PAGE)
    assert renamed.status_code == 301
    assert renamed["Location"] == "/programs/molding-center-program/"


@pytest.mark.parametrize(
    ("model", "find", "changes", "expected", "where"),
    [
        (
            Facility,
            {"slug": "vehicle-materials-molding-center"},
            {"name": "성형가공 센터(새 이름)", "change_reason": "명칭 변경"},
            "성형가공 센터(새 이름)",
            PAGE,
        ),
        (
            Site,
            {"slug": "oedong-gueo2"},
            {"name": "외동 구어2일반산업단지"},
            "외동 구어2일반산업단지",
            PAGE,
        ),
        (
            Source,
            {"pk": 1},
            {"url": "https://www.gyeongju.go.kr/news/1"},
            "https://www.gyeongju.go.kr/news/1",
            PAGE,
        ),
        (
            Organisation,
            {"slug": "kotra"},
            {"name": "대한무역투자진흥공사(KOTRA)"},
            "대한무역투자진흥공사(KOTRA)",
            "/programs/eco-auto-parts-cluster-fdi-strategy/",
        ),
        (
            Place,
            {"slug": "gueo2-industrial-complex"},
            {"name": "구어2일반산업단지"},
            "구어2일반산업단지",
            "/places/oedong-eup/",
        ),
    ],
)
def test_records_that_program_pages_show(
    before, editor, approver, model, find, changes, expected, where
):
    obj = model.private_objects.get(**find)
    response = change(Visitor(editor), model, obj, changes)
    assert response.status_code == 302, response.content.decode()[:800]
    holds(before, response, expected=expected, where=where, approver=approver)


@pytest.mark.parametrize(
    ("model", "find", "changes", "expected", "where"),
    [
        (
            PortfolioYear,
            {"year": 2021},
            {"total_amount": "335억", "change_reason": "시 발표 정정"},
            "335억원",
            "/",
        ),
        (
            Category,
            {"slug": "smart-manufacturing"},
            {"name": "스마트 제조·소프트웨어"},
            "스마트 제조·소프트웨어",
            "/programs/",
        ),
    ],
)
def test_the_citys_totals_and_categories_from_an_account_that_may_change_not_publish(
    before, editor, approver, model, find, changes, expected, where
):
    """편집자 may only view these; an account given change permission but not publish (a city could
    grant it) proposes, as on every other record."""
    from django.contrib.auth.models import Permission

    editor.user_permissions.add(Permission.objects.get(codename=f"change_{model._meta.model_name}"))
    obj = model.private_objects.get(**find)
    response = change(Visitor(editor), model, obj, changes)
    assert response.status_code == 302, response.content.decode()[:800]
    holds(before, response, expected=expected, where=where, approver=approver)


def test_a_draft_is_still_edited_directly(seed, editor):
    draft = Program.private_objects.create(
        name="초안 사업", slug="draft-one", summary="요약", category=molding().category
    )
    response = change(Visitor(editor), Program, draft, {"summary": "고친 요약"})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.summary == "고친 요약"
    assert not Revision.objects.exists()


def test_an_approvers_own_edit_goes_live_and_the_history_says_so(seed, approver):
    response = change(
        Visitor(approver), Program, molding(), {"total_cost": "300억", "change_reason": "증액"}
    )
    assert response.status_code == 302
    assert molding().total_cost == 300 * EOK
    assert not Revision.objects.exists()
    record = Program.history.filter(id=molding().pk).latest("history_date")
    assert record.history_user == approver and record.proposed_by is None


def test_approval_records_editor_approver_and_both_times(seed, editor, approver):
    change(Visitor(editor), Program, molding(), {"total_cost": "300억", "change_reason": "증액"})
    revision = approve(approver, proposed())
    record = Program.history.filter(id=molding().pk).latest("history_date")
    assert record.history_user == approver
    assert record.proposed_by == editor
    assert record.proposed_at == revision.created_at
    assert record.approved_at == revision.decided_at
    assert record.history_change_reason == "증액"


# What an editor may not do -------------------------------------------------------------------


def test_a_view_only_account_cannot_revert_the_citys_totals(seed, db):
    """The attack of issue 19: view permission on PortfolioYear, then a revert POST."""
    from django.contrib.auth.models import Permission

    viewer = staff_user("viewer")
    viewer.user_permissions.add(Permission.objects.get(codename="view_portfolioyear"))
    year = PortfolioYear.private_objects.get(year=2021)
    year.total_amount = 335 * EOK
    year._change_reason = "정정"
    year.save()
    old = PortfolioYear.history.filter(id=year.pk).order_by("history_id").first()
    url = reverse("admin:programs_portfolioyear_simple_history", args=[year.pk, old.history_id])
    client = Visitor(viewer)
    page = client.get(url)
    data = form_data(page, admin_form_id(PortfolioYear.history.model), {"total_amount": "9999억"})
    response = client.post(url, data)
    assert response.status_code == 403
    assert PortfolioYear.private_objects.get(pk=year.pk).total_amount == 335 * EOK


def test_an_editor_cannot_delete_a_published_record(seed, editor):
    facility = Facility.public_objects.first()
    response = Visitor(editor).post(
        reverse("admin:facilities_facility_delete", args=[facility.pk]), {"post": "yes"}
    )
    assert response.status_code == 403
    assert Facility.private_objects.filter(pk=facility.pk).exists()


def test_the_admin_history_says_who_proposed_and_who_approved(seed, editor, approver):
    change(Visitor(editor), Program, molding(), {"total_cost": "300억", "change_reason": "증액"})
    approve(approver, proposed())
    change(Visitor(approver), Program, molding(), {"lead_department": "미래차과"})
    page = Visitor(approver).get(reverse("admin:programs_program_history", args=[molding().pk]))
    text = page.content.decode()
    assert "editor 제안(" in text and "승인자 직접 반영" in text
