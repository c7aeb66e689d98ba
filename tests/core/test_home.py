"""홈 (/): the city's stated yearly totals side by side, money by 분야 and by 재원 as server-drawn
SVG charts each with its equivalent table, the 외동 구어2산단 cluster, recently updated programs."""

import pytest

from gyeongju.programs.models import Program
from tests.factories import EOK, ProgramFactory
from tests.html import header_grid, named_headers, parse
from tests.public import full_page

pytestmark = pytest.mark.django_db

TITLE = "경주시 경제 투자 한눈에 보기"


def stat_cards(doc):
    return [
        {
            "label": card.find("p", class_="label").clean_text,
            "value": card.find("span", class_="value").clean_text,
            "sub": card.find("p", class_="sub").clean_text,
            "source": card.find("p", class_="source").clean_text,
        }
        for card in doc.find_all("div", class_="stat-card")
    ]


def chart_bars(figure):
    labels = [t.clean_text for t in figure.find_all("text", class_="bar-label")]
    values = [t.clean_text for t in figure.find_all("text", class_="bar-value")]
    return dict(zip(labels, values, strict=True))


def test_this_year_and_last_year_side_by_side(web, seed):
    doc = full_page(web.get("/"), TITLE)
    current, previous, change = stat_cards(doc)
    assert current["label"] == "2021년" and current["value"] == "334억원"
    assert current["sub"].startswith("17개 사업")
    assert current["source"] == (
        "출처: 경주시, 「경제활성화·일자리창출 2021년 기업지원 사업 추진 계획」 · 2020. 12. 15. 기준"
    )
    assert previous["label"] == "2020년" and previous["value"] == "130억원"
    assert previous["sub"].startswith("13개 사업")
    assert change["label"] == "2020년 대비 2021년"
    assert change["value"] == "+204억원"
    assert change["sub"] == "157% 증가 · 사업 4개 증가"


def test_yearly_totals_are_the_citys_statements_never_sums_of_programs(web, seed):
    ProgramFactory(name="큰 사업", total_cost=1000 * EOK, start_year=2021, end_year=2021)
    current = stat_cards(parse(web.get("/")))[0]
    assert current["value"] == "334억원"
    notice = parse(web.get("/")).find("p", class_="notice-box").clean_text
    assert "더해서 한 해 예산으로 볼 수 없습니다" in notice


def test_each_chart_is_an_accessible_svg_with_an_equivalent_table(web, seed):
    doc = parse(web.get("/"))
    figures = doc.find_all("figure", class_="chart")
    assert len(figures) == 2
    for figure in figures:
        svg = figure.find("svg")
        assert svg.attrs["role"] == "img"
        title_id, desc_id = svg.attrs["aria-labelledby"].split()
        assert svg.find("title", id=title_id).clean_text == figure.find("figcaption").clean_text
        desc = svg.find("desc", id=desc_id).clean_text
        for label, value in chart_bars(figure).items():
            assert f"{label} {value}" in desc
    by_category, by_kind = (figure.parent for figure in figures)

    category_chart = chart_bars(figures[0])
    assert category_chart == {
        "미래차·소재 기반구축": "668억원",
        "연구개발 지원": "450억원",
        "스마트제조·소프트웨어": "미공개",
        "수출·투자유치": "7,000만원",
    }
    table = by_category.find("table")
    assert "차트와 같은 자료" in table.find("caption").clean_text
    cells = {
        tr.find("th").clean_text: [td.clean_text for td in tr.find_all("td")]
        for tr in table.find("tbody").find_all("tr")
    }
    for label, value in category_chart.items():
        assert cells[label][1].startswith(value)  # the same figure in the table
    assert cells["연구개발 지원"] == ["2개", "450억원(1개 사업만 공개)", "2억1,500만원"]
    assert cells["스마트제조·소프트웨어"] == ["3개", "미공개", "88억1,300만원"]
    assert [th.clean_text for th in table.find("thead").find_all("th")][-1] == (
        "2021년 연도별 예산 합계"
    )

    kind_chart = chart_bars(figures[1])
    kind_cells = {
        tr.find("th").clean_text: [td.clean_text for td in tr.find_all("td")]
        for tr in by_kind.find("table").find("tbody").find_all("tr")
    }
    assert kind_chart["국비"] == "170억원"
    assert kind_chart["재원 구성 미공개"] == "948억7,000만원"
    for label, value in kind_chart.items():
        assert kind_cells[label][0] == value


def test_the_unexplained_share_is_drawn_grey_not_as_a_source(web, seed):
    figure = parse(web.get("/")).find_all("figure", class_="chart")[1]
    unknown = [rect for rect in figure.find_all("rect") if "is-unknown" in rect.attrs["class"]]
    assert len(unknown) == 1


def test_industrial_complex_cluster_with_its_facilities(web, seed):
    doc = parse(web.get("/"))
    section = doc.find("section", aria_labelledby="cluster-title")
    heading = section.find("h2").clean_text
    assert "외동 구어2산단" in heading and "클러스터" in heading
    facilities = [h3.find("a").attrs["href"] for h3 in section.find_all("h3")]
    assert facilities == [
        "/facilities/bms-infrastructure/",
        "/facilities/vehicle-materials-molding-center/",
        "/facilities/carbon-recycling-base/",
    ]
    assert "/programs/ai-bms-ecosystem/" in section.links()
    assert "11종" in section.clean_text


def test_recently_updated_programs_newest_first(web, seed):
    program = Program.public_objects.get(slug="drone-heritage-software")
    program.summary = "드론으로 옥외 문화재를 점검하는 소프트웨어를 개발합니다."
    program.save()
    section = parse(web.get("/")).find("section", aria_labelledby="recent-title")
    links = [h3.find("a").attrs["href"] for h3 in section.find_all("h3")]
    assert len(links) == 5
    assert links[0] == "/programs/drone-heritage-software/"
    assert "드론으로 옥외 문화재를 점검하는" in section.clean_text


def test_an_empty_site_still_renders(web, db):
    doc = full_page(web.get("/"), TITLE)
    text = doc.find("main").clean_text
    assert "아직 공개된 연도별 총괄이 없습니다." in text
    assert "공개된 사업이 없습니다." in text


def test_the_funding_table_ties_its_totals_row_to_the_headers(web, seed):
    """Like /funding/: a totals row, so every cell names its headers (WCAG 1.3.1, H43), and the
    numbers, totals included, are one right-aligned column each."""
    doc = parse(web.get("/"))
    table = next(t for t in doc.find_all("table") if t.find("tfoot") is not None)
    assert table.find("caption").clean_text == "재원별 금액 (차트와 같은 자료)"
    grid = header_grid(table)
    assert len(grid) == 6 * 2 + 2
    for cell, expected in grid:
        assert named_headers(table, cell) == expected, cell.clean_text
        assert "num" in cell.attrs["class"].split()
    total = table.find("tfoot").find("td")
    assert [h.clean_text for h in named_headers(table, total)] == [
        "총사업비가 공개된 5개 사업의 합계",
        "알려진 금액",
    ]
    ids = [node.attrs["id"] for node in doc.iter() if "id" in node.attrs]
    assert len(ids) == len(set(ids)), "an id is used twice"
