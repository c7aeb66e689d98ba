"""시설 (/facilities/ and /facilities/<slug>/): what each facility is, where, with a Kakao map link
when coordinates are known, and the published programs it serves."""

from decimal import Decimal

import pytest

from gyeongju.facilities.models import Facility
from tests.factories import FacilityFactory, ProgramFactory, SiteFactory
from tests.html import jsonld, parse
from tests.public import full_page, notes

pytestmark = pytest.mark.django_db

MOLDING_CENTER = "/facilities/vehicle-materials-molding-center/"


def rows(doc):
    return {
        tr.find("th").clean_text: [td.clean_text for td in tr.find_all("td")]
        for tr in doc.find("table").find("tbody").find_all("tr")
    }


def test_list_shows_every_public_facility_with_site_equipment_and_programs(web, seed):
    doc = full_page(web.get("/facilities/"), "시설")
    table = rows(doc)
    assert set(table) == {
        "차량용 첨단소재 성형가공 기술고도화 센터",
        "탄소 소재·부품 리사이클링 기반",
        "미래자동차 BMS 인프라",
        "양성자 이온빔 활용 산업체 R&D 지원센터",
    }
    assert table["차량용 첨단소재 성형가공 기술고도화 센터"] == [
        "외동 구어2산단",
        "11종",
        "2021년",
        "차량용 첨단소재 성형가공 기술고도화 기반구축",
    ]
    assert table["미래자동차 BMS 인프라"][1:3] == ["미공개", "미공개"]
    assert "(4곳)" in doc.find("caption").clean_text
    links = doc.find("table").links()
    assert MOLDING_CENTER in links and "/programs/vehicle-materials-molding/" in links


def test_on_a_phone_each_row_is_a_card_that_names_its_columns(web, seed):
    """The stacked rows (CSS) show each value beside its column's name: data-label, the same
    words as the column header; the card's title is the facility."""
    table = full_page(web.get("/facilities/"), "시설").find("table")
    assert "stack" in table.attrs["class"].split()
    columns = [th.clean_text for th in table.find("thead").find_all("th")]
    for tr in table.find("tbody").find_all("tr"):
        cells = [c for c in tr.children if hasattr(c, "tag")]
        assert cells[0].tag == "th" and "card-title" in cells[0].attrs["class"].split()
        assert [c.attrs.get("data-label") for c in cells[1:]] == columns[1:]


def test_detail_shows_facts_evidence_programs_and_neighbours(web, seed):
    doc = full_page(web.get(MOLDING_CENTER), "차량용 첨단소재 성형가공 기술고도화 센터")
    facts = dict(
        zip(
            [dt.clean_text for dt in doc.find("dl", class_="kv").find_all("dt")],
            [dd.clean_text for dd in doc.find("dl", class_="kv").find_all("dd")],
            strict=True,
        )
    )
    assert facts["입지"] == "외동 구어2산단 (경상북도 경주시 외동읍)"
    assert facts["운영 기관"] == "미공개"
    assert facts["도입 장비"] == "11종 (R&D 연구개발 장비)"
    assert facts["준공(예정)"] == "2021년"
    assert facts["최종 수정"] == "2020. 12. 15."
    evidence = doc.find("p", class_="evidence").clean_text
    assert "장비 11종 도입" in evidence and "2020. 12. 15. 기준" in evidence
    programs = doc.find("section", aria_labelledby="programs-title")
    program_pages = [link for link in programs.links() if "?" not in link]
    assert program_pages == ["/programs/vehicle-materials-molding/"]
    assert "290억원" in programs.clean_text
    neighbours = doc.find("section", aria_labelledby="neighbours-title")
    assert neighbours.find("h2").clean_text == "외동 구어2산단의 다른 시설"
    assert set(neighbours.links()) == {
        "/facilities/carbon-recycling-base/",
        "/facilities/bms-infrastructure/",
    }
    assert "(관련 사업 1개)" in neighbours.clean_text


