"""The approver's screen in a real browser (issue 19): the queue from the admin index, a revision's
changes old → new, the preview on the public page with its banner, and approval."""

import os
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from gyeongju.programs.models import Program
from gyeongju.review.models import Revision
from tests.adminkit import admin_form_id, form_data
from tests.factories import staff_user
from tests.public import Visitor, log_in

pytestmark = pytest.mark.browser

SLUG = "vehicle-materials-molding"
# Screenshots for a person to look at: set SCREENSHOTS to a folder to keep them.
SHOTS = Path(os.environ.get("SCREENSHOTS", "")) if os.environ.get("SCREENSHOTS") else None


def logged_in(context, site, user):
    client = Client()
    log_in(client, user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": site}])


def shoot(page, name):
    if SHOTS:
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_an_approver_reviews_previews_and_approves_a_revision(site, context):
    editor = staff_user("minji", group="편집자")
    approver = staff_user("seojun", group="승인자")
    program = Program.public_objects.get(slug=SLUG)
    client = Visitor(editor)
    url = reverse("admin:programs_program_change", args=[program.pk])
    changes = {"total_cost": "300억", "change_reason": "2021년 제1회 추경 증액"}
    assert (
        client.post(url, form_data(client.get(url), admin_form_id(Program), changes)).status_code
        == 302
    )

    logged_in(context, site, approver)
    page = context.new_page()
    page.goto(f"{site}/admin/")
    page.get_by_role("link", name="승인 대기 1건").click()
    page.wait_for_url("**/admin/review/revision/**")
    assert page.locator("#result_list tbody tr").count() == 1
    shoot(page, "review-queue")

    page.get_by_role("link", name=program.name).click()
    table = page.locator("table.review-changes")
    assert table.locator("tbody tr").filter(has_text="총사업비").inner_text().split("\t") == [
        "총사업비",
        "290억원",
        "300억원",
    ]
    assert "2021년 제1회 추경 증액" in page.inner_text("#content-main")
    shoot(page, "review-revision")

    page.get_by_role("link", name="공개 화면에서 미리 보기").click()
    page.wait_for_url(f"**/programs/{SLUG}/")
    banner = page.locator(".banner.is-preview")
    assert "승인 전 미리보기" in banner.inner_text()
    assert "300억원" in page.locator("#money-title + dl").inner_text()
    shoot(page, "review-preview")
    assert "300억원" not in Visitor().get(f"/programs/{SLUG}/").content.decode()

    banner.get_by_role("link", name="결재 화면으로").click()
    page.get_by_role("button", name="승인").click()
    page.wait_for_url("**/admin/review/revision/")
    assert "승인해 공개했습니다" in page.inner_text(".messagelist")
    assert Revision.objects.get().status == Revision.Status.PUBLISHED
    page.goto(f"{site}/programs/{SLUG}/")
    assert page.locator(".banner.is-preview").count() == 0  # the preview ended with the approval
    assert "300억원" in page.locator("#money-title + dl").inner_text()
