"""지역 (/places/ and /places/<slug>/): each 읍·면·동 and industrial complex with a program or
facility, its programs, facilities, money and outcomes; complexes under their 읍·면; linked both
ways with the explorer's place filter; drafts never count."""

from decimal import Decimal

import pytest

from gyeongju.facilities.models import Site
from gyeongju.places.models import Place
from tests.factories import (
    FacilityFactory,
    FundingFactory,
    OutcomeFactory,
    PlaceFactory,
    ProgramFactory,
    SiteFactory,
)
from tests.html import jsonld
from tests.public import full_page

pytestmark = pytest.mark.django_db

EOK = 10**8


def test_the_seed_sites_are_in_their_places(seed):
    gueo2 = Site.private_objects.select_related("place__parent").get(slug="oedong-gueo2")
    assert gueo2.place.name == "구어2산단" and gueo2.place.kind == Place.Kind.COMPLEX
    assert gueo2.place.parent.name == "외동읍"
    komac = Site.private_objects.select_related("place").get(slug="proton-science-campus")
    assert komac.place.name == "건천읍"


def test_index_groups_complexes_under_their_district_and_hides_empty_places(web, seed):
    doc = full_page(web.get("/places/"), "지역")
    index = doc.find("ul", class_="place-index")
    districts = [h2.clean_text for h2 in index.find_all("h2")]
    assert districts == [
        "건천읍",
        "외동읍",
    ]  # of 23 읍·면·동, only those with a program or facility
    oedong = next(li for li in index.children if hasattr(li, "tag") and "외동읍" in li.clean_text)
    assert "/places/gueo2-industrial-complex/" in oedong.links()
    assert "사업 3개" in oedong.clean_text and "시설 3곳" in oedong.clean_text


def test_a_district_page_gathers_its_complexes_programs_money_and_facilities(web, seed):
    doc = full_page(web.get("/places/oedong-eup/"), "외동읍")
    assert (
        "/places/gueo2-industrial-complex/"
        in doc.find("section", aria_labelledby="complexes-title").links()
    )
    programs = doc.find("section", aria_labelledby="programs-title")
    assert "3개" in programs.find("h2").clean_text
    assert "/programs/vehicle-materials-molding/" in programs.links()
    assert "/programs/?place=oedong-eup" in programs.links()
    money = doc.find("section", aria_labelledby="money-title").clean_text
    assert "170억원" in money  # 국비 90억 + 80억 as the sources give them
    assert "668억원" in money  # 290 + 178 + 200 stated total costs
    facilities = doc.find("section", aria_labelledby="facilities-title").links()
    assert "/facilities/bms-infrastructure/" in facilities
    assert "좌표가 아직 공개되지 않아" in doc.clean_text


def test_a_complex_page_names_its_district(web, seed):
    doc = full_page(web.get("/places/gueo2-industrial-complex/"), "구어2산단")
    crumbs = doc.find("nav", class_="krds-breadcrumb-wrap").links()
    assert "/places/oedong-eup/" in crumbs
    place = next(item for item in jsonld(doc) if item["@type"] == "Place")
    assert place["containedInPlace"]["name"] == "외동읍"


def test_outcomes_reported_there_are_shown_with_their_source(web, seed):
    doc = full_page(web.get("/places/geoncheon-eup/"), "건천읍")
    outcomes = doc.find("section", aria_labelledby="outcomes-title")
    assert "104" in outcomes.clean_text and "2020. 12. 15. 기준" in outcomes.clean_text
    assert "/programs/proton-ion-beam-rnd-center/#outcome-5" in outcomes.links()


def test_coordinates_give_a_kakao_map_link(web):
    place = PlaceFactory(
        slug="mapped", name="지도동", latitude=Decimal("35.8"), longitude=Decimal("129.3")
    )
    ProgramFactory(site=SiteFactory(place=place))
    doc = full_page(web.get("/places/mapped/"), "지도동")
    links = doc.find("aside", aria_labelledby="map-title").links()
    assert links == [
        "https://map.kakao.com/link/map/%EC%A7%80%EB%8F%84%EB%8F%99,35.800000,129.300000"
    ]


