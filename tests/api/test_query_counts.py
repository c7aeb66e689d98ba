"""Every API call runs the same number of SQL queries with 3 programs as with 300."""

import pytest

from gyeongju.facilities.models import Facility
from tests.core.test_query_counts import backdate
from tests.factories import (
    FacilityFactory,
    FundingFactory,
    OrganisationFactory,
    OutcomeFactory,
    PartnerFactory,
    ProgramFactory,
    SiteFactory,
    portfolio,
)
from tests.public import count_queries

pytestmark = pytest.mark.django_db


def calls(first):
    facility = Facility.private_objects.filter(programs=first).get()
    organisation = first.partnerships.get().organisation
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
        "organisations of a kind": "/api/v1/organisations/?kind=other&per_page=100",
        "organisation": f"/api/v1/organisations/{organisation.slug}/",
        "places": "/api/v1/places/?per_page=100",
        "districts": "/api/v1/places/?kind=district",
        "place": f"/api/v1/places/{first.site.place.slug}/",
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


def test_an_organisation_and_a_place_with_many_programs_run_the_same_queries(web):
    """One organisation in every program, operating every facility, all on one site."""
    organisation = OrganisationFactory(slug="busy", name="바쁜 기관")
    partner = OrganisationFactory(slug="friend", name="함께하는 기관")
    site = SiteFactory()

    def add(n):
        for _i in range(n):
            program = ProgramFactory(site=site)
            FundingFactory(program=program)
            OutcomeFactory(program=program)
            PartnerFactory(program=program, organisation=organisation)
            PartnerFactory(program=program, organisation=partner)
            program.facilities.add(FacilityFactory(site=site, operator=organisation))

    urls = ["/api/v1/organisations/busy/", f"/api/v1/places/{site.place.slug}/"]
    add(2)
    few = [count_queries(web, url) for url in urls]
    add(40)
    assert [count_queries(web, url) for url in urls] == few
