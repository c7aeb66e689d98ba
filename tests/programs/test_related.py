"""관련 사업 on a program page: up to four published programs, those sharing a facility first, then
a site, then a partner, then the 분야, each saying why; one query whatever the portfolio's size."""

import pytest

from gyeongju.programs.selectors import program_with_page_rows, related_programs
from gyeongju.programs.snapshots import PageRows
from tests.factories import (
    CategoryFactory,
    FacilityFactory,
    OrganisationFactory,
    PartnerFactory,
    ProgramFactory,
    SiteFactory,
)
from tests.public import full_page

pytestmark = pytest.mark.django_db


def related(program):
    program = program_with_page_rows(program.slug)
    return related_programs(program, PageRows.of(program))


@pytest.fixture
def neighbourhood():
    """A program and one neighbour of each kind, named so alphabetical order would be wrong."""
    category, other = CategoryFactory(slug="a"), CategoryFactory(slug="b")
    site = SiteFactory()
    facility = FacilityFactory(site=FacilityFactory().site)
    partner = OrganisationFactory()
    program = ProgramFactory(name="가 본 사업", category=category, site=site)
    program.facilities.add(facility)
    PartnerFactory(program=program, organisation=partner)
    same_category = ProgramFactory(name="A 같은 분야", category=category)
    same_partner = ProgramFactory(name="B 같은 기관", category=other)
    PartnerFactory(program=same_partner, organisation=partner)
    same_site = ProgramFactory(name="C 같은 입지", category=other, site=site)
    same_facility = ProgramFactory(name="D 같은 시설", category=other)
    same_facility.facilities.add(facility)
    ProgramFactory(name="E 무관", category=other)
    ProgramFactory(name="F 초안", category=category, site=site, publication_state="draft")
    return program, [same_facility, same_site, same_partner, same_category]


def test_related_programs_are_ordered_facility_site_partner_category(neighbourhood):
    program, expected = neighbourhood
    found = related(program)
    assert [p.name for p in found] == [p.name for p in expected]
    assert [p.why for p in found] == ["같은 시설", "같은 입지", "같은 참여 기관", "같은 분야"]


def test_a_program_page_shows_at_most_four_with_why(web, neighbourhood):
    program, expected = neighbourhood
    ProgramFactory(name="Z 또 같은 분야", category=program.category)
    doc = full_page(web.get(program.get_absolute_url()), None)
    section = doc.find("section", aria_labelledby="related-title")
    assert section.links() == [p.get_absolute_url() for p in expected]
    assert [b.clean_text for b in section.find_all(class_="badge")] == [
        "같은 시설",
        "같은 입지",
        "같은 참여 기관",
        "같은 분야",
    ]
    assert "초안" not in section.clean_text and "무관" not in section.clean_text


def test_a_program_with_no_neighbours_says_so(web):
    program = ProgramFactory(category=CategoryFactory(slug="lonely"))
    doc = full_page(web.get(program.get_absolute_url()), None)
    section = doc.find("section", aria_labelledby="related-title")
    assert section.links() == []
    assert "다른 공개 사업이 없습니다" in section.clean_text


@pytest.mark.parametrize("size", [3, 300])
def test_related_programs_are_one_query_at_any_size(size, django_assert_num_queries):
    category = CategoryFactory(slug="many")
    site = SiteFactory()
    partner = OrganisationFactory()
    facility = FacilityFactory(site=site)
    programs = [ProgramFactory(category=category, site=site) for _ in range(size)]
    for program in programs[: size // 2]:
        program.facilities.add(facility)
        PartnerFactory(program=program, organisation=partner)
    first = program_with_page_rows(programs[0].slug)
    rows = PageRows.of(first)
    with django_assert_num_queries(1):
        found = related_programs(first, rows)
    assert len(found) == min(4, size - 1)


def test_renaming_or_unpublishing_a_program_refreshes_its_neighbours_pages(web, neighbourhood):
    program, (same_facility, *_rest) = neighbourhood
    page = program.get_absolute_url()
    assert "D 같은 시설" in web.get(page).content.decode()  # rendered and kept
    same_facility.name = "D 새 이름"
    same_facility.save()
    text = web.get(page).content.decode()
    assert "D 새 이름" in text and "D 같은 시설" not in text
    same_facility.publication_state = "draft"
    same_facility.save()
    assert "D 새 이름" not in web.get(page).content.decode()


def test_an_unrelated_edit_leaves_other_pages_alone(neighbourhood):
    from gyeongju.programs.models import Program

    program, (same_facility, *_rest) = neighbourhood
    version = Program.private_objects.get(pk=program.pk).version
    same_facility.body = "본문만 고쳤습니다."
    same_facility.save()
    assert Program.private_objects.get(pk=program.pk).version == version
