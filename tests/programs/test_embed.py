"""For news articles: the embeddable program card (/programs/<slug>/embed/, the only route a
browser may frame) and the oEmbed endpoint that hands a CMS an iframe of it."""

import pytest

from tests.factories import ProgramFactory
from tests.html import parse
from tests.public import inline_code

pytestmark = pytest.mark.django_db

SITE_URL = "http://127.0.0.1:8000"
MOLDING = "/programs/vehicle-materials-molding/"


def frame_ancestors(response) -> list[str]:
    for part in response["Content-Security-Policy"].split(";"):
        words = part.split()
        if words and words[0] == "frame-ancestors":
            return words[1:]
    return []


def test_embed_card_shows_the_key_facts_and_links_out(web, seed):
    response = web.get(f"{MOLDING}embed/")
    assert response.status_code == 200
    doc = parse(response)
    assert doc.find("html").attrs["lang"] == "ko"
    assert doc.find("title").text == (
        "차량용 첨단소재 성형가공 기술고도화 기반구축 사업 카드 | 경주시 투자사업 포털"
    )
    assert inline_code(doc) == []
    text = doc.find("main").clean_text
    for fact in (
        "290억원",
        "국비 90억원 외 재원 구성 미공개",
        "~ 2022년",
        "추진 중",
        "2020. 12. 15. 기준",
    ):
        assert fact in text
    links = doc.find("main").find_all("a")
    assert {a.attrs["href"] for a in links} == {SITE_URL + MOLDING}
    for link in links:
        assert link.attrs["target"] == "_blank" and "noopener" in link.attrs["rel"]
        assert "새 창 열림" in link.clean_text
    assert doc.find("meta", name="robots").attrs["content"] == "noindex"
    assert doc.find("link", rel="canonical").attrs["href"] == SITE_URL + MOLDING


def test_embed_is_the_only_framable_route(web, seed):
    embed = web.get(f"{MOLDING}embed/")
    assert "X-Frame-Options" not in embed
    assert frame_ancestors(embed) == ["*"]
    # The same answer when it comes from the page cache.
    again = web.get(f"{MOLDING}embed/")
    assert again["X-Page-Cache"] == "hit"
    assert "X-Frame-Options" not in again and frame_ancestors(again) == ["*"]
    for url in ("/", "/programs/", MOLDING, f"{MOLDING}history/", "/facilities/", "/data/"):
        for _ in range(2):  # rendered, then replayed from the cache
            response = web.get(url)
            assert response["X-Frame-Options"] == "DENY", url
            assert frame_ancestors(response) == ["'none'"], url


def test_embed_of_a_draft_or_unknown_program_is_404(web, db):
    draft = ProgramFactory(publication_state="draft")
    assert web.get(f"{draft.get_absolute_url()}embed/").status_code == 404
    assert web.get("/programs/nothing/embed/").status_code == 404


def test_program_page_advertises_oembed(web, seed):
    doc = parse(web.get(MOLDING))
    link = next(
        link
        for link in doc.find_all("link", rel="alternate")
        if link.attrs.get("type") == "application/json+oembed"
    )
    href = link.attrs["href"]
    assert href == (
        f"{SITE_URL}/oembed/?url=http%3A%2F%2F127.0.0.1%3A8000%2Fprograms%2F"
        "vehicle-materials-molding%2F&format=json"
    )
    assert web.get(href.removeprefix(SITE_URL)).status_code == 200


def test_oembed_returns_a_rich_iframe_of_the_embed_card(web, seed):
    response = web.get("/oembed/", {"url": SITE_URL + MOLDING, "format": "json"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    data = response.json()
    assert data["version"] == "1.0"
    assert data["type"] == "rich"
    assert data["title"] == "차량용 첨단소재 성형가공 기술고도화 기반구축"
    assert data["provider_name"] == "경주시 투자사업 포털"
    assert data["provider_url"] == SITE_URL + "/"
    assert (data["width"], data["height"]) == (560, 360)
    iframe = parse(data["html"]).find("iframe")
    assert iframe.attrs["src"] == f"{SITE_URL}{MOLDING}embed/"
    assert iframe.attrs["title"] == "차량용 첨단소재 성형가공 기술고도화 기반구축 사업 카드"
    assert data["thumbnail_url"] == f"{SITE_URL}{MOLDING}og.png"
    assert (data["thumbnail_width"], data["thumbnail_height"]) == (1200, 630)
    # The thumbnail and the iframe it points at both answer.
    assert web.get(f"{MOLDING}og.png").status_code == 200
    assert web.get(f"{MOLDING}embed/").status_code == 200


def test_oembed_accepts_the_embed_url_and_any_query(web, seed):
    for url in (f"{SITE_URL}{MOLDING}embed/", f"{SITE_URL}{MOLDING}?as_of=2021-01-01", MOLDING):
        assert web.get("/oembed/", {"url": url}).json()["type"] == "rich"


@pytest.mark.parametrize(
    ("maxwidth", "width", "height"),
    [("400", 400, 480), ("100", 320, 480), ("9999", 640, 360), ("x", 560, 360)],
)
def test_oembed_respects_maxwidth_and_gives_a_narrow_card_more_height(
    web, seed, maxwidth, width, height
):
    data = web.get("/oembed/", {"url": SITE_URL + MOLDING, "maxwidth": maxwidth}).json()
    assert (data["width"], data["height"]) == (width, height)
    assert f'width="{width}" height="{height}"' in data["html"]


@pytest.mark.parametrize(
    "url",
    [
        "",
        "garbage",
        f"{SITE_URL}/facilities/",
        f"{SITE_URL}/programs/",
        f"{SITE_URL}/programs/nope/",
    ],
)
def test_oembed_for_something_else_is_a_korean_404(web, seed, url):
    response = web.get("/oembed/", {"url": url})
    assert response.status_code == 404
    assert response.json()["error"]


def test_oembed_of_a_draft_is_404(web, db):
    draft = ProgramFactory(publication_state="draft")
    response = web.get("/oembed/", {"url": SITE_URL + draft.get_absolute_url()})
    assert response.status_code == 404
    assert draft.name not in response.content.decode()


def test_oembed_only_speaks_json(web, seed):
    response = web.get("/oembed/", {"url": SITE_URL + MOLDING, "format": "xml"})
    assert response.status_code == 501
    assert "json" in response.json()["error"]