def test_without_coordinates_no_map_link_is_made_up(web, seed):
    doc = parse(web.get(MOLDING_CENTER))
    aside = doc.find("aside")
    assert "좌표가 아직 공개되지 않아 지도 링크를 제공하지 않습니다." in aside.clean_text
    assert not [href for href in aside.links() if "kakao" in href]


def test_coordinates_give_a_kakao_map_link_that_says_it_opens_a_new_window(web, db):
    facility = FacilityFactory(
        name="수소 센터", latitude=Decimal("35.745678"), longitude=Decimal("129.312345")
    )
    ProgramFactory().facilities.add(facility)
    doc = parse(web.get(facility.get_absolute_url()))
    link = doc.find("aside").find("a")
    assert link.attrs["href"] == (
        "https://map.kakao.com/link/map/%EC%88%98%EC%86%8C%20%EC%84%BC%ED%84%B0,35.745678,129.312345"
    )
    assert link.attrs["target"] == "_blank" and "noopener" in link.attrs["rel"]
    assert "(새 창 열림)" in link.clean_text
    place = next(o for o in jsonld(doc) if o["@type"] == "Place")
    assert place["geo"] == {
        "@type": "GeoCoordinates",
        "latitude": 35.745678,
        "longitude": 129.312345,
    }


def test_site_coordinates_are_used_when_the_facility_has_none(web, db):
    site = SiteFactory(name="외동 구어2산단", latitude=Decimal("35.7"), longitude=Decimal("129.3"))
    facility = FacilityFactory(site=site)
    ProgramFactory().facilities.add(facility)
    aside = parse(web.get(facility.get_absolute_url())).find("aside")
    assert "카카오맵에서 외동 구어2산단 보기 (새 창 열림)" in aside.clean_text
    assert "시설의 정확한 좌표는 공개되지 않아" in aside.clean_text


def test_list_paginates_and_ignores_bad_page_numbers(web, db):
    site = SiteFactory(name="가 산단")
    program = ProgramFactory()
    for i in range(35):
        program.facilities.add(FacilityFactory(name=f"센터 {i:02d}", site=site))
    first = parse(web.get("/facilities/"))
    assert len(rows(first)) == 30
    second = full_page(web.get("/facilities/", {"page": "2"}), "시설 (2쪽)")
    assert list(rows(second)) == [f"센터 {i:02d}" for i in range(30, 35)]
    for bad, note in [
        ("abc", "쪽 번호 ‘abc’은(는) 올바르지 않아 첫 쪽을 보여 드립니다."),
        ("0", "0쪽은 없어서 첫 쪽을 보여 드립니다."),
        ("999999", "999999쪽은 없어서 마지막 쪽(2쪽)을 보여 드립니다."),
    ]:
        response = web.get("/facilities/", {"page": bad})
        assert response.status_code == 200
        assert note in notes(parse(response))


def test_unknown_facility_is_a_korean_404(web, seed):
    response = web.get("/facilities/nowhere/")
    assert response.status_code == 404
    assert parse(response).find("h1").clean_text == "페이지를 찾을 수 없습니다"


def test_renamed_facility_redirects_permanently(web, seed):
    facility = Facility.private_objects.get(slug="bms-infrastructure")
    facility.slug = "bms-ecosystem-infrastructure"
    facility.save()
    response = web.get("/facilities/bms-infrastructure/")
    assert response.status_code == 301
    assert response["Location"] == "/facilities/bms-ecosystem-infrastructure/"


def test_a_facility_lists_only_published_programs(web, db):
    facility = FacilityFactory()
    ProgramFactory(name="공개 사업").facilities.add(facility)
    ProgramFactory(name="초안 사업", publication_state="draft").facilities.add(facility)
    page = parse(web.get(facility.get_absolute_url())).clean_text
    listing = parse(web.get("/facilities/")).clean_text
    for text in (page, listing):
        assert "공개 사업" in text and "초안 사업" not in text
