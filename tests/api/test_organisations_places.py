"""Organisations and places in /api/v1/: what their pages show (programs with roles, facilities,
money by source with its gaps, partners; a place's complexes, counts, outcomes), filters by kind,
301 for a renamed address, problems for a bad kind or an unknown slug; drafts never count."""

import pytest

from gyeongju.organisations.models import Organisation
from gyeongju.organisations.selectors import organisation_list
from gyeongju.places.models import Place
from gyeongju.places.selectors import counting
from tests.factories import (
    EOK,
    FacilityFactory,
    FundingFactory,
    OrganisationFactory,
    OutcomeFactory,
    PartnerFactory,
    PlaceFactory,
    ProgramFactory,
    SiteFactory,
)

pytestmark = pytest.mark.django_db
SITE = "http://127.0.0.1:8000"
PROBLEM = "application/problem+json"


def get_json(web, url, status=200):
    response = web.get(url)
    assert response.status_code == status, (url, response.content[:400])
    return response.json()


def by_won(money):
    return money["won"], money["display"]


# Organisations -----------------------------------------------------------------------------------


def test_organisations_carry_their_page_and_program_count(web, seed):
    data = get_json(web, "/api/v1/organisations/?per_page=100")
    counts = {org.slug: org.program_count for org in organisation_list()}
    assert {org["slug"]: org["program_count"] for org in data["results"]} == counts
    motie = next(org for org in data["results"] if org["slug"] == "motie")
    assert motie["url"] == f"{SITE}/organisations/motie/"
    assert motie["api_url"] == f"{SITE}/api/v1/organisations/motie/"
    assert web.get("/organisations/motie/").status_code == 200


def test_organisations_filter_by_kind_as_the_index_does(web, seed):
    data = get_json(web, "/api/v1/organisations/?kind=ministry&per_page=100")
    expected = Organisation.public_objects.filter(kind="ministry").count()
    assert data["count"] == expected >= 1
    assert {org["kind"]["code"] for org in data["results"]} == {"ministry"}


def test_an_unknown_kind_is_a_korean_400_problem(web, seed):
    for url in ("/api/v1/organisations/?kind=alien", "/api/v1/places/?kind=alien"):
        response = web.get(url)
        assert response.status_code == 400, url
        assert response["Content-Type"].startswith(PROBLEM)
        problem = response.json()
        assert problem["errors"][0]["parameter"] == "kind"
        assert "올바르지" in problem["errors"][0]["detail"]


def test_an_organisations_detail_is_its_page(web, seed):
    data = get_json(web, "/api/v1/organisations/proton-science-institute/")
    assert data["name"] == "양성자과학연구단"
    assert data["url"] == f"{SITE}/organisations/proton-science-institute/"
    assert [p["slug"] for p in data["programs"]] == ["proton-ion-beam-rnd-center"]
    assert data["programs"][0]["roles"] and data["program_count"] == 1
    money = data["money"]
    # 450억원 stated, no source split: all of it is the honest gap (as the page says).
    assert by_won(money["costed_total"]) == (450 * EOK, "450억원")
    assert by_won(money["undisclosed"]) == (450 * EOK, "450억원")
    assert money["programs_without_funding"] == 1 and money["uncosted_count"] == 0
    assert [k["kind"]["code"] for k in money["kinds"]] == [
        "national", "provincial", "city", "private", "other",
    ]  # fmt: skip
    partners = {p["slug"]: p["shared_program_count"] for p in data["partners"]}
    assert partners["national-science-technology-council"] == 1


def test_organisation_money_and_facilities_count_only_public_rows(web):
    organisation = OrganisationFactory(slug="partner", name="협력 기관")
    shown = ProgramFactory(total_cost=100 * EOK, name="공개 사업")
    FundingFactory(program=shown, kind="national", amount=30 * EOK)
    PartnerFactory(program=shown, organisation=organisation, role="주관")
    PartnerFactory(program=shown, organisation=organisation, role="운영")
    other = OrganisationFactory(slug="other", name="다른 기관")
    PartnerFactory(program=shown, organisation=other)
    facility = FacilityFactory(operator=organisation, name="시험 센터")
    shown.facilities.add(facility)
    draft = ProgramFactory(total_cost=900 * EOK, publication_state="draft", name="초안 사업")
    FundingFactory(program=draft, kind="city", amount=500 * EOK)
    PartnerFactory(program=draft, organisation=organisation, role="참여")
    data = get_json(web, "/api/v1/organisations/partner/")
    assert [(p["name"], p["roles"]) for p in data["programs"]] == [("공개 사업", ["주관", "운영"])]
    assert data["program_count"] == 1
    money = data["money"]
    kinds = {k["kind"]["code"]: (k["amount"]["won"], k["program_count"]) for k in money["kinds"]}
    assert kinds["national"] == (30 * EOK, 1) and kinds["city"] == (None, 0)  # unknown, not 0원
    assert by_won(money["undisclosed"]) == (70 * EOK, "70억원")
    assert by_won(money["costed_total"]) == (100 * EOK, "100억원")
    assert money["costed_count"] == 1 and money["program_count"] == 1
    assert [f["slug"] for f in data["facilities"]] == [facility.slug]
    assert data["facilities"][0]["operator"]["slug"] == "partner"
    assert [(p["slug"], p["shared_program_count"]) for p in data["partners"]] == [("other", 1)]
    assert "초안" not in str(data) and "900억원" not in str(data)


