"""Phones and screen readers first: every public page type at 320, 390 and 1280 px, with text
resized to 200 % and at 400 % zoom. No page scrolls sideways, nothing is clipped or overlaps,
tables name their headers and line their totals up, the explorer's first result and a program's
summary facts are where a phone reader looks."""

import pytest

from tests.browser.conftest import DESKTOP, PHONE, SMALL_PHONE
from tests.browser.layout import KEY_COMPONENTS, LAYOUT_PROBLEMS, TABLE_PROBLEMS
from tests.browser.pages import PROGRAM, PUBLIC_PAGES

pytestmark = pytest.mark.browser

SIZES = {size["width"]: size for size in (SMALL_PHONE, PHONE, DESKTOP)}  # 320, 390, 1280


# One page of each type for the zoom checks: the explorer's and a program's variants share their
# layout with the plain page (the width checks walk them all).
VARIANTS = {
    "explorer-search",
    "explorer-bad-input",
    "program-snapshot",
    "program-snapshot-before",
    "outcome-list-filtered",
}
PAGE_TYPES = [entry for entry in PUBLIC_PAGES if entry[0] not in VARIANTS]


def problems_on_every_page(page, site, pages=PUBLIC_PAGES) -> list[str]:
    found = []
    for name, path, status in pages:
        response = page.goto(site + path)
        assert response.status == status, name
        page.evaluate("document.fonts.ready")
        problems = page.evaluate(LAYOUT_PROBLEMS, KEY_COMPONENTS) + page.evaluate(TABLE_PROBLEMS)
        found += [f"{name}: {problem}" for problem in problems]
    return found


@pytest.mark.parametrize("width", SIZES)
def test_no_page_scrolls_sideways_clips_or_overlaps_and_tables_name_their_headers(
    site, page, width
):
    """WCAG 1.4.10 (reflow at 320 px) and 1.3.1 (headers of a table with a totals row), and the
    totals under their column's numbers, on every public page type at this width."""
    page.set_viewport_size(SIZES[width])
    assert problems_on_every_page(page, site) == []


def test_text_resized_to_200_percent_clips_or_overlaps_nothing(site, page):
    """WCAG 1.4.4: the browser's text size setting doubled (what a visitor sets in Chromium's
    font size preference) on a 1280 px desktop."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("Page.setFontSizes", {"fontSizes": {"standard": 32, "fixed": 26}})
    page.set_viewport_size(DESKTOP)
    page.goto(site + "/")
    assert page.evaluate("getComputedStyle(document.documentElement).fontSize") == "20px"
    assert problems_on_every_page(page, site, PAGE_TYPES) == []


def test_400_percent_zoom_on_a_desktop_clips_or_overlaps_nothing(site, browser):
    """WCAG 1.4.10: a 1280 × 900 window zoomed to 400 % lays the page out in 320 × 225 CSS px."""
    context = browser.new_context(
        viewport={"width": 320, "height": 225}, device_scale_factor=4, locale="ko-KR"
    )
    try:
        assert problems_on_every_page(context.new_page(), site, PAGE_TYPES) == []
    finally:
        context.close()


@pytest.mark.parametrize(
    "path", ["/programs/", "/programs/?category=mobility-materials&status=planned"]
)
def test_the_result_count_and_the_first_result_are_on_a_phones_first_screen(site, page, path):
    page.set_viewport_size(PHONE)
    page.goto(site + path)
    count = page.locator("#results-heading").bounding_box()
    first = page.locator("#results .program-card h3 a").first.bounding_box()
    assert count["y"] + count["height"] <= PHONE["height"]
    assert first["y"] + first["height"] <= PHONE["height"], first
    assert page.evaluate("window.scrollY") == 0


def test_a_programs_summary_facts_follow_its_title_at_every_width(site, page):
    """On a phone 한눈에 보기 (status, period, site…) comes right after the title and its summary,
    before any section; on a desktop it tops the side column, level with the first section."""
    page.goto(site + f"/programs/{PROGRAM}/")
    title = page.locator("h1")
    glance = page.locator("aside.glance")
    headings = page.locator("main h2")
    for width, size in SIZES.items():
        page.set_viewport_size(size)
        top = {
            text: box["y"]
            for text, box in zip(
                headings.all_inner_texts(),
                (h.bounding_box() for h in headings.all()),
                strict=True,
            )
            if box
        }
        g, t = glance.bounding_box(), title.bounding_box()
        money = page.get_by_role("heading", name="사업비와 재원").bounding_box()
        assert t["y"] < g["y"], width
        if width < 1024:
            # In reading order: nothing but the title's summary between the title and the facts.
            before = [text for text, y in top.items() if y < g["y"]]
            assert before == [], (width, before)
            assert g["y"] + g["height"] < money["y"]
            assert abs(g["x"] - money["x"]) < 2, "one column"
        else:
            assert g["x"] > money["x"] + money["width"], "the side column"
            assert g["y"] <= money["y"]
            assert g["y"] + g["height"] < size["height"], "on the first screen"


@pytest.mark.parametrize("path", ["/outcomes/", "/facilities/"])
def test_outcome_and_facility_rows_are_cards_on_a_phone_and_still_a_table(site, page, path):
    """Stacked, each value beside its column's name; for a screen reader still a table whose
    cells have column headers (Chromium's accessibility tree)."""
    page.set_viewport_size(PHONE)
    page.goto(site + path)
    table = page.locator("table.stack")
    rows = table.locator("tbody tr")
    assert table.evaluate("t => getComputedStyle(t).display") == "block"
    first, second = rows.nth(0).bounding_box(), rows.nth(1).bounding_box()
    assert first["width"] <= PHONE["width"] and first["y"] + first["height"] <= second["y"]
    cell = rows.nth(0).locator("[data-label]").first
    shown = cell.evaluate("c => getComputedStyle(c, '::before').content")
    assert shown == f'"{cell.get_attribute("data-label")}" / ""'  # seen, not read out twice
    cdp = page.context.new_cdp_session(page)
    roles = [node["role"]["value"] for node in cdp.send("Accessibility.getFullAXTree")["nodes"]]
    assert roles.count("table") == 1
    assert roles.count("columnheader") == table.locator("thead th").count()
    assert roles.count("row") == rows.count() + 1


def test_typing_a_korean_date_opens_that_days_snapshot(site, page):
    page.goto(site + f"/programs/{PROGRAM}/")
    field = page.get_by_label("특정 날짜 기준으로 보기")
    assert field.get_attribute("type") == "text"
    assert page.locator("#as-of-hint").inner_text() == "예: 2021. 5. 1. 또는 2021-05-01"
    field.fill("2020. 12. 20.")
    page.get_by_role("button", name="보기", exact=True).click()
    page.wait_for_url(f"**/programs/{PROGRAM}/?as_of=2020-12-20")
    assert "2020. 12. 20. 기준 스냅숏" in page.locator(".banner.is-snapshot").inner_text()
