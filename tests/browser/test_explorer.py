"""The explorer in a real browser: htmx swaps the results in place, pushes the URL, announces the
count, keeps the back button working, and can be driven with the keyboard alone."""

import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.browser.conftest import PHONE, fetch

pytestmark = pytest.mark.browser

CARD_LINKS = "#results .program-card h3 a"
# The same URL without JavaScript is the same page: the server's full page is the reference.
SERVER_CARD_LINK = re.compile(r'<h3><a href="(/programs/[^"?]+/)">')


def server_page(site: str, url: str) -> tuple[str, list[str]]:
    """Title and program links of the server's full page (no JavaScript) at this URL."""
    status, html = fetch(site + url.removeprefix(site))
    assert status == 200
    title = re.search(r"<title>(.*?)</title>", html).group(1)
    results = html[html.index('id="results"') :]
    return unescape(title), SERVER_CARD_LINK.findall(results)


def shown_results(page) -> list[str]:
    return page.locator(CARD_LINKS).evaluate_all("links => links.map(a => a.getAttribute('href'))")


def count_in(text: str) -> int:
    return int(re.search(r"(\d+)개 사업", text).group(1))


def mark_window(page) -> None:
    """A full page load would wipe this; an htmx swap keeps it."""
    page.evaluate("window.__noReload = 'still here'")


def window_survived(page) -> bool:
    return page.evaluate("window.__noReload === 'still here'")


def query_of(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query)


def htmx_response(page):
    return page.expect_response(lambda r: r.request.headers.get("hx-request") == "true")


def test_search_swaps_results_in_place_pushes_url_and_announces_count(site, page):
    page.goto(site + "/programs/")
    everything = shown_results(page)
    assert len(everything) > 1
    mark_window(page)

    page.get_by_label("검색어").fill("배터리")
    with htmx_response(page):
        page.get_by_label("검색어").press("Enter")
    page.wait_for_url(lambda url: query_of(url).get("q") == ["배터리"])

    assert window_survived(page), "the search reloaded the whole page"
    found = shown_results(page)
    title, server_found = server_page(site, page.url)
    assert found == server_found
    assert page.title() == title  # the tab and the history entry name the search
    assert 0 < len(found) < len(everything)
    assert "/programs/ai-bms-ecosystem/" in found
    heading = page.locator("#results-heading").inner_text()
    assert count_in(heading) == len(found)
    # The polite live region outside the swapped region says the new count.
    status = page.locator("#results-status")
    assert status.get_attribute("aria-live") == "polite"
    assert status.inner_text() == f"{len(found)}개 사업을 찾았습니다."


def test_back_button_restores_the_earlier_results(site, page):
    page.goto(site + "/programs/")
    everything = shown_results(page)
    mark_window(page)
    page.get_by_label("검색어").fill("배터리")
    with htmx_response(page):
        page.get_by_label("검색어").press("Enter")
    page.wait_for_url("**/programs/?*q=*")
    assert len(shown_results(page)) < len(everything)

    page.go_back()
    page.wait_for_url(site + "/programs/")
    page.wait_for_function(
        f"document.querySelectorAll({CARD_LINKS!r}).length === {len(everything)}"
    )
    assert shown_results(page) == everything
    assert page.get_by_label("검색어").input_value() == ""
    assert window_survived(page), "going back reloaded the whole page"

    page.go_forward()
    page.wait_for_url("**/programs/?*q=*")
    page.wait_for_function(f"document.querySelectorAll({CARD_LINKS!r}).length < {len(everything)}")
    assert "/programs/ai-bms-ecosystem/" in shown_results(page)


