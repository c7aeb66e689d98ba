"""generate_portfolio makes realistic execution and milestones, and the pages that show them (with
the organisation and place pages and the API) run the same number of queries at seed size as with
10,000 programs."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.db.models import Count

from gyeongju.organisations.models import Organisation
from gyeongju.places.models import Place
from gyeongju.programs.models import Program, ProgramBudget
from gyeongju.progress.models import Execution, Milestone
from gyeongju.progress.rules import lateness
from tests.public import count_queries

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 1)  # the generator's "now"


def test_generated_execution_and_milestones_are_realistic():
    call_command("generate_portfolio", programs=300, seed=5, verbosity=0)
    rows = list(Execution.private_objects.all())
    assert rows and any(r.kind for r in rows) and any(not r.kind for r in rows)
    budgets = {(b.program_id, b.fiscal_year): b.amount for b in ProgramBudget.private_objects.all()}
    for row in rows:
        assert (row.program_id, row.fiscal_year) in budgets  # spent against a stated budget
        assert row.amount <= budgets[row.program_id, row.fiscal_year] * 1.05
        assert row.as_of.year == row.fiscal_year
    # Not every budget reports its execution: those stay unknown.
    assert len({(r.program_id, r.fiscal_year) for r in rows}) < len(budgets)
    states = {
        lateness(planned=m.planned_date, actual=m.actual_date, today=TODAY).state
        for m in Milestone.private_objects.all()
    }
    assert {"late", "done_late", "done_early", "upcoming"} <= states
    assert Milestone.private_objects.filter(planned_precision="year", phase="program_end").exists()
    assert Milestone.history.count() == Milestone.private_objects.count()


def busiest():
    """The organisation in most public programs, and the 읍·면·동 and the complex with most."""
    organisation = (
        Organisation.public_objects.annotate(n=Count("partnerships")).order_by("-n", "pk").first()
    )
    district, complex_ = (
        Place.public_objects.filter(kind=kind)
        .annotate(
            n=Count("sites__programs", distinct=True)
            + Count("complexes__sites__programs", distinct=True)
        )
        .order_by("-n", "pk")
        .first()
        for kind in ("district", "complex")
    )
    return organisation.slug, district.slug, complex_.slug


def pages(slug):
    program = f"/programs/{slug}/"
    organisation, district, complex_ = busiest()
    return {
        "home": "/",
        "funding": "/funding/",
        "years": "/years/",
        "explorer late": "/programs/?schedule=late",
        "explorer late htmx page 2": "/programs/?schedule=late&page=2",
        "program": program,
        "program snapshot": f"{program}?as_of=2021-06-01",
        "history": f"{program}history/",
        "feed late": "/feeds/programs/?schedule=late",
        # Issue 24's pages, and the API (issue 21), at the same two sizes.
        "organisations": "/organisations/",
        "organisation": f"/organisations/{organisation}/",
        "places": "/places/",
        "district": f"/places/{district}/",
        "complex": f"/places/{complex_}/",
        "api programs": "/api/v1/programs/?schedule=late",
        "api program": f"/api/v1/programs/{slug}/",
        "api organisation": f"/api/v1/organisations/{organisation}/",
        "api place": f"/api/v1/places/{district}/",
    }


def test_the_same_queries_at_seed_size_and_with_ten_thousand_programs(web, seed):
    slug = "vehicle-materials-molding"  # the seed's, with its planned dates
    few = {name: count_queries(web, url) for name, url in pages(slug).items()}
    call_command("generate_portfolio", programs=10_000, seed=11, verbosity=0, append=True)
    # The busiest organisation and complex now have many programs, not the seed's few.
    organisation, _, complex_ = busiest()
    assert Program.public_objects.filter(partnerships__organisation__slug=organisation).count() > 20
    assert Program.public_objects.filter(site__place__slug=complex_).count() > 20
    many = {name: count_queries(web, url) for name, url in pages(slug).items()}
    assert {n: (few[n], many[n]) for n in few if few[n] != many[n]} == {}
