"""Every API call runs the same number of SQL queries with 3 programs as with 300."""

import pytest

from gyeongju.facilities.models import Facility
from tests.core.test_query_counts import backdate
from tests.factories import portfolio
from tests.public import count_queries

pytestmark = pytest.mark.django_db


def calls(first):
    facility = Facility.private_objects.filter(programs=first).get()
    return {
        "programs": "/api/v1/programs/",
        "programs filtered": "/api/v1/programs/?q=시험&category=mobility&status=ongoing&year=2022"
        "&funding=national&min_cost=1000000000&sort=cost_desc",
        "programs page 2": "/api/v1/programs/?page=2&per_page=2",
        "program": f"/api/v1/programs/{first.slug}/",
        "program as of": f"/api/v1/programs/{first.slug}/?as_of=2020-01-01",
        "facilities": "/api/v1/facilities/",
        "facility": f"/api/v1/facilities/{facility.slug}/",
        "funding": "/api/v1/funding/",
        "outcomes": "/api/v1/outcomes/?maturity=signed&year=2020",
        "organisations": "/api/v1/organisations/",
        "years": "/api/v1/years/",
        "openapi": "/api/v1/openapi.json",
        "docs": "/api/",
        "datapackage": "/data/datapackage.json",
    }


def counts(web, first):
    return {name: count_queries(web, url) for name, url in calls(first).items()}


def test_every_api_call_runs_a_constant_number_of_queries(web):
    first = portfolio(3)[0]
    backdate(first)
    few = counts(web, first)
    portfolio(297)
    many = counts(web, first)
    different = {name: (few[name], many[name]) for name in few if few[name] != many[name]}
    assert different == {}, "queries with 3 vs 300 programs"
    assert max(many.values()) <= 25, many