def tab_to(page, is_target: str, *, limit: int = 80) -> None:
    """Press Tab until the focused element satisfies the JS predicate `is_target(el)`."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"(({is_target}))(document.activeElement)"):
            return
    raise AssertionError(f"Tab never reached an element matching {is_target}")


def test_filtering_with_the_keyboard_alone(site, page):
    page.goto(site + "/programs/")
    everything = shown_results(page)
    mark_window(page)

    tab_to(page, "el => el.name === 'category' && el.value === 'research'")
    assert page.evaluate("document.activeElement.labels[0].textContent") == "연구개발 지원"
    page.keyboard.press("Space")
    assert page.locator("#filters input[name=category][value=research]").is_checked()

    tab_to(page, "el => el.type === 'submit' && el.textContent.trim() === '검색'")
    with htmx_response(page):
        page.keyboard.press("Enter")
    page.wait_for_url(lambda url: query_of(url).get("category") == ["research"])

    assert window_survived(page)
    found = shown_results(page)
    assert found == server_page(site, page.url)[1]
    assert 0 < len(found) < len(everything)
    chips = [" ".join(text.split()) for text in page.locator("#results a.chip").all_inner_texts()]
    assert "분야: 연구개발 지원 × 조건 해제" in chips


def test_removing_a_chip_swaps_the_explorer_and_moves_focus_to_the_results(site, page):
    page.goto(site + "/programs/?category=mobility-materials&status=planned")
    narrow = shown_results(page)
    mark_window(page)

    with htmx_response(page):
        page.locator("a.chip", has_text="상태: 계획").click()
    page.wait_for_url(lambda url: "status" not in query_of(url))

    assert window_survived(page)
    assert query_of(page.url)["category"] == ["mobility-materials"]
    wider = shown_results(page)
    title, server_found = server_page(site, page.url)
    assert wider == server_found
    assert page.title() == title
    assert len(wider) > len(narrow)
    assert page.locator("a.chip").count() == 1
    assert not page.locator("#filters input[name=status][value=planned]").is_checked()
    # The chip the user pressed is gone: focus lands on the new result count, not on <body>.
    assert page.evaluate("document.activeElement.id") == "results-heading"
    assert page.locator("#results-status").inner_text() == f"{len(wider)}개 사업을 찾았습니다."


def test_skip_link_is_the_first_tab_stop_and_moves_focus_to_the_main_content(site, page):
    page.goto(site + "/")
    page.keyboard.press("Tab")
    skip = page.locator(":focus")
    assert skip.inner_text() == "본문 바로가기"
    assert skip.get_attribute("href") == "#main"
    box = skip.bounding_box()
    assert box and box["width"] > 0 and box["height"] > 0 and box["y"] >= 0, "invisible on focus"

    page.keyboard.press("Enter")
    page.wait_for_url("**/#main")
    assert page.evaluate("document.activeElement.id") == "main"
    # The next Tab continues inside the main content, past the header's menu.
    page.keyboard.press("Tab")
    assert page.evaluate("document.getElementById('main').contains(document.activeElement)")


def test_citation_copy_button_copies_the_citation(site, browser):
    context = browser.new_context(locale="ko-KR", permissions=["clipboard-read", "clipboard-write"])
    try:
        page = context.new_page()
        page.goto(site + "/programs/ai-bms-ecosystem/")
        citation = page.get_by_label("이 페이지를 인용하는 문장").input_value()
        assert "AI 적용 차세대 미래자동차 BMS" in citation
        assert "/programs/ai-bms-ecosystem/" in citation

        page.get_by_role("button", name="인용문 복사").click()
        status = page.locator("#cite .copy-status")
        status.filter(has_text="인용문을 복사했습니다.").wait_for()
        assert page.evaluate("navigator.clipboard.readText()") == citation
    finally:
        context.close()


# The "검색 조건" disclosure ------------------------------------------------------------------------

PANEL = "#filter-panel"


def panel_open(page) -> bool:
    return page.locator(PANEL).evaluate("details => details.open")


def summary_text(page) -> str:
    return " ".join(page.locator(f"{PANEL} > summary").inner_text().split())


def test_the_filter_disclosure_keeps_its_open_state_through_every_swap(site, page):
    """On a phone it starts closed; opened, it stays open when a search swaps the results and
    when removing a chip swaps the whole explorer (form included); closed, it stays closed. Its
    label counts the conditions applied."""
    page.set_viewport_size(PHONE)
    page.goto(site + "/programs/")
    mark_window(page)
    assert not panel_open(page)
    assert summary_text(page) == "검색 조건"

    page.locator(f"{PANEL} > summary").click()
    assert panel_open(page)
    page.locator("#filters").get_by_text("계획", exact=True).click()
    page.locator("#filters").get_by_text("국비", exact=True).click()
    with htmx_response(page):
        page.get_by_role("button", name="검색", exact=True).click()
    page.wait_for_url(lambda url: query_of(url).get("status") == ["planned"])
    assert panel_open(page), "the results swap closed it"
    assert summary_text(page) == "검색 조건 2개 적용"

    with htmx_response(page):
        page.locator("a.chip", has_text="재원: 국비").click()
    page.wait_for_url(lambda url: "funding" not in query_of(url))
    assert panel_open(page), "the explorer swap closed it"
    assert summary_text(page) == "검색 조건 1개 적용"

    page.locator(f"{PANEL} > summary").click()
    assert not panel_open(page)
    with htmx_response(page):
        page.locator("a.chip", has_text="상태: 계획").click()
    page.wait_for_url(lambda url: "status" not in query_of(url))
    assert not panel_open(page), "the explorer swap opened it"
    assert summary_text(page) == "검색 조건"
    assert window_survived(page)


def test_the_filter_disclosure_is_open_beside_the_results_on_a_desktop(site, page):
    page.goto(site + "/programs/")
    assert panel_open(page)
    panel, results = page.locator(PANEL).bounding_box(), page.locator("#results").bounding_box()
    assert panel["x"] + panel["width"] < results["x"]


def test_without_javascript_the_disclosure_and_the_form_still_work(site, browser):
    context = browser.new_context(viewport=PHONE, locale="ko-KR", java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(site + "/programs/")
        assert not panel_open(page)
        assert not page.locator("#filters input[name=status][value=planned]").is_visible()
        page.locator(f"{PANEL} > summary").click()  # the browser's own <details>
        assert panel_open(page)
        page.locator("#filters").get_by_text("계획", exact=True).click()
        with page.expect_navigation():
            page.get_by_role("button", name="검색", exact=True).click()
        assert query_of(page.url)["status"] == ["planned"]
        assert summary_text(page) == "검색 조건 1개 적용"
        assert shown_results(page) == server_page(site, page.url)[1]
    finally:
        context.close()
