"""자료 오류 신고 in a real browser, on a phone (390×844): the form on a program page is swapped in
place by htmx and the report is stored; without JavaScript the same form posts and lands on the
thank-you page. Screenshots of an organisation page, a place page and the admin's report queue
(set SCREENSHOTS to a folder to keep them)."""

import os
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from gyeongju.reports.models import ErrorReport
from tests.browser.conftest import PHONE
from tests.factories import staff_user
from tests.public import log_in

pytestmark = pytest.mark.browser

PROGRAM = "/programs/proton-ion-beam-rnd-center/"
SHOTS = Path(os.environ.get("SCREENSHOTS", "")) if os.environ.get("SCREENSHOTS") else None


def shoot(page, name):
    if SHOTS:
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_reporting_an_error_from_a_program_page_on_a_phone(site, browser):
    context = browser.new_context(viewport=PHONE, locale="ko-KR", is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(site + PROGRAM)
    page.evaluate("window.__noReload = 'still here'")
    form = page.locator("#reportform")
    form.scroll_into_view_if_needed()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    # The honeypot is not for people: off screen, out of the accessibility tree.
    assert page.locator("#report-website").bounding_box()["x"] < 0
    page.get_by_label("무엇이 틀렸나요?").fill("너무 짧")
    page.get_by_role("button", name="신고 보내기").click()
    page.get_by_role("alert").wait_for()
    assert "5자 이상" in page.get_by_role("alert").inner_text()
    assert page.get_by_label("무엇이 틀렸나요?").input_value() == "너무 짧"  # nothing typed is lost
    page.get_by_label("무엇이 틀렸나요?").fill(
        "총사업비 450억원의 재원 구성이 새 보도자료에 나왔습니다."
    )
    page.get_by_label("답변 받을 전자우편").fill("citizen@example.kr")
    shoot(page, "report-phone-form")
    page.get_by_role("button", name="신고 보내기").click()
    page.get_by_role("status").filter(has_text="신고가 접수되었습니다").wait_for()
    assert page.evaluate("window.__noReload") == "still here"  # swapped in place
    assert page.url == site + PROGRAM
    shoot(page, "report-phone-sent")
    report = ErrorReport.objects.get()
    assert report.program.slug == "proton-ion-beam-rnd-center"
    assert report.email == "citizen@example.kr" and report.page_url == PROGRAM
    context.close()


def test_reporting_works_without_javascript(site, browser):
    context = browser.new_context(viewport=PHONE, locale="ko-KR", java_script_enabled=False)
    page = context.new_page()
    page.goto(site + "/places/oedong-eup/")
    page.get_by_label("무엇이 틀렸나요?").fill("구어2산단의 시설 목록에 빠진 센터가 있습니다.")
    page.get_by_role("button", name="신고 보내기").click()
    page.wait_for_url("**/reports/thanks/**")
    assert "신고가 접수되었습니다" in page.content()
    page.get_by_role("link", name="보던 페이지로 돌아가기").click()
    page.wait_for_url(site + "/places/oedong-eup/")
    assert ErrorReport.objects.get().place.slug == "oedong-eup"
    context.close()


def test_screenshots_of_the_new_pages_and_the_report_queue(site, browser):
    ErrorReport.objects.create(
        page_url=PROGRAM,
        record_name="양성자 이온빔 활용 산업체 R&D 지원센터 확장",
        message="총사업비 450억원의 재원 구성이 새 보도자료에 나왔습니다.",
        email="a@example.kr",
    )
    ErrorReport.objects.create(
        page_url="/places/oedong-eup/",
        record_name="외동읍",
        message="구어2산단의 시설 목록에 빠진 센터가 있습니다.",
        status="reviewing",
    )
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="ko-KR")
    page = context.new_page()
    for name, path in (
        ("organisation", "/organisations/proton-science-institute/"),
        ("place", "/places/oedong-eup/"),
        ("places", "/places/"),
    ):
        response = page.goto(site + path)
        assert response.status == 200
        shoot(page, name)
    editor = staff_user("minji", group="편집자")
    client = Client()
    log_in(client, editor)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": site}])
    page.goto(site + "/admin/")
    assert "새 신고 1건" in page.locator("#report-summary").inner_text()
    shoot(page, "admin-index")
    page.locator("#report-summary a").first.click()
    page.wait_for_url("**/admin/reports/errorreport/**")
    assert "총사업비 450억원" in page.content()
    shoot(page, "admin-report-queue")
    context.close()
