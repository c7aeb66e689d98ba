"""참여 기관 (/organisations/ and /organisations/<slug>/): what each organisation is, the programs
it takes part in with its role, their money by source with the gaps, the facilities it operates
and the partners it works with most; drafts never count."""

import pytest

from gyeongju.organisations.models import Organisation
from tests.factories import (
    FacilityFactory,
    FundingFactory,
    OrganisationFactory,
    PartnerFactory,
    ProgramFactory,
)
from tests.html import jsonld, parse
from tests.public import HX, full_page, notes

pytestmark = pytest.mark.django_db

PROTON_INSTITUTE = "/organisations/proton-science-institute/"
EOK = 10**8


def test_index_lists_public_organisations_with_kinds_as_filters(web, seed):
    doc = full_page(web.get("/organisations/"), "참여 기관")
    names = [th.clean_text for th in doc.find("table").find("tbody").find_all("th")]
    assert "산업통상자원부" in names and "양성자과학연구단" in names
    assert len(names) == 6  # 기업부설연구소협의회 takes part in no program yet
    filters = doc.find("nav", class_="filter-links").links()
    assert "/organisations/?kind=ministry" in filters
    doc = full_page(web.get("/organisations/?kind=ministry"), "참여 기관: 중앙부처")
    assert [th.clean_text for th in doc.find("table").find("tbody").find_all("th")] == [
        "산업통상자원부"
    ]


def test_index_ignores_an_unknown_kind_with_a_korean_note(web, seed):
    doc = full_page(web.get("/organisations/?kind=evil&page=abc"), "참여 기관")
    assert any("구분" in note for note in notes(doc))
    assert any("쪽 번호" in note for note in notes(doc))


def test_detail_shows_kind_programs_with_roles_money_and_partners(web, seed):
    doc = full_page(web.get(PROTON_INSTITUTE), "양성자과학연구단")
    programs = doc.find("section", aria_labelledby="programs-title")
    assert programs.links() == ["/programs/proton-ion-beam-rnd-center/"]
    assert "센터 입지" in programs.clean_text
    money = doc.find("section", aria_labelledby="money-title").clean_text
    # 450억원 stated, no source split: all of it is the honest gap.
    assert "재원 구성 미공개" in money and "450억원" in money
    partners = doc.find("aside", aria_labelledby="partners-title")
    assert "/organisations/national-science-technology-council/" in partners.links()
    assert "함께하는 사업 1개" in partners.clean_text
    kinds = {item["@type"] for item in jsonld(doc)}
    assert "Organization" in kinds and "GovernmentOrganization" not in kinds


def test_a_ministry_is_a_government_organization_in_json_ld(web, seed):
    doc = full_page(web.get("/organisations/motie/"), "산업통상자원부")
    organisation = jsonld(doc)[0]
    assert organisation["@type"] == "GovernmentOrganization"
    assert organisation["subjectOf"][0]["name"].startswith("경주 친환경 자동차")


def test_every_partner_on_a_program_page_links_to_its_organisation(web, seed):
    doc = full_page(web.get("/programs/proton-ion-beam-rnd-center/"), None)
    partners = doc.find("section", aria_labelledby="partners-title")
    assert set(partners.links()) == {
        "/organisations/proton-science-institute/",
        "/organisations/national-science-technology-council/",
        "/organisations/regional-universities/",
        "/organisations/regional-related-companies/",
    }


def test_money_sums_only_the_organisations_public_programs_by_source(web):
    organisation = OrganisationFactory(slug="partner", name="협력 기관")
    shown = ProgramFactory(total_cost=100 * EOK)
    FundingFactory(program=shown, kind="national", amount=30 * EOK)
    PartnerFactory(program=shown, organisation=organisation, role="주관")
    draft = ProgramFactory(total_cost=900 * EOK, publication_state="draft", name="초안 사업")
    FundingFactory(program=draft, kind="city", amount=500 * EOK)
    PartnerFactory(program=draft, organisation=organisation, role="참여")
    doc = full_page(web.get("/organisations/partner/"), "협력 기관")
    text = doc.clean_text
    assert "초안 사업" not in text and "900억원" not in text and "500억원" not in text
    money = doc.find("section", aria_labelledby="money-title").clean_text
    assert "30억원" in money and "70억원" in money and "100억원" in money


def test_an_organisation_only_in_drafts_is_not_found(web):
    organisation = OrganisationFactory(slug="hidden")
    PartnerFactory(program=ProgramFactory(publication_state="draft"), organisation=organisation)
    assert web.get("/organisations/hidden/").status_code == 404
    doc = full_page(web.get("/organisations/"), "참여 기관")
    assert "/organisations/hidden/" not in doc.links()


def test_the_facilities_it_operates_are_listed(web):
    organisation = OrganisationFactory(slug="operator", name="운영 기관")
    facility = FacilityFactory(operator=organisation, name="시험 센터")
    ProgramFactory().facilities.add(facility)
    doc = full_page(web.get("/organisations/operator/"), "운영 기관")
    assert (
        facility.get_absolute_url()
        in doc.find("section", aria_labelledby="facilities-title").links()
    )


def test_a_renamed_slug_answers_301(web, seed):
    organisation = Organisation.private_objects.get(slug="kotra")
    organisation.slug = "kotra-korea"
    organisation.save()
    response = web.get("/organisations/kotra/")
    assert response.status_code == 301
    assert response["Location"] == "/organisations/kotra-korea/"


def test_programs_paginate(web):
    organisation = OrganisationFactory(slug="busy", name="바쁜 기관")
    for _ in range(25):
        PartnerFactory(program=ProgramFactory(), organisation=organisation)
    doc = full_page(web.get("/organisations/busy/?page=2"), "바쁜 기관 (2쪽)")
    programs = doc.find("section", aria_labelledby="programs-title")
    assert len(programs.find_all("li", class_="program-card")) == 5


def test_organisation_pages_are_in_the_sitemap(web, seed):
    response = web.get("/sitemap-organisations.xml")
    assert response.status_code == 200
    assert b"/organisations/proton-science-institute/" in response.content
    assert b"/organisations/\n" not in response.content
    index = web.get("/sitemap.xml").content
    assert b"sitemap-organisations.xml" in index and b"sitemap-places.xml" in index


def test_htmx_request_gets_the_whole_page(web, seed):
    """No partials here: an htmx request (a boosted link) gets the same full page."""
    response = web.get("/organisations/", headers=HX)
    assert parse(response).find("html") is not None


def test_the_page_follows_an_edit_of_its_programs_and_of_itself(web, seed):
    from gyeongju.programs.models import Program

    assert "센터 입지" in web.get(PROTON_INSTITUTE).content.decode()  # stored now
    program = Program.private_objects.get(slug="proton-ion-beam-rnd-center")
    program.name = "양성자 이온빔 센터 확장(이름 바뀜)"
    program.save()
    assert "이름 바뀜" in web.get(PROTON_INSTITUTE).content.decode()
    organisation = Organisation.private_objects.get(slug="proton-science-institute")
    organisation.description = "한국원자력연구원의 양성자 가속기 연구 조직"
    organisation.save()
    assert "양성자 가속기 연구 조직" in web.get(PROTON_INSTITUTE).content.decode()
