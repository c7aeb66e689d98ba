"""One program in one page (/programs/<slug>/): money with honest gaps, period and status,
facilities, partners, outcomes with evidence, sources, 최종 수정, history link, citation block."""

import pytest

from gyeongju.core.models import SlugRedirect
from gyeongju.programs.models import Program
from tests.factories import EOK, FundingFactory, ProgramFactory
from tests.html import parse
from tests.public import Visitor, full_page

pytestmark = pytest.mark.django_db

MOLDING = "/programs/vehicle-materials-molding/"
MOLDING_NAME = "차량용 첨단소재 성형가공 기술고도화 기반구축"
SOURCE = "경주시, 「경제활성화·일자리창출 2021년 기업지원 사업 추진 계획」(2020. 12. 15.)"


def section(doc, heading_id):
    return doc.find("section", aria_labelledby=heading_id)


def kv(node) -> dict[str, str]:
    """A <dl class="kv"> as {term: description}."""
    terms = [dt.clean_text for dt in node.find_all("dt")]
    values = [dd.clean_text for dd in node.find_all("dd")]
    return dict(zip(terms, values, strict=True))


def test_program_page_in_one_page(web, seed):
    doc = full_page(web.get(MOLDING), MOLDING_NAME)
    assert doc.find("h1").clean_text == MOLDING_NAME
    assert doc.find("p", class_="lead").clean_text.startswith("2022년까지 외동 구어2산단에")

    money = kv(section(doc, "money-title").find("dl"))
    assert money["총사업비"] == "290억원"
    # Only part of the money is known: say so, never invent the rest.
    assert money["재원 구성"] == "국비 90억원 외 재원 구성 미공개"
    money_table = section(doc, "money-title").find("table")
    rows = [
        [cell.clean_text for cell in tr.children if hasattr(cell, "tag")]
        for tr in money_table.find("tbody").find_all("tr")
    ]
    assert rows[0][:3] == ["국비", "90억원", "31.0%"]
    assert rows[1][:3] == ["재원 구성 미공개", "200억원", "69.0%"]
    evidence = section(doc, "money-title").find("p", class_="evidence").clean_text
    assert "국비 90억원 포함 총 290억원" in evidence and "2020. 12. 15. 기준" in evidence

    glance = kv(doc.find("aside").find("dl"))
    assert glance["상태"] == "추진 중"
    assert glance["기간"] == "~ 2022년 (시작 연도 미공개)"
    assert glance["입지"] == "외동 구어2산단 (외동읍)"
    assert glance["담당 부서"] == "미공개"
    assert glance["최종 수정"] == "2020. 12. 15."
    assert doc.find("aside").find("time").attrs["datetime"].startswith("2020-12-15")

    facilities = section(doc, "facilities-title")
    assert facilities.links() == ["/facilities/vehicle-materials-molding-center/"]
    assert "11종 (R&D 연구개발 장비)" in facilities.clean_text

    sources = section(doc, "sources-title").clean_text
    assert (
        "경주시 보도자료, 「경제활성화·일자리창출 2021년 기업지원 사업 추진 계획」, 2020. 12. 15."
        in sources
    )

    history = [a for a in doc.find_all("a") if a.attrs.get("href") == f"{MOLDING}history/"]
    assert history and history[0].clean_text == "변경 이력 보기"


def test_partners_with_roles(web, seed):
    doc = parse(web.get("/programs/proton-ion-beam-rnd-center/"))
    rows = [
        (tr.find("th").clean_text, tr.find("td").clean_text)
        for tr in section(doc, "partners-title").find("tbody").find_all("tr")
    ]
    assert rows == [
        ("양성자과학연구단", "센터 입지"),
        ("국가과학기술위원회", "심의"),
        ("지역대학", "참여 예정"),
        ("경주·경산·포항·구미 지역 연관기업", "참여 예정"),
    ]


def test_outcomes_with_maturity_badges_and_evidence(web, seed):
    doc = parse(web.get("/programs/export-support/"))
    outcomes = section(doc, "outcomes-title")
    rows = {tr.find("th").clean_text: tr for tr in outcomes.find("tbody").find_all("tr")}
    contract = rows["수출계약액 (2020년)"]
    assert "222억원" in contract.clean_text
    badge = contract.find("span", class_="badge")
    assert badge.clean_text == "체결" and "maturity-signed" in badge.attrs["class"]
    assert contract.find("q").clean_text == "222억원의 수출계약 성과를 올린바 있다"
    assert "경주시, 2020. 12. 15. 기준" in contract.clean_text
    assert "실제 수출(선적·대금 회수) 실적은 아닙니다" in contract.clean_text
    mou = rows["해외바이어 온라인 수출상담회 현장 MOU (2020년)"]
    assert mou.find("span", class_="badge").clean_text == "체결"
    assert "MOU(양해각서)는 계약이 아닙니다." in mou.clean_text
    companies = rows["지원 기업 수 (2020년)"]
    assert companies.find("span", class_="badge").clean_text == "실현"
    assert "20개사" in companies.clean_text
    # The anchor the outcomes list links to.
    assert all(tr.attrs["id"].startswith("outcome-") for tr in rows.values())


