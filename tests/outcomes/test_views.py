"""성과 (/outcomes/): every indicator with its evidence and maturity, filterable like the explorer
(htmx partials, the same results without JavaScript, bad input ignored with a note)."""

from urllib.parse import parse_qs, urlsplit

import pytest

from tests.factories import OutcomeFactory, ProgramFactory
from tests.html import parse
from tests.public import full_page, notes, partial

pytestmark = pytest.mark.django_db

HX_RESULTS = {"HX-Request": "true", "HX-Target": "results"}
EXPORT = "중소기업 수출지원"
PROTON = "양성자 이온빔 활용 산업체 R&D 지원센터 확장"


def table_rows(doc):
    results = doc.by_id("results")
    table = results.find("table")
    if table is None:
        return []
    return [
        (tr.find("td").clean_text, tr.find("th").clean_text)
        for tr in table.find("tbody").find_all("tr")
    ]


def outcomes(web, query="", **headers):
    return web.get("/outcomes/" + (f"?{query}" if query else ""), headers=headers)


def test_full_page_lists_every_outcome_with_evidence_and_maturity(web, seed):
    doc = full_page(outcomes(web), "성과")
    assert doc.by_id("results-heading").clean_text == "성과 지표 5건"
    assert doc.by_id("results-status").attrs["aria-live"] == "polite"
    assert table_rows(doc) == [
        (PROTON, "참여 예정 연관기업(지역대학 포함)"),
        (EXPORT, "지원 기업 수 (2020년)"),
        (EXPORT, "지원 건수 (2020년)"),
        (EXPORT, "해외바이어 온라인 수출상담회 현장 MOU (2020년)"),
        (EXPORT, "수출계약액 (2020년)"),
    ]
    contract = doc.by_id("results").find("tbody").find_all("tr")[-1]
    assert contract.find("span", class_="badge").clean_text == "체결"
    assert "222억원" in contract.clean_text
    assert contract.find("q").clean_text == "222억원의 수출계약 성과를 올린바 있다"
    assert contract.find("a").attrs["href"].startswith("/programs/export-support/#outcome-")
    # Maturity is explained in words, not by colour alone.
    assert "MOU는 계약이 아닙니다" in doc.find("p", class_="lead").clean_text


def test_htmx_results_partial_with_out_of_band_count(web, seed):
    response = outcomes(web, "maturity=signed", **HX_RESULTS)
    doc = partial(response)
    assert doc.by_id("filters") is None
    assert [n.attrs.get("id") for n in doc.children if hasattr(n, "tag")] == ["results"]
    oob = doc.by_id("results-status")
    assert oob.attrs["data-hx-swap-oob"] == "innerHTML"
    assert oob.clean_text == "성과 지표 2건을 찾았습니다."
    assert "HX-Request" in response["Vary"]


def test_the_filters_sit_in_a_closed_disclosure_that_counts_them(web, seed):
    """Like the explorer: on a phone the table comes first, the filters wait in "검색 조건"."""
    panel = full_page(outcomes(web), "성과").by_id("filters").find("details", id="filter-panel")
    assert "open" not in panel.attrs
    assert panel.find("summary").clean_text == "검색 조건"
    assert {n.attrs["name"] for n in panel.iter() if "name" in n.attrs} == {
        "indicator",
        "maturity",
        "kind",
        "year",
    }
    doc = parse(outcomes(web, "q=수출&maturity=signed&maturity=realised&kind=actual"))
    assert doc.by_id("filter-panel").find("summary").clean_text == "검색 조건 3개 적용"
    oob = partial(outcomes(web, "maturity=signed", **HX_RESULTS)).by_id("filter-count")
    assert (oob.attrs["data-hx-swap-oob"], oob.clean_text) == ("innerHTML", "1개 적용")


def test_on_a_phone_each_row_is_a_card_that_names_its_columns(web, seed):
    """The stacked rows (CSS) show each value beside its column's name: data-label, the same
    words as the column header; the card's title is the program."""
    table = full_page(outcomes(web), "성과").by_id("results").find("table")
    assert "stack" in table.attrs["class"].split()
    columns = [th.clean_text for th in table.find("thead").find_all("th")]
    for tr in table.find("tbody").find_all("tr"):
        cells = [c for c in tr.children if hasattr(c, "tag")]
        assert "card-title" in cells[0].attrs["class"].split()
        assert [c.attrs.get("data-label") for c in cells[1:]] == columns[1:]


