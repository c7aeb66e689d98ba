"""Atom feeds: site-wide updates, one per program, and one per explorer search. Each must be
valid Atom (feed with id/title/updated, entries with id/title/updated/link) and never list drafts."""

import datetime as dt
import xml.etree.ElementTree as ET
from zoneinfo import ZoneInfo

import pytest

from gyeongju.programs.models import Program
from tests.factories import EOK, ProgramFactory
from tests.html import parse

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
SEOUL = ZoneInfo("Asia/Seoul")


def atom(response) -> ET.Element:
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    for name in ("id", "title", "updated"):
        element = root.find(f"{ATOM}{name}")
        assert element is not None and element.text, f"feed without <{name}>"
    dt.datetime.fromisoformat(root.find(f"{ATOM}updated").text)
    for entry in root.findall(f"{ATOM}entry"):
        for name in ("id", "title", "updated"):
            assert entry.find(f"{ATOM}{name}").text, f"entry without <{name}>"
        dt.datetime.fromisoformat(entry.find(f"{ATOM}updated").text)
        # Links on the canonical site address, whatever host the feed reader asked.
        assert entry.find(f"{ATOM}link").attrib["href"].startswith("http://127.0.0.1:8000/")
    return root


def entries(root) -> list[dict]:
    return [
        {
            "title": entry.find(f"{ATOM}title").text,
            "link": entry.find(f"{ATOM}link").attrib["href"],
            "summary": (entry.find(f"{ATOM}summary").text or ""),
            "id": entry.find(f"{ATOM}id").text,
        }
        for entry in root.findall(f"{ATOM}entry")
    ]


def raise_cost(slug, amount, reason, when=None):
    program = Program.private_objects.get(slug=slug)
    program.total_cost = amount
    program._change_reason = reason
    if when:
        program._history_date = when
    program.save()
    return program


def test_site_wide_feed_lists_the_latest_change_of_each_program(web, seed):
    raise_cost("carbon-recycling", 200 * EOK, "국비 추가 확보")
    root = atom(web.get("/feeds/updates/"))
    assert root.find(f"{ATOM}title").text == "경주시 투자사업 포털: 전체 업데이트"
    items = entries(root)
    assert len(items) == 10  # one per published program
    newest = items[0]
    assert newest["title"] == "탄소 소재·부품 리사이클링 기반구축: 사업 정보 변경"
    assert "변경 사유: 국비 추가 확보" in newest["summary"]
    assert "총사업비: 178억원 → 200억원" in newest["summary"]
    assert "/programs/carbon-recycling/?as_of=" in newest["link"]
    assert len({item["id"] for item in items}) == 10


def test_site_wide_feed_is_advertised_on_every_page(web, seed):
    for url in ("/", "/programs/", "/programs/carbon-recycling/", "/facilities/", "/data/"):
        links = parse(web.get(url)).find_all("link", rel="alternate")
        assert any(
            link.attrs["href"] == "/feeds/updates/" and link.attrs["type"] == "application/atom+xml"
            for link in links
        )


def test_program_feed_lists_its_changes_newest_first(web, seed):
    raise_cost("carbon-recycling", 190 * EOK, "1차 증액", dt.datetime(2021, 3, 2, 10, tzinfo=SEOUL))
    raise_cost("carbon-recycling", 200 * EOK, "2차 증액", dt.datetime(2021, 7, 5, 10, tzinfo=SEOUL))
    root = atom(web.get("/feeds/programs/carbon-recycling/"))
    assert root.find(f"{ATOM}title").text == "탄소 소재·부품 리사이클링 기반구축: 변경 알림"
    items = entries(root)
    assert [item["summary"].split("변경 사유: ")[1].split("\n")[0] for item in items[:2]] == [
        "2차 증액",
        "1차 증액",
    ]
    assert items[0]["link"].endswith("/programs/carbon-recycling/?as_of=2021-07-05")
    assert items[1]["link"].endswith("/programs/carbon-recycling/?as_of=2021-03-02")
    assert "총사업비: 190억원 → 200억원" in items[0]["summary"]
    # The registration of the seed (and of its funding) is the oldest entry.
    assert items[-1]["title"].startswith("탄소 소재·부품 리사이클링 기반구축: 사업 정보 등록")


def test_search_feed_follows_the_explorer_query(web, seed):
    raise_cost("export-support", 3 * EOK, "수출 예산 반영")
    raise_cost("smart-factory", 90 * EOK, "스마트공장 예산 반영")
    root = atom(web.get("/feeds/programs/", {"q": "수출"}))
    assert root.find(f"{ATOM}title").text == "경주시 투자사업 포털: 사업 검색 알림 (검색어: 수출)"
    titles = [item["title"] for item in entries(root)]
    assert titles[0] == "중소기업 수출지원: 사업 정보 변경"
    assert all(not title.startswith("스마트공장") for title in titles)
    assert len(titles) == 2  # 수출: export-support and the 수출·투자유치 strategy
    link = root.find(f"{ATOM}link[@rel='alternate']").attrib["href"]
    assert link == "http://127.0.0.1:8000/programs/?q=%EC%88%98%EC%B6%9C"
    self_link = root.find(f"{ATOM}link[@rel='self']").attrib["href"]
    assert self_link == "http://127.0.0.1:8000/feeds/programs/?q=%EC%88%98%EC%B6%9C"


def test_explorer_advertises_its_search_feed(web, seed):
    doc = parse(web.get("/programs/", {"q": "수출", "page": "1"}))
    feeds = [
        link.attrs["href"]
        for link in doc.find_all("link", rel="alternate")
        if link.attrs["href"].startswith("/feeds/programs/")
    ]
    assert feeds == ["/feeds/programs/?q=%EC%88%98%EC%B6%9C"]


def test_search_feed_ignores_bad_input(web, seed):
    for query in ({"year": "abc"}, {"sort": "evil", "page": "x"}, {"q": "\x00" * 3}):
        assert len(entries(atom(web.get("/feeds/programs/", query)))) == 10


def test_feeds_never_list_drafts(web, seed):
    draft = ProgramFactory(
        name="비공개 수소 사업", slug="secret-hydrogen", publication_state="draft"
    )
    raise_cost("secret-hydrogen", 5 * EOK, "내부 검토")
    for url in ("/feeds/updates/", "/feeds/programs/", "/feeds/programs/?q=수소"):
        items = entries(atom(web.get(url)))
        assert not [item for item in items if "수소" in item["title"] + item["summary"]]
        assert "secret-hydrogen" not in web.get(url).content.decode()
    assert entries(atom(web.get("/feeds/programs/?q=수소"))) == []
    assert web.get(f"/feeds/programs/{draft.slug}/").status_code == 404


def test_unknown_program_feed_is_404(web, seed):
    assert web.get("/feeds/programs/no-such-program/").status_code == 404


def test_an_empty_site_has_a_valid_empty_feed(web, db):
    root = atom(web.get("/feeds/updates/"))
    assert entries(root) == []
