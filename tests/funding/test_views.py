"""재원 (/funding/ and /funding/<kind>/): whose money, only the shares a source states, and the
rest shown honestly as 재원 구성 미공개."""

import pytest

from tests.factories import EOK, FundingFactory, ProgramFactory
from tests.html import header_grid, jsonld, named_headers, parse
from tests.public import full_page, notes

pytestmark = pytest.mark.django_db


def rows(table):
    return {
        tr.find("th").clean_text: [td.clean_text for td in tr.find_all("td")]
        for tr in table.find("tbody").find_all("tr")
    }


def test_list_shows_known_shares_and_the_undisclosed_rest(web, seed):
    doc = full_page(web.get("/funding/"), "재원")
    table = doc.find("table")
    by_kind = rows(table)
    assert list(by_kind) == ["국비", "도비", "시비", "민자", "기타", "재원 구성 미공개"]
    assert by_kind["국비"][1:] == ["170억원", "2개"]
    assert by_kind["도비"][1:] == ["공개된 금액 없음", "0개"]
    # 290 + 178 + 200 + 450억 + 7,000만 stated totals, of which 90 + 80억 are broken down.
    assert by_kind["재원 구성 미공개"][1] == "948억7,000만원"
    foot = table.find("tfoot").clean_text
    assert "총사업비가 공개된 5개 사업" in foot and "1,118억7,000만원" in foot
    assert "재원이 하나도 공개되지 않은 사업이 8개 있습니다." in doc.find("main").clean_text
    assert "/funding/national/" in table.links()


def test_each_cell_of_the_table_with_a_totals_row_names_its_headers(web, seed):
    """The totals row's header spans two columns: headers/id tie every cell to its row and
    column headers for a screen reader (WCAG 1.3.1, technique H43); the caption stays."""
    table = full_page(web.get("/funding/"), "재원").find("table")
    assert table.find("caption").clean_text == "재원별 공개 금액"
    grid = header_grid(table)
    assert len(grid) == 6 * 3 + 2  # five kinds and the undisclosed rest; the totals row
    for cell, expected in grid:
        assert named_headers(table, cell) == expected, cell.clean_text
    total_amount, total_count = table.find("tfoot").find_all("td")
    assert [h.clean_text for h in named_headers(table, total_amount)] == [
        "총사업비가 공개된 5개 사업의 총사업비 합계(여러 해 합계)",
        "공개된 금액",
    ]
    assert [h.clean_text for h in named_headers(table, total_count)][1] == "사업 수"


def test_amounts_and_counts_are_numbers_in_every_row_totals_included(web, seed):
    """One alignment per column (right, as numbers): the head, every body row and the totals."""
    table = full_page(web.get("/funding/"), "재원").find("table")
    for cell, (_row, column) in header_grid(table):
        numeric = column.clean_text in {"공개된 금액", "사업 수"}
        assert ("num" in cell.attrs.get("class", "").split()) == numeric, cell.clean_text
        assert ("num" in column.attrs.get("class", "").split()) == numeric


def test_detail_lists_programs_with_that_source_largest_first(web, seed):
    doc = full_page(web.get("/funding/national/"), "재원: 국비")
    assert "공개된 금액은 2개 사업에 모두 170억원입니다." in doc.find("p", class_="lead").clean_text
    table = rows(doc.find("table"))
    assert list(table) == [
        "차량용 첨단소재 성형가공 기술고도화 기반구축",
        "탄소 소재·부품 리사이클링 기반구축",
    ]
    assert table["차량용 첨단소재 성형가공 기술고도화 기반구축"][:3] == [
        "90억원",
        "290억원",
        "사업 기간 전체",
    ]
    assert "경주시, 2020. 12. 15. 기준" in table["탄소 소재·부품 리사이클링 기반구축"][3]


def test_detail_json_ld_states_amounts_and_funder(web, seed):
    doc = parse(web.get("/funding/national/"))
    page = next(o for o in jsonld(doc) if o["@type"] == "CollectionPage")
    grants = [entry["item"] for entry in page["mainEntity"]["itemListElement"]]
    assert grants[0]["@type"] == "MonetaryGrant"
    assert grants[0]["amount"] == {"@type": "MonetaryAmount", "currency": "KRW", "value": 90 * EOK}
    assert grants[0]["funder"]["name"] == "대한민국 정부"
    assert grants[0]["fundedItem"]["url"].endswith("/programs/vehicle-materials-molding/")


def test_a_kind_with_no_known_amount_says_so(web, seed):
    doc = full_page(web.get("/funding/provincial/"), "재원: 도비")
    assert "도비 금액이 공개된 사업이 아직 없습니다." in doc.find("main").clean_text


def test_unknown_kind_is_a_korean_404(web, seed):
    response = web.get("/funding/bitcoin/")
    assert response.status_code == 404
    assert parse(response).find("h1").clean_text == "페이지를 찾을 수 없습니다"


def test_detail_paginates_and_ignores_bad_page_numbers(web, db):
    for i in range(32):
        FundingFactory(program=ProgramFactory(name=f"사업 {i:02d}"), amount=(i + 1) * EOK)
    first = rows(parse(web.get("/funding/national/")).find("table"))
    assert len(first) == 30 and next(iter(first)) == "사업 31"
    second = full_page(web.get("/funding/national/", {"page": "2"}), "재원: 국비 (2쪽)")
    assert list(rows(second.find("table"))) == ["사업 01", "사업 00"]
    response = web.get("/funding/national/", {"page": "x"})
    assert response.status_code == 200
    assert "쪽 번호 ‘x’은(는) 올바르지 않아 첫 쪽을 보여 드립니다." in notes(parse(response))


def test_yearly_rows_show_their_fiscal_year(web, db):
    program = ProgramFactory(total_cost=100 * EOK)
    FundingFactory(program=program, kind="city", amount=5 * EOK, fiscal_year=2022)
    table = rows(parse(web.get("/funding/city/")).find("table"))
    assert table[program.name][2] == "2022년"