def test_yearly_budget_program_shows_its_budget_and_unknown_total(web, seed):
    doc = parse(web.get("/programs/smart-factory/"))
    money = kv(section(doc, "money-title").find("dl"))
    assert money == {"총사업비": "미공개", "재원 구성": "재원 구성 미공개"}
    budget = [
        t
        for t in section(doc, "money-title").find_all("table")
        if t.find("caption").clean_text == "연도별 예산"
    ]
    assert budget
    row = budget[0].find("tbody").find("tr")
    assert (row.find("th").clean_text, row.find("td").clean_text) == ("2021년", "80억원")
    missing = doc.find("div", class_="completeness").clean_text
    assert "아직 공개되지 않은 정보:" in missing and "시작 연도" in missing


def test_fully_explained_money_has_no_gap(web, db):
    program = ProgramFactory(total_cost=100 * EOK)
    FundingFactory(program=program, kind="national", amount=60 * EOK)
    FundingFactory(program=program, kind="city", amount=40 * EOK)
    doc = parse(web.get(program.get_absolute_url()))
    money = kv(section(doc, "money-title").find("dl"))
    assert money["재원 구성"] == "국비 60억원, 시비 40억원"
    assert "미공개" not in section(doc, "money-title").find("table").clean_text


def test_citation_block(web, seed):
    doc = parse(web.get(MOLDING))
    block = doc.by_id("cite")
    assert block.find("h2").clean_text == "인용하기"
    text = block.find("textarea", id="citation-text").text
    assert text == (
        f"경주시 투자사업 포털, 「{MOLDING_NAME}」, http://127.0.0.1:8000{MOLDING} "
        f"(2020. 12. 15. 기준). 원출처: {SOURCE}."
    )
    button = block.find("button", type="button")
    assert button.clean_text == "인용문 복사"
    assert button.attrs["data-copy-target"] == "citation-text"
    assert block.find(role="status").attrs["aria-live"] == "polite"
    # The copy button is driven by a static file (the CSP forbids inline script).
    scripts = [s.attrs["src"] for s in doc.find_all("script") if s.attrs.get("src")]
    assert "/static/portal/js/site.js" in scripts
    figures = block.find("details").clean_text
    assert "총사업비 290억원(경주시 보도자료, 2020. 12. 15. 기준)" in figures
    assert "국비 90억원" in figures


def test_copy_script_is_served_and_copies_the_named_field(web):
    from django.contrib.staticfiles import finders

    with open(finders.find("portal/js/site.js"), encoding="utf-8") as handle:
        script = handle.read()
    assert "data-copy-target" in script and "clipboard" in script


def test_the_summary_facts_come_right_after_the_title(web, seed):
    """A phone reads the page in document order: 한눈에 보기 (status, period, site…) follows the
    title and the one-line summary, before any section; the side column puts it on top."""
    doc = full_page(web.get(MOLDING), MOLDING_NAME)
    order = [
        node
        for node in doc.find("main").iter()
        if node.tag in {"h1", "h2"} or (node.tag == "p" and "lead" in node.attrs.get("class", ""))
    ]
    texts = [node.clean_text for node in order]
    assert texts[0] == MOLDING_NAME
    assert texts[2] == "한눈에 보기" and order[1].tag == "p"
    assert texts[3:5] == ["사업비와 재원", "사업 내용"]
    glance = doc.find("aside", aria_labelledby="glance-title")
    assert kv(glance.find("dl"))["상태"] == "추진 중"
    assert [n.attrs.get("aria-label") for n in doc.find_all("aside")][
        1
    ] == "자료 완성도, 인용과 기록"


def test_outcome_rows_become_cards_on_a_phone_naming_their_columns(web, seed):
    table = section(parse(web.get("/programs/export-support/")), "outcomes-title").find("table")
    assert "stack" in table.attrs["class"].split()
    columns = [th.clean_text for th in table.find("thead").find_all("th")]
    for tr in table.find("tbody").find_all("tr"):
        cells = [c for c in tr.children if hasattr(c, "tag")]
        assert cells[0].tag == "th" and "card-title" in cells[0].attrs["class"].split()
        assert [c.attrs.get("data-label") for c in cells[1:]] == columns[1:]


def test_unknown_program_is_a_korean_404(web, seed):
    response = web.get("/programs/no-such-program/")
    assert response.status_code == 404
    doc = parse(response)
    assert doc.find("h1").clean_text == "페이지를 찾을 수 없습니다"
    assert doc.find("html").attrs["lang"] == "ko"


def test_renamed_slug_redirects_permanently(web, seed):
    program = Program.public_objects.get(slug="carbon-recycling")
    program.slug = "carbon-materials-recycling"
    program.save()
    assert SlugRedirect.objects.filter(old_slug="carbon-recycling").exists()
    for old, new in [
        ("/programs/carbon-recycling/", "/programs/carbon-materials-recycling/"),
        ("/programs/carbon-recycling/history/", "/programs/carbon-materials-recycling/history/"),
        (
            "/programs/carbon-recycling/?as_of=2021-01-01",
            "/programs/carbon-materials-recycling/?as_of=2021-01-01",
        ),
    ]:
        response = web.get(old)
        assert response.status_code == 301
        assert response["Location"] == new


def test_draft_is_404_to_the_public_and_a_marked_preview_to_staff(web, editor, db):
    draft = ProgramFactory(name="비공개 수소 사업", publication_state="draft")
    assert web.get(draft.get_absolute_url()).status_code == 404
    response = Visitor(editor).get(draft.get_absolute_url())
    assert response.status_code == 200
    doc = parse(response)
    assert "초안 미리보기" in doc.find("div", class_="is-draft").clean_text
    assert response["X-Robots-Tag"] == "noindex"
    assert doc.find("meta", name="robots").attrs["content"] == "noindex"
