"""The Nu HTML checker (vnu-jar) finds no error in the HTML any public page type is served as."""

import pytest

from tests.browser.conftest import fetch
from tests.browser.pages import PUBLIC_PAGES

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(
    ("path", "status"),
    [(path, status) for _, path, status in PUBLIC_PAGES],
    ids=[name for name, _, _ in PUBLIC_PAGES],
)
def test_page_is_valid_html(site, vnu, path, status):
    served_status, html = fetch(site + path)
    assert served_status == status
    assert vnu(html) == []


def test_explorer_after_swap_is_valid_html(site, page, vnu):
    """The document htmx leaves behind (results and live region swapped in) is still valid."""
    page.goto(site + "/programs/?category=mobility-materials")
    page.fill("#id_q", "배터리")
    with page.expect_response(lambda r: r.request.headers.get("hx-request") is not None):
        page.press("#id_q", "Enter")
    page.wait_for_url("**q=*")
    html = "<!DOCTYPE html>\n" + page.evaluate("document.documentElement.outerHTML")
    assert vnu(html) == []
