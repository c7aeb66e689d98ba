"""axe-core (WCAG 2.0/2.1 A and AA, best practices) finds nothing on any public page, at small
phone (320 px), phone and desktop widths, and nothing after the explorer's htmx swaps."""

import pytest

from tests.browser.conftest import PHONE, SMALL_PHONE
from tests.browser.pages import PUBLIC_PAGES

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(
    ("path", "status"),
    [(path, status) for _, path, status in PUBLIC_PAGES],
    ids=[name for name, _, _ in PUBLIC_PAGES],
)
def test_no_axe_violations(site, page, axe, path, status):
    response = page.goto(site + path)
    assert response.status == status
    assert axe(page) == [], "desktop"
    page.set_viewport_size(PHONE)
    page.reload()
    assert axe(page) == [], "phone"
    page.set_viewport_size(SMALL_PHONE)  # the same markup, laid out again: no reload needed
    page.evaluate("new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")
    assert axe(page) == [], "small phone"


def test_no_axe_violations_after_search_swap(site, page, axe):
    page.goto(site + "/programs/")
    page.fill("#id_q", "배터리")
    with page.expect_response(lambda r: "q=" in r.url and r.request.headers.get("hx-request")):
        page.press("#id_q", "Enter")
    page.wait_for_url("**/programs/?q=*")
    page.locator("#results-heading").wait_for()
    assert axe(page) == []


def test_no_axe_violations_after_chip_swap(site, page, axe):
    page.goto(site + "/programs/?category=mobility-materials&status=planned")
    chip = page.locator("a.chip", has_text="상태")
    with page.expect_response(lambda r: r.request.headers.get("hx-request") is not None):
        chip.click()
    page.wait_for_url(lambda url: "status=" not in url)
    assert axe(page) == []
    page.set_viewport_size(PHONE)
    assert axe(page) == [], "phone"


def test_no_axe_violations_after_outcome_filter_swap(site, page, axe):
    page.goto(site + "/outcomes/")
    page.locator("#filters").get_by_text("체결", exact=True).click()
    with page.expect_response(lambda r: r.request.headers.get("hx-request") is not None):
        page.get_by_role("button", name="검색", exact=True).click()
    page.wait_for_url("**maturity=signed*")
    assert axe(page) == []


def test_a_table_wider_than_the_screen_is_a_named_keyboard_stop_and_only_then(site, page):
    """site.js marks a sideways-scrolling table region (tabindex, role, its caption as name) once
    the browser has laid it out, follows the window's width, and leaves fitting tables alone."""
    wide = ".krds-table-wrap:has(table.wide)"
    page.set_viewport_size(PHONE)
    page.goto(site + "/funding/national/")
    region = page.locator(wide).first
    page.wait_for_function(
        "selector => document.querySelector(selector).getAttribute('tabindex') === '0'", arg=wide
    )
    assert region.get_attribute("role") == "region"
    assert region.get_attribute("aria-label") == "국비이(가) 공개된 사업 (옆으로 스크롤)"
    page.set_viewport_size({"width": 1600, "height": 900})
    page.wait_for_function(
        "selector => !document.querySelector(selector).hasAttribute('tabindex')", arg=wide
    )
    assert region.get_attribute("role") is None


def test_outcome_rows_stacked_on_a_phone_need_no_scrolling_region(site, page):
    """The program page's outcomes become cards on a phone (they scrolled sideways before): the
    table fits, so site.js makes no scrolling region of it."""
    page.set_viewport_size(PHONE)
    page.goto(site + "/programs/proton-ion-beam-rnd-center/")
    wrap = page.locator(".krds-table-wrap:has(table.stack)")
    assert wrap.evaluate("w => w.scrollWidth <= w.clientWidth")
    page.evaluate("new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")
    assert wrap.get_attribute("tabindex") is None and wrap.get_attribute("role") is None