def test_drafts_never_count_on_place_pages(web):
    place = PlaceFactory(slug="quiet", name="조용동")
    site = SiteFactory(place=place)
    shown = ProgramFactory(site=site, name="공개 사업", total_cost=10 * EOK)
    draft = ProgramFactory(
        site=site, name="초안 사업", publication_state="draft", total_cost=900 * EOK
    )
    FundingFactory(program=draft, amount=500 * EOK)
    OutcomeFactory(program=draft)
    draft.facilities.add(FacilityFactory(site=site, name="초안 시설"))
    doc = full_page(web.get("/places/quiet/"), "조용동")
    text = doc.clean_text
    assert "공개 사업" in text
    assert "초안 사업" not in text and "초안 시설" not in text
    assert "900억원" not in text and "500억원" not in text
    assert "사업 (1개)" in text
    shown.publication_state = "draft"
    shown.save()
    assert web.get("/places/quiet/").status_code == 404


def test_a_place_with_nothing_public_is_not_found(web, seed):
    assert web.get("/places/seo-myeon/").status_code == 404
    assert web.get("/places/no-such-place/").status_code == 404


def test_the_explorer_filters_by_place_and_links_to_the_place_page(web, seed):
    doc = full_page(web.get("/programs/?place=oedong-eup"), None)
    titles = [h3.clean_text for h3 in doc.find("section", id="results").find_all("h3")]
    assert len(titles) == 3
    assert "/places/oedong-eup/" in doc.find("p", class_="place-page-link").links()
    doc = full_page(web.get("/programs/?place=geoncheon-eup"), None)
    titles = [h3.clean_text for h3 in doc.find("section", id="results").find_all("h3")]
    assert titles == ["양성자 이온빔 활용 산업체 R&D 지원센터 확장"]


def test_a_renamed_place_slug_answers_301(web, seed):
    place = Place.private_objects.get(slug="oedong-eup")
    place.slug = "oedong"
    place.save()
    response = web.get("/places/oedong-eup/?page=1")
    assert response.status_code == 301
    assert response["Location"] == "/places/oedong/?page=1"


def test_a_complex_must_be_under_a_district():
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        Place(name="떠돌이 산단", slug="loose", kind=Place.Kind.COMPLEX).full_clean()
    complex_ = Place(
        name="산단",
        slug="c",
        kind=Place.Kind.COMPLEX,
        parent=Place.private_objects.get(slug="oedong-eup"),
    )
    complex_.full_clean()


def test_a_site_must_belong_to_a_place(seed):
    """Each site belongs to a 읍·면·동 or a complex: the admin's form (full_clean) refuses one
    without; the column allows empty only for sites recorded before places existed."""
    from django.core.exceptions import ValidationError

    from gyeongju.facilities.models import Site

    with pytest.raises(ValidationError) as refused:
        Site(name="어딘가 산단", slug="somewhere", kind=Site.Kind.OTHER).full_clean()
    assert "place" in refused.value.message_dict
    Site(
        name="어딘가 산단",
        slug="somewhere",
        kind=Site.Kind.OTHER,
        place=Place.private_objects.get(slug="oedong-eup"),
    ).full_clean()


def test_the_pages_follow_a_renamed_place(web, seed):
    assert "구어2산단" in web.get("/places/").content.decode()  # stored now
    program_page = "/programs/vehicle-materials-molding/"
    assert "외동읍" in web.get(program_page).content.decode()
    place = Place.private_objects.get(slug="oedong-eup")
    place.name = "외동읍(새 이름)"
    place.save()
    assert "외동읍(새 이름)" in web.get("/places/").content.decode()
    assert "외동읍(새 이름)" in web.get(program_page).content.decode()


def complexes(n):
    district = PlaceFactory()
    for _ in range(n):
        complex_ = PlaceFactory(kind=Place.Kind.COMPLEX, parent=district)
        site = SiteFactory(place=complex_)
        program = ProgramFactory(site=site)
        program.facilities.add(FacilityFactory(site=site))
        FundingFactory(program=program)
        OutcomeFactory(program=program)
    return district


def test_place_pages_run_the_same_queries_with_few_or_many_complexes(web):
    from tests.public import count_queries

    district = complexes(2)
    urls = ["/places/", district.get_absolute_url(), "/programs/?place=" + district.slug]
    few = [count_queries(web, url) for url in urls]
    complexes(30)
    district_many = complexes(30)
    urls_many = [
        "/places/",
        district_many.get_absolute_url(),
        "/programs/?place=" + district_many.slug,
    ]
    assert [count_queries(web, url) for url in urls_many] == few
