"""What a program reading /api/v1/ gets: the explorer's filters, stable pages, every part of a
program, amounts in 원 with their Korean display, ISO dates, page URLs, sources and as-of dates."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from gyeongju.funding.models import Funding
from gyeongju.outcomes.models import Outcome
from gyeongju.programs.models import Program, ProgramBudget
from tests.factories import (
    EOK,
    BudgetFactory,
    ExecutionFactory,
    FundingFactory,
    MilestoneFactory,
    ProgramFactory,
    portfolio,
)
from tests.public import result_links

pytestmark = pytest.mark.django_db
SITE = "http://127.0.0.1:8000"
SLUG = "vehicle-materials-molding"
SEOUL = ZoneInfo("Asia/Seoul")


def get_json(web, url, status=200):
    response = web.get(url)
    assert response.status_code == status, (url, response.content[:400])
    return response.json()


def test_the_program_list_answers_the_same_programs_as_the_explorer_for_the_same_query(web, seed):
    for query in (
        "q=탄소", "status=ongoing&sort=cost_desc", "funding=national&year=2021", "schedule=late", "",
    ):  # fmt: skip
        api = get_json(web, f"/api/v1/programs/?{query}")
        page = web.get(f"/programs/?{query}")
        from tests.html import parse

        explorer = [
            link.rstrip("/").split("/")[-1] for link in result_links(parse(page.content.decode()))
        ]
        assert [item["slug"] for item in api["results"]] == explorer, query
        assert api["count"] == len(explorer)


def test_a_program_in_the_list_carries_money_in_won_and_korean_its_page_and_its_source(web, seed):
    data = get_json(web, "/api/v1/programs/?q=성형가공")
    item = next(p for p in data["results"] if p["slug"] == SLUG)
    program = Program.public_objects.get(slug=SLUG)
    assert item["url"] == f"{SITE}/programs/{SLUG}/"
    assert item["api_url"] == f"{SITE}/api/v1/programs/{SLUG}/"
    assert item["total_cost"]["won"] == program.total_cost
    assert item["total_cost"]["display"].endswith("억원")
    assert item["source"]["published_on"] == program.cost_source.published_on.isoformat()
    assert dt.date.fromisoformat(item["as_of"])
    assert dt.datetime.fromisoformat(item["updated_at"])
    assert item["status"]["label"] in {"계획", "추진 중", "완료"}


def test_pages_have_a_stable_order_a_total_and_links_to_their_neighbours(web, db):
    portfolio(25, with_everything=False)
    first = get_json(web, "/api/v1/programs/?per_page=10&sort=name")
    assert (first["count"], first["pages"], first["previous"]) == (25, 3, None)
    second = get_json(web, first["next"].removeprefix(SITE))
    third = get_json(web, second["next"].removeprefix(SITE))
    assert third["next"] is None
    assert "page=1" in second["previous"]
    slugs = [p["slug"] for page in (first, second, third) for p in page["results"]]
    assert len(set(slugs)) == 25
    assert slugs == [
        p["slug"] for p in get_json(web, "/api/v1/programs/?per_page=25&sort=name")["results"]
    ]


def test_an_unstated_amount_is_null_and_shown_as_undisclosed_never_zero(web, db):
    ProgramFactory(slug="no-cost", total_cost=None)
    item = get_json(web, "/api/v1/programs/no-cost/")
    assert item["total_cost"] == {"won": None, "display": "미공개"}


def test_the_program_detail_has_everything_the_page_shows(web, seed):
    data = get_json(web, f"/api/v1/programs/{SLUG}/")
    program = Program.public_objects.get(slug=SLUG)
    assert [row["amount"]["won"] for row in data["funding"]] == list(
        Funding.public_objects.filter(program=program)
        .order_by(*Funding._meta.ordering[1:])
        .values_list("amount", flat=True)
    )
    assert len(data["budgets"]) == ProgramBudget.public_objects.filter(program=program).count()
    assert len(data["outcomes"]) == Outcome.public_objects.filter(program=program).count()
    for outcome in data["outcomes"]:
        assert outcome["maturity"]["label"] in {"예정", "체결", "실현"}
        assert outcome["source"] is not None and outcome["as_of"]
    assert {f["slug"] for f in data["facilities"]} == set(
        program.facilities.values_list("slug", flat=True)
    )
    assert len(data["partners"]) == program.partnerships.count()
    assert data["sources"]
    assert 0 <= data["completeness"]["percent"] <= 100
    assert data["history_url"] == f"{SITE}/programs/{SLUG}/history/"
    assert data["citation"].startswith("경주시 투자사업 포털")
    assert data["snapshot"] is None


def test_the_detail_shows_public_changes_with_their_reason(web, db):
    program = ProgramFactory(slug="changed")
    program.total_cost = 120 * EOK
    program._change_reason = "추경 반영"
    program.save()
    history = get_json(web, "/api/v1/programs/changed/")["history"]
    assert history[0]["reason"] == "추경 반영"
    assert any(c["new"] == "120억원" for e in history[0]["events"] for c in e["changes"])


def test_as_of_answers_the_program_as_it_stood_that_day(web, db):
    program = ProgramFactory(slug="dated", total_cost=100 * EOK)
    FundingFactory(program=program, amount=30 * EOK)
    when = dt.datetime(2020, 6, 1, tzinfo=dt.UTC)
    program.history.update(history_date=when)
    Funding.history.filter(program_id=program.pk).update(history_date=when)
    program.total_cost = 150 * EOK
    program._change_reason = "증액"
    program.save()
    now = get_json(web, "/api/v1/programs/dated/")
    then = get_json(web, "/api/v1/programs/dated/?as_of=2020-12-31")
    assert now["total_cost"]["won"] == 150 * EOK
    assert then["total_cost"]["won"] == 100 * EOK
    assert then["snapshot"] == {"as_of": "2020-12-31"} and then["as_of"] == "2020-12-31"
    assert then["url"].endswith("/programs/dated/?as_of=2020-12-31")
    assert (
        get_json(web, "/api/v1/programs/dated/?as_of=2020. 12. 31.")["total_cost"]["won"]
        == 100 * EOK
    )
    missing = get_json(web, "/api/v1/programs/dated/?as_of=2019-01-01", status=404)
    assert "공개되어 있지 않았습니다" in missing["detail"]


def test_facilities_come_with_their_programs(web, seed):
    data = get_json(web, "/api/v1/facilities/")
    assert data["count"] >= 1
    facility = data["results"][0]
    assert facility["programs"] and facility["programs"][0]["url"].startswith(SITE + "/programs/")
    one = get_json(web, facility["api_url"].removeprefix(SITE))
    assert one == facility


def test_funding_totals_by_kind_with_the_undisclosed_gap(web, seed):
    data = get_json(web, "/api/v1/funding/")
    assert [k["kind"]["label"] for k in data["kinds"]] == ["국비", "도비", "시비", "민자", "기타"]
    known = sum(k["amount"]["won"] or 0 for k in data["kinds"])
    assert known == sum(Funding.public_objects.values_list("amount", flat=True))
    # The seed states only 국비: the other kinds are unknown, never 0원 (as /funding/ says).
    unstated = [k for k in data["kinds"] if not k["program_count"]]
    assert unstated and all(k["amount"] == {"won": None, "display": "미공개"} for k in unstated)
    assert data["undisclosed"]["won"] >= 0 and "미공개" in data["note"]


def test_outcomes_take_the_outcome_pages_filters(web, seed):
    data = get_json(web, "/api/v1/outcomes/?maturity=realised")
    assert data["results"] and {o["maturity"]["code"] for o in data["results"]} == {"realised"}
    assert data["count"] == Outcome.public_objects.filter(maturity="realised").count()
    assert data["results"][0]["program"]["url"].startswith(SITE)


def test_organisations_list_their_programs_and_roles(web, seed):
    data = get_json(web, "/api/v1/organisations/")
    assert data["count"] >= 1
    assert any(org["programs"] and org["programs"][0]["role"] for org in data["results"])


def test_the_years_are_the_citys_stated_totals(web, seed):
    years = get_json(web, "/api/v1/years/")
    assert [(y["year"], y["program_count"], y["total_amount"]["display"]) for y in years][:2] == [
        (2021, 17, "334억원"),
        (2020, 13, "130억원"),
    ]
    assert years[0]["source"]["title"]


def test_the_index_names_every_endpoint_and_the_docs(web, db):
    data = get_json(web, "/api/v1/")
    assert data["docs"] == f"{SITE}/api/"
    for url in data["endpoints"].values():
        assert web.get(url.removeprefix(SITE)).status_code == 200


def test_a_renamed_programs_old_api_address_answers_301_to_the_new_one(web, db):
    program = ProgramFactory(slug="old-name")
    program.slug = "new-name"
    program.save()
    response = web.get("/api/v1/programs/old-name/?as_of=2020-01-01")
    assert response.status_code == 301
    assert response["Location"] == "/api/v1/programs/new-name/?as_of=2020-01-01"
    assert web.get("/api/v1/programs/never-was/").status_code == 404


def test_the_program_detail_has_execution_against_budget_and_the_schedule(web, db):
    """Issue 23 in the API: per year budget vs executed with its rate (unknown is null, never 0),
    and each milestone with its planned and actual dates and its lateness on the day asked."""
    program = ProgramFactory(slug="on-time", start_year=2021, end_year=2023)
    BudgetFactory(program=program, fiscal_year=2021, amount=10 * EOK)
    BudgetFactory(program=program, fiscal_year=2022, amount=20 * EOK)
    ExecutionFactory(program=program, fiscal_year=2021, amount=4 * EOK, as_of=dt.date(2021, 12, 31))
    MilestoneFactory(
        program=program, phase="groundbreaking", planned_date=dt.date(2021, 3, 31),
        actual_date=dt.date(2021, 6, 30),
    )  # fmt: skip
    MilestoneFactory(program=program, phase="completion", planned_date=dt.date(2022, 6, 30))
    with time_machine.travel(dt.datetime(2022, 8, 1, 12, tzinfo=SEOUL), tick=False):
        data = get_json(web, "/api/v1/programs/on-time/")
    first, second = data["execution"]
    assert first["fiscal_year"] == 2021 and first["budget"]["won"] == 10 * EOK
    assert first["executed"] == {"won": 4 * EOK, "display": "4억원"}
    assert first["execution_rate"] == 40.0 and first["rate_label"] == "40.0%"
    assert first["as_of"] == "2021-12-31" and first["rows"][0]["source"]["title"]
    assert second["executed"]["won"] is None and second["execution_rate"] is None
    assert second["rate_label"] == "집행 정보 미공개"
    assert data["schedule_as_of"] == "2022-08-01"
    started, finished = data["milestones"]
    assert started["status"] == "done_late" and started["days"] == 91
    assert started["actual_date"] == "2021-06-30" and started["phase"]["label"] == "착공"
    assert finished["status"] == "late" and finished["actual_date"] is None
    assert "지연" in finished["status_label"] and finished["source"]["title"]