def test_organisation_detail_301_for_a_renamed_slug_and_404_problem_otherwise(web, seed):
    organisation = Organisation.private_objects.get(slug="motie")
    organisation.slug = "mote"
    organisation.save()
    response = web.get("/api/v1/organisations/motie/")
    assert response.status_code == 301
    assert response["Location"] == "/api/v1/organisations/mote/"
    response = web.get("/api/v1/organisations/never-was/")
    assert response.status_code == 404 and response["Content-Type"].startswith(PROBLEM)
    assert "기관" in response.json()["detail"]


def test_an_organisation_only_in_drafts_is_not_in_the_api(web):
    organisation = OrganisationFactory(slug="hidden")
    PartnerFactory(program=ProgramFactory(publication_state="draft"), organisation=organisation)
    assert web.get("/api/v1/organisations/hidden/").status_code == 404
    assert "hidden" not in str(get_json(web, "/api/v1/organisations/?per_page=100"))


# Places --------------------------------------------------------------------------------------------


def test_places_list_the_public_places_with_counts_and_filter_by_kind(web, seed):
    data = get_json(web, "/api/v1/places/?per_page=100")
    counted = counting(Place.public_objects.all())
    assert {p["slug"]: (p["program_count"], p["facility_count"]) for p in data["results"]} == {
        p.slug: (p.program_count, p.facility_count) for p in counted
    }
    oedong = next(p for p in data["results"] if p["slug"] == "oedong-eup")
    assert (oedong["program_count"], oedong["facility_count"]) == (3, 3)  # as /places/ says
    assert oedong["url"] == f"{SITE}/places/oedong-eup/"
    assert oedong["explorer_url"] == f"{SITE}/programs/?place=oedong-eup"
    complexes = get_json(web, "/api/v1/places/?kind=complex")["results"]
    assert complexes and {p["kind"]["code"] for p in complexes} == {"complex"}
    assert all(p["parent"]["kind"]["code"] == "district" for p in complexes)
    assert "seo-myeon" not in str(data)  # nothing public there, as on /places/


def test_a_districts_detail_is_its_page(web, seed):
    data = get_json(web, "/api/v1/places/oedong-eup/")
    assert data["parent"] is None and data["kind"]["code"] == "district"
    assert "gueo2-industrial-complex" in [c["slug"] for c in data["complexes"]]
    assert len(data["programs"]) == data["program_count"] == 3
    assert "vehicle-materials-molding" in [p["slug"] for p in data["programs"]]
    assert "bms-infrastructure" in [f["slug"] for f in data["facilities"]]
    money = data["money"]
    assert by_won(money["known_total"]) == (170 * EOK, "170억원")  # as the page says
    assert by_won(money["costed_total"]) == (668 * EOK, "668억원")
    assert data["latitude"] is None and data["longitude"] is None


def test_a_complex_names_its_district_and_outcomes_carry_source_and_date(web, seed):
    data = get_json(web, "/api/v1/places/gueo2-industrial-complex/")
    assert data["parent"]["slug"] == "oedong-eup" and data["complexes"] == []
    data = get_json(web, "/api/v1/places/geoncheon-eup/")
    outcome = next(o for o in data["outcomes"] if o["value"] == 104)
    assert outcome["as_of"] == "2020-12-15" and outcome["source"]["title"]
    assert outcome["program"]["slug"] == "proton-ion-beam-rnd-center"


def test_place_detail_301_for_a_renamed_slug_and_404_problem_otherwise(web, seed):
    place = Place.private_objects.get(slug="oedong-eup")
    place.slug = "oedong"
    place.save()
    response = web.get("/api/v1/places/oedong-eup/")
    assert response.status_code == 301
    assert response["Location"] == "/api/v1/places/oedong/"
    for url in ("/api/v1/places/seo-myeon/", "/api/v1/places/never-was/"):
        response = web.get(url)
        assert response.status_code == 404 and response["Content-Type"].startswith(PROBLEM)
        assert "지역" in response.json()["detail"]


def test_drafts_never_count_in_a_places_detail_or_the_list(web):
    place = PlaceFactory(slug="quiet", name="조용동")
    site = SiteFactory(place=place)
    ProgramFactory(site=site, name="공개 사업", total_cost=10 * EOK)
    draft = ProgramFactory(
        site=site, name="초안 사업", publication_state="draft", total_cost=900 * EOK
    )
    FundingFactory(program=draft, amount=500 * EOK)
    OutcomeFactory(program=draft)
    draft.facilities.add(FacilityFactory(site=site, name="초안 시설"))
    data = get_json(web, "/api/v1/places/quiet/")
    assert [p["name"] for p in data["programs"]] == ["공개 사업"]
    assert (data["program_count"], data["facility_count"]) == (1, 0)
    assert data["facilities"] == [] and data["outcomes"] == []
    assert data["money"]["costed_total"]["won"] == 10 * EOK
    assert "초안" not in str(data) and "500억원" not in str(data)
    listed = get_json(web, "/api/v1/places/")["results"]
    assert [(p["slug"], p["program_count"]) for p in listed] == [("quiet", 1)]


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/organisations/?kind=ministry",
        "/api/v1/organisations/motie/",
        "/api/v1/places/?kind=complex",
        "/api/v1/places/oedong-eup/",
    ],
)
def test_the_new_routes_are_answered_from_the_page_cache_per_query(web, seed, url):
    first, second = web.get(url), web.get(url)
    assert (first["X-Page-Cache"], second["X-Page-Cache"]) == ("miss", "hit")
    assert first.content == second.content and first["ETag"] == second["ETag"]
    if "kind=" in url:  # the kind is part of the stored page's key
        other = web.get(url.split("?")[0])
        assert other["X-Page-Cache"] == "miss" and other.json()["count"] > first.json()["count"]