def test_htmx_explorer_partial(web, seed):
    doc = partial(outcomes(web, "kind=target", **{"HX-Request": "true", "HX-Target": "explorer"}))
    assert doc.by_id("explorer").by_id("filters") is not None
    assert table_rows(doc) == [(PROTON, "참여 예정 연관기업(지역대학 포함)")]


@pytest.mark.parametrize(
    "query",
    [
        "",
        "maturity=signed",
        "indicator=mou&indicator=export_contracts",
        "q=수출&year=2020",
        "kind=x",
    ],
)
def test_without_javascript_the_same_url_gives_the_same_results(web, seed, query):
    page = full_page(outcomes(web, query), None)
    htmx = partial(outcomes(web, query, **HX_RESULTS))
    assert table_rows(page) == table_rows(htmx)
    assert notes(page) == notes(htmx)


@pytest.mark.parametrize(
    ("query", "count"),
    [
        ("maturity=signed", 2),
        ("maturity=realised", 2),
        ("maturity=planned", 1),
        ("maturity=signed&maturity=planned", 3),
        ("indicator=mou", 1),
        ("kind=target", 1),
        ("kind=actual", 4),
        ("year=2020", 4),
        ("year=2019", 0),
        ("q=수출", 4),
        ("q=양성자 이온빔", 1),
        ("q=양성자 수출", 0),
    ],
)
def test_filters(web, seed, query, count):
    doc = parse(outcomes(web, query))
    assert len(table_rows(doc)) == count
    assert doc.by_id("results-heading").clean_text == f"성과 지표 {count}건"


def test_chips_remove_one_value(web, seed):
    doc = parse(outcomes(web, "maturity=signed&maturity=planned&year=2020"))
    chips = {a.clean_text.split(" ×")[0]: a.attrs["href"] for a in doc.find_all("a", class_="chip")}
    assert set(chips) == {"성숙도: 체결", "성숙도: 예정", "대상 연도: 2020년"}
    assert parse_qs(urlsplit(chips["성숙도: 체결"]).query) == {
        "maturity": ["planned"],
        "year": ["2020"],
    }


@pytest.mark.parametrize(
    ("query", "note"),
    [
        ("year=abc", "‘대상 연도’ 조건의 값 ‘abc’은(는) 올바르지 않아 무시했습니다."),
        ("year=99999", "‘대상 연도’ 조건의 값 ‘99999’은(는) 올바르지 않아 무시했습니다."),
        ("maturity=evil", "‘성숙도’ 조건의 값 ‘evil’은(는) 올바르지 않아 무시했습니다."),
        ("indicator=%3Cscript%3E", "‘지표’ 조건의 값 ‘<script>’은(는) 올바르지 않아 무시했습니다."),
        ("kind=x", "‘구분’ 조건의 값 ‘x’은(는) 올바르지 않아 무시했습니다."),
        ("page=0", "0쪽은 없어서 첫 쪽을 보여 드립니다."),
        ("page=abc", "쪽 번호 ‘abc’은(는) 올바르지 않아 첫 쪽을 보여 드립니다."),
        ("page=999999", "999999쪽은 없어서 마지막 쪽(1쪽)을 보여 드립니다."),
        ("sort=evil", "알 수 없는 조건 ‘sort’은(는) 무시했습니다."),
    ],
)
def test_bad_input_is_ignored_with_a_korean_note(web, seed, query, note):
    response = outcomes(web, query)
    doc = full_page(response, None)
    assert note in notes(doc)
    assert len(table_rows(doc)) == 5
    assert "<script>" not in response.content.decode().split("</head>")[1]


def test_long_and_control_character_queries_never_fail(web, seed):
    for q in ["수출" * 300, "\x00\x07", "수\x00출"]:
        response = web.get("/outcomes/", {"q": q})
        assert response.status_code == 200


def test_paginates_thirty_per_page(web, db):
    program = ProgramFactory(name="시험 사업")
    for i in range(31):
        OutcomeFactory(program=program, label=f"지표 {i:02d}", order=i)
    doc = parse(outcomes(web))
    assert len(table_rows(doc)) == 30
    second = full_page(outcomes(web, "page=2"), "성과 (2쪽)")
    assert table_rows(second) == [("시험 사업", "지표 30 (2020년)")]
