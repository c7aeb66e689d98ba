"""The home page and /funding/ give this year's execution across the portfolio, counting only the
programs that report it and saying how many do not; /years/ compares years by 분야 and 재원."""

import datetime as dt

import pytest

from tests.adminkit import visible_text
from tests.factories import (
    EOK,
    BudgetFactory,
    CategoryFactory,
    ExecutionFactory,
    FundingFactory,
    PortfolioYearFactory,
    ProgramFactory,
)
from tests.public import full_page

pytestmark = pytest.mark.django_db


def table_rows(table) -> list[str]:
    return [
        " ".join(cell.clean_text for cell in row.iter() if cell.tag in {"th", "td"})
        for row in table.iter()
        if row.tag == "tr"
    ]


@pytest.fixture
def year_2022(underway):
    """2022 (today's year): ``underway`` reports 12억원 of a 50억원 budget; another reports 5억원
    without a budget; a third runs in 2022 and reports nothing; a draft reports a lot."""
    quiet = ProgramFactory(slug="quiet", start_year=2022, end_year=2022)
    BudgetFactory(program=quiet, fiscal_year=2022, amount=20 * EOK)
    unbudgeted = ProgramFactory(slug="unbudgeted", start_year=2022, end_year=2024)
    ExecutionFactory(
        program=unbudgeted, fiscal_year=2022, amount=5 * EOK, as_of=dt.date(2022, 4, 30)
    )
    draft = ProgramFactory(slug="draft", publication_state="draft", start_year=2022)
    BudgetFactory(program=draft, fiscal_year=2022, amount=EOK)
    ExecutionFactory(program=draft, fiscal_year=2022, amount=900 * EOK)
    ProgramFactory(slug="long-gone", start_year=2015, end_year=2016)


@pytest.mark.parametrize("url", ["/", "/funding/"])
def test_this_years_execution_counts_only_reporting_programs_and_says_how_many_do_not(
    web, year_2022, url
):
    text = visible_text(web.get(url))
    assert "2022년 예산 집행" in text
    # 12억 of 50억: the rate over the programs that report both (not the one without a budget).
    assert "집행률 (1개 사업 기준) 24.0%" in text
    assert "2022년 예산 50억원 가운데 12억원 집행" in text
    assert "집행을 보고한 사업 2개 보고된 집행액 합계 17억원" in text
    assert "2022년에 추진되는 사업 3개 가운데 2개 사업만 집행 실적을 공개했습니다." in text
    assert "나머지 1개 사업은 집행 정보 미공개" in text
    assert "2022. 5. 31. 기준(사업별 기준일 2022. 4. 30. ~ 2022. 5. 31.)" in text
    assert "900억" not in text  # a draft's figures never reach a public page


def test_with_no_execution_reported_the_home_page_says_unknown_not_zero(web, clock):
    ProgramFactory(start_year=2022, end_year=2022)
    text = visible_text(web.get("/"))
    assert "2022년 집행 실적을 공개한 사업이 아직 없습니다(집행 정보 미공개)." in text
    assert "0.0%" not in text


def test_the_years_page_compares_by_category_and_kind_with_stated_totals_for_bare_years(web, clock):
    research = CategoryFactory(slug="research", name="연구개발")
    factory = CategoryFactory(slug="factory", name="스마트제조")
    a = ProgramFactory(category=research, total_cost=290 * EOK, start_year=2021, end_year=2022)
    b = ProgramFactory(category=factory, total_cost=100 * EOK)
    BudgetFactory(program=a, fiscal_year=2021, amount=40 * EOK)
    BudgetFactory(program=a, fiscal_year=2022, amount=50 * EOK)
    BudgetFactory(program=b, fiscal_year=2022, amount=8 * EOK)
    FundingFactory(program=a, kind="national", amount=20 * EOK, fiscal_year=2022)
    FundingFactory(program=a, kind="city", amount=90 * EOK)  # whole period: never in a year
    PortfolioYearFactory(year=2020, program_count=13, total_amount=130 * EOK)
    PortfolioYearFactory(year=2021, program_count=17, total_amount=334 * EOK)

    response = web.get("/years/")
    doc = full_page(response, "연도별 비교")
    text = visible_text(response)
    tables = [t for t in doc.iter() if t.tag == "table"]
    categories = table_rows(tables[0])
    assert categories[0] == "분야 2020년 2021년 2022년"
    assert "연구개발 — 40억원 50억원" in categories
    assert "스마트제조 — — 8억원" in categories
    assert "사업별 연도 금액 합계 미공개 40억원 58억원" in categories
    assert categories[-1].startswith("시 발표 총액(참고) 130억원")
    kinds = table_rows(tables[1])
    assert "국비 — — 20억원" in kinds
    assert not any(row.startswith("시비") for row in kinds)  # a whole-period share is no year's
    assert "290억" not in text and "390억" not in text  # multi-year totals never added up
    assert "2020년에는 사업별 연도 금액이 공개되지 않아" in text
    # The chart draws the bare year's stated total as one grey bar, and says so.
    svg = next(node for node in doc.iter() if node.tag == "svg" and node.attrs.get("role") == "img")
    desc = svg.find("desc").clean_text
    assert "2020년: 시 발표 총액(구분 없음) 130억원" in desc
    assert "2022년: 스마트제조 8억원, 연구개발 50억원" in desc


def test_the_home_page_links_the_years_page_and_the_late_filter(web, year_2022):
    page = web.get("/").content.decode()
    assert 'href="/years/"' in page and 'href="/programs/?schedule=late"' in page
