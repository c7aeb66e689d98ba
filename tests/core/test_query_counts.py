"""Every public page runs the same number of SQL queries with 3 programs as with 300."""

import datetime as dt

import pytest

from gyeongju.facilities.models import Facility
from gyeongju.funding.models import Funding
from gyeongju.outcomes.models import Outcome
from gyeongju.programs.models import ProgramBudget
from gyeongju.progress.models import Execution, Milestone
from tests.factories import portfolio
from tests.public import count_queries

pytestmark = pytest.mark.django_db

HX_RESULTS = {"HX-Request": "true", "HX-Target": "results"}


def pages(first):
    program = first.get_absolute_url()
    facility = Facility.private_objects.filter(programs=first).get().get_absolute_url()
    organisation = first.partnerships.get().organisation.get_absolute_url()
    place = first.site.place.get_absolute_url()
    return {
        "home": ("/", {}),
        "explorer": ("/programs/", {}),
        "explorer q": ("/programs/?q=시험", {}),
        "explorer q two words": ("/programs/?q=시험 사업&sort=name", {}),
        "explorer filters": (
            "/programs/?category=mobility&status=ongoing&year=2022&funding=national"
            "&min_cost=10억&max_cost=1000억&sort=cost_desc",
            {},
        ),
        "explorer page 2": ("/programs/?page=2", {}),
        "explorer htmx": ("/programs/?q=시험&page=2", HX_RESULTS),
        "explorer bad input": ("/programs/?year=abc&sort=evil&page=0&foo=1", {}),
        "program": (program, {}),
        "program snapshot": (f"{program}?as_of=2020-01-01", {}),
        "history": (f"{program}history/", {}),
        "embed": (f"{program}embed/", {}),
        "facility list": ("/facilities/", {}),
        "facility list page 2": ("/facilities/?page=2", {}),
        "facility": (facility, {}),
        "organisation list": ("/organisations/", {}),
        "organisation list page 2": ("/organisations/?kind=other&page=2", {}),
        "organisation": (organisation, {}),
        "place list": ("/places/", {}),
        "place": (place, {}),
        "place page 2": (f"{place}?page=2", {}),
        "explorer place": (f"/programs/?place={first.site.place.slug}", {}),
        "funding list": ("/funding/", {}),
        "funding detail": ("/funding/national/", {}),
        "funding detail page 2": ("/funding/national/?page=2", {}),
        "outcomes": ("/outcomes/", {}),
        "outcomes filtered": ("/outcomes/?maturity=signed&year=2020&q=시험", {}),
        "outcomes htmx": ("/outcomes/?page=2", HX_RESULTS),
        "data": ("/data/", {}),
        "feed updates": ("/feeds/updates/", {}),
        "feed search": ("/feeds/programs/?q=시험", {}),
        "feed program": (f"/feeds/programs/{first.slug}/", {}),
        "sitemap index": ("/sitemap.xml", {}),
        "sitemap programs": ("/sitemap-programs.xml", {}),
        "sitemap history": ("/sitemap-history.xml", {}),
        "sitemap facilities": ("/sitemap-facilities.xml", {}),
        "sitemap organisations": ("/sitemap-organisations.xml", {}),
        "sitemap places": ("/sitemap-places.xml", {}),
        "oembed": (f"/oembed/?url={program}", {}),
        "robots": ("/robots.txt", {}),
    }


def counts(web, first):
    return {
        name: count_queries(web, url, **headers) for name, (url, headers) in pages(first).items()
    }


def backdate(program):
    """Let the first program's history start in 2019, so a 2020 snapshot exists."""
    when = dt.datetime(2019, 6, 1, tzinfo=dt.UTC)
    program.history.update(history_date=when)
    for model in (Funding, ProgramBudget, Outcome, Execution, Milestone):
        model.history.filter(program_id=program.pk).update(history_date=when)


def test_every_page_runs_a_constant_number_of_queries(web):
    first = portfolio(3)[0]
    backdate(first)
    few = counts(web, first)
    portfolio(297)
    many = counts(web, first)
    different = {name: (few[name], many[name]) for name in few if few[name] != many[name]}
    assert different == {}, "queries with 3 vs 300 programs"
    # A guard against a page that is constant only because it is always slow. The history page is
    # the heaviest: each kind of row's history is read for the timeline and again for the baseline.
    assert max(many.values()) <= 28, many
