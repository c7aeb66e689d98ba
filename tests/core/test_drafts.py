"""A draft program — and the funding, outcomes, facility, site and 분야 that only it uses — never
reaches a public surface: pages, search, filters, downloads, feeds, sitemap, oEmbed, embed, card."""

import io
from urllib.parse import parse_qsl, quote, urlsplit

import pytest
from openpyxl import load_workbook

from tests.factories import (
    EOK,
    CategoryFactory,
    FacilityFactory,
    FundingFactory,
    OrganisationFactory,
    OutcomeFactory,
    PartnerFactory,
    PlaceFactory,
    ProgramFactory,
    SiteFactory,
    SourceFactory,
)
from tests.public import Visitor

pytestmark = pytest.mark.django_db

MARK = "비밀수소"  # in every name the draft brings; must appear nowhere public
SLUG = "secret-hydrogen"
SITE_URL = "http://127.0.0.1:8000"


@pytest.fixture
def draft(seed):
    place = PlaceFactory(name=f"{MARK}동", slug=f"{SLUG}-place")
    site = SiteFactory(name=f"{MARK} 산업단지", slug=f"{SLUG}-site", place=place)
    program = ProgramFactory(
        name=f"{MARK} 연료전지 실증 사업",
        slug=SLUG,
        summary=f"{MARK} 연료전지를 실증합니다. 탄소 수출 배터리",
        category=CategoryFactory(name=f"{MARK} 분야", slug=f"{SLUG}-category"),
        site=site,
        total_cost=777 * EOK,
        start_year=2021,
        end_year=2021,
        publication_state="draft",
    )
    FundingFactory(program=program, kind="private", amount=333 * EOK)
    OutcomeFactory(
        program=program,
        label=f"{MARK} 수출 MOU",
        source=SourceFactory(title=f"{MARK} 보도자료"),
    )
    program.facilities.add(FacilityFactory(name=f"{MARK} 센터", slug=f"{SLUG}-center", site=site))
    PartnerFactory(
        program=program,
        organisation=OrganisationFactory(name=f"{MARK} 연구원", slug=f"{SLUG}-org"),
        role="주관",
    )
    return program


def body(response) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def assert_hidden(response, url):
    assert response.status_code in {200, 404}, (url, response.status_code)
    data = body(response)
    if url.endswith(".xlsx"):
        workbook = load_workbook(io.BytesIO(data), read_only=True)
        data = "\n".join(
            str(cell)
            for sheet in workbook.worksheets
            for row in sheet.iter_rows(values_only=True)
            for cell in row
        ).encode()
    text = data.decode("utf-8", errors="replace")
    # What the visitor typed is echoed back (the search box, a 404's own address): not a leak.
    parts = urlsplit(url)
    for value in [v for _, v in parse_qsl(parts.query)]:
        text = text.replace(value, "")
    if response.status_code == 404:
        text = text.replace(parts.path, "")
    assert MARK not in text, url
    assert "연료전지" not in text, url  # the rest of the draft's name and summary
    assert SLUG not in text, url
    assert "777억" not in text and "77700000000" not in text, url
    assert "333억" not in text and "33300000000" not in text, url


PUBLIC_URLS = [
    "/",
    "/programs/",
    "/programs/?q=비밀수소",
    "/programs/?q=탄소",
    "/programs/?q=수출",
    "/programs/?q=배터리",
    "/programs/?year=2021",
    "/programs/?funding=private",
    "/programs/?min_cost=700억",
    "/programs/?sort=cost_desc",
    "/programs/download.csv",
    "/programs/download.xlsx",
    "/programs/download.json",
    "/programs/download.csv?q=비밀수소",
    "/programs/download.json?funding=private",
    "/data/",
    "/data/programs.csv",
    "/data/programs.xlsx",
    "/data/programs.json",
    "/data/funding.csv",
    "/data/funding.json",
    "/data/funding.xlsx",
    "/data/facilities.csv",
    "/data/facilities.json",
    "/data/outcomes.csv",
    "/data/outcomes.json",
    "/feeds/updates/",
    "/feeds/programs/",
    "/feeds/programs/?q=수출",
    "/sitemap.xml",
    "/sitemap-pages.xml",
    "/sitemap-programs.xml",
    "/sitemap-history.xml",
    "/sitemap-facilities.xml",
    "/sitemap-funding.xml",
    "/facilities/",
    "/funding/",
    "/funding/private/",
    "/funding/national/",
    "/outcomes/",
    "/outcomes/?q=비밀수소",
    "/outcomes/?indicator=export_contracts",
    "/organisations/",
    "/organisations/?kind=other",
    "/places/",
    "/places/oedong-eup/",
    "/places/gueo2-industrial-complex/",
    "/programs/vehicle-materials-molding/",
    "/data/organisations.csv",
    "/data/organisations.json",
    "/data/places.csv",
    "/data/places.json",
    "/sitemap-organisations.xml",
    "/sitemap-places.xml",
]


@pytest.mark.parametrize("url", PUBLIC_URLS)
def test_a_draft_appears_on_no_public_list_download_or_feed(web, draft, url):
    assert_hidden(web.get(url), url)


@pytest.mark.parametrize(
    "url",
    [
        f"/programs/{SLUG}/",
        f"/programs/{SLUG}/?as_of=2021-01-01",
        f"/programs/{SLUG}/history/",
        f"/programs/{SLUG}/embed/",
        f"/programs/{SLUG}/og.png",
        f"/feeds/programs/{SLUG}/",
        f"/facilities/{SLUG}-center/",
        f"/organisations/{SLUG}-org/",
        f"/places/{SLUG}-place/",
        f"/oembed/?url={quote(SITE_URL + '/programs/' + SLUG + '/')}",
        f"/oembed/?url={quote(SITE_URL + '/programs/' + SLUG + '/embed/')}",
    ],
)
def test_a_drafts_own_pages_are_404(web, draft, url):
    response = web.get(url)
    assert response.status_code == 404
    assert_hidden(response, url)


def test_the_draft_is_really_there_for_staff(draft, editor):
    """The hidden checks above can fail: staff do see the draft and its facility."""

    staff = Visitor(editor)
    assert MARK in staff.get(f"/programs/{SLUG}/").content.decode()


def test_a_facility_shared_with_a_published_program_shows_only_that_program(web, draft):
    from gyeongju.programs.models import Program

    facility = draft.facilities.get()
    Program.public_objects.get(slug="carbon-recycling").facilities.add(facility)
    response = web.get(f"/facilities/{SLUG}-center/")
    assert response.status_code == 200
    text = response.content.decode()
    assert "탄소 소재·부품 리사이클링 기반구축" in text
    assert "연료전지 실증 사업" not in text
