"""What search engines and link previews read on every public page: canonical, description,
OpenGraph, Twitter card, JSON-LD about the page's subject, the Atom feed, and the og:image card."""

import io
from unittest import mock

import pytest
from PIL import Image

from gyeongju.pages.cards import render_card
from gyeongju.programs.models import Program
from tests.factories import ProgramFactory
from tests.html import jsonld, meta_content, parse
from tests.public import full_page

pytestmark = pytest.mark.django_db

SITE_URL = "http://127.0.0.1:8000"
MOLDING = "/programs/vehicle-materials-molding/"

PAGES = [
    ("/", "경주시 경제 투자 한눈에 보기"),
    ("/programs/", "사업 찾기"),
    ("/programs/?q=탄소", "사업 찾기: ‘탄소’ 검색"),
    (MOLDING, "차량용 첨단소재 성형가공 기술고도화 기반구축"),
    (f"{MOLDING}history/", "차량용 첨단소재 성형가공 기술고도화 기반구축 변경 이력"),
    ("/facilities/", "시설"),
    ("/facilities/carbon-recycling-base/", "탄소 소재·부품 리사이클링 기반"),
    ("/funding/", "재원"),
    ("/funding/national/", "재원: 국비"),
    ("/outcomes/", "성과"),
    ("/data/", "공공데이터"),
    ("/organisations/", "참여 기관"),
    ("/organisations/proton-science-institute/", "양성자과학연구단"),
    ("/places/", "지역"),
    ("/places/oedong-eup/", "외동읍"),
    ("/years/", "연도별 비교"),
    ("/api/", "공개 API"),
    ("/privacy/", "개인정보처리방침"),
    ("/copyright/", "저작권정책"),
]


@pytest.mark.parametrize(("url", "title"), PAGES)
def test_every_page_has_canonical_description_opengraph_twitter_and_feed(web, seed, url, title):
    doc = full_page(web.get(url), title)
    canonical = doc.find("link", rel="canonical").attrs["href"]
    assert canonical.startswith(SITE_URL + "/")
    assert canonical == SITE_URL + url.replace("탄소", "%ED%83%84%EC%86%8C")
    description = meta_content(doc, "description")
    assert description and len(description) <= 160
    assert meta_content(doc, "og:title") == title
    assert meta_content(doc, "og:description") == description
    assert meta_content(doc, "og:url") == canonical
    assert meta_content(doc, "og:type") in {"website", "article"}
    assert meta_content(doc, "og:site_name") == "경주시 투자사업 포털"
    assert meta_content(doc, "og:locale") == "ko_KR"
    image = meta_content(doc, "og:image")
    assert image.startswith(SITE_URL + "/")
    assert (meta_content(doc, "og:image:width"), meta_content(doc, "og:image:height")) == (
        "1200",
        "630",
    )
    assert meta_content(doc, "twitter:card") == "summary_large_image"
    assert meta_content(doc, "twitter:title") == title
    assert meta_content(doc, "twitter:image") == image
    feeds = {
        link.attrs["href"]
        for link in doc.find_all("link", rel="alternate")
        if link.attrs.get("type") == "application/atom+xml"
    }
    assert "/feeds/updates/" in feeds


@pytest.mark.parametrize(("url", "title"), PAGES)
def test_every_page_has_json_ld_about_its_subject(web, seed, url, title):
    objects = jsonld(parse(web.get(url)))
    subjects = [o for o in objects if o.get("@type") != "BreadcrumbList"]
    assert subjects, "no JSON-LD about the page's subject"
    for subject in subjects:
        assert subject["name"]
        assert subject["url"].startswith(SITE_URL + "/")


def served_image(web, url: str) -> Image.Image:
    """The image an absolute og:image URL points at: a program's card from the site, the default
    card from the static files."""
    from django.contrib.staticfiles import finders
    from django.templatetags.static import static

    path = url.removeprefix(SITE_URL)
    default = static("portal/img/og-default.png")
    if path == default:
        return Image.open(finders.find("portal/img/og-default.png"))
    response = web.get(path)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    return Image.open(io.BytesIO(response.content))


@pytest.mark.parametrize(("url", "title"), PAGES)
def test_every_card_image_declares_its_type_size_and_alt_text(web, seed, url, title):
    """Shared links (KakaoTalk, Naver, X) get the card with words for those who cannot see it,
    in OpenGraph and the Twitter card alike, and the declared type and size are the image's."""
    doc = full_page(web.get(url), title)
    alt = meta_content(doc, "og:image:alt")
    assert alt and meta_content(doc, "twitter:image:alt") == alt
    assert meta_content(doc, "og:image:type") == "image/png"
    size = (int(meta_content(doc, "og:image:width")), int(meta_content(doc, "og:image:height")))
    with served_image(web, meta_content(doc, "og:image")) as image:
        assert (image.format, image.size) == ("PNG", size)


def test_a_card_image_is_described_by_what_it_shows(web, seed):
    default = meta_content(parse(web.get("/")), "og:image:alt")
    assert default.startswith("경주시 투자사업 포털 안내 카드: 경주시가 경제에 투자하는 사업")
    program = meta_content(parse(web.get(MOLDING)), "twitter:image:alt")
    assert program == (
        "차량용 첨단소재 성형가공 기술고도화 기반구축 사업 카드: 미래차·소재 기반구축 · 추진 중, "
        "총사업비 290억원, 사업 기간 ~ 2022년, 최종 수정 2020. 12. 15."
    )


def test_default_og_image_is_a_1200_by_630_png(web):
    from django.contrib.staticfiles import finders

    with Image.open(finders.find("portal/img/og-default.png")) as image:
        assert (image.format, image.size) == ("PNG", (1200, 630))


def test_program_json_ld_describes_money_funder_location_and_date(web, seed):
    doc = parse(web.get(MOLDING))
    project = next(o for o in jsonld(doc) if o["@type"] == "Project")
    assert project["name"] == "차량용 첨단소재 성형가공 기술고도화 기반구축"
    assert project["url"] == SITE_URL + MOLDING
    assert project["description"].startswith("2022년까지 외동 구어2산단에")
    assert project["dateModified"].startswith("2020-12-15")
    assert project["funder"] == {"@type": "GovernmentOrganization", "name": "경주시"}
    assert project["location"]["name"] == "외동 구어2산단"
    grants = {grant["name"]: grant for grant in project["funding"]}
    assert grants["총사업비"]["@type"] == "MonetaryGrant"
    assert grants["총사업비"]["amount"] == {
        "@type": "MonetaryAmount",
        "currency": "KRW",
        "value": 29_000_000_000,
    }
    assert grants["국비"]["amount"]["value"] == 9_000_000_000
    assert grants["국비"]["funder"]["name"] == "대한민국 정부"
    breadcrumb = next(o for o in jsonld(doc) if o["@type"] == "BreadcrumbList")
    assert [item["name"] for item in breadcrumb["itemListElement"]] == [
        "홈",
        "사업 찾기",
        "차량용 첨단소재 성형가공 기술고도화 기반구축",
    ]
    assert meta_content(doc, "og:type") == "article"
    assert meta_content(doc, "og:image").startswith(f"{SITE_URL}{MOLDING}og.png?v=")


def test_explorer_json_ld_lists_the_programs_shown(web, seed):
    doc = parse(web.get("/programs/", {"q": "탄소", "sort": "name"}))
    page = next(o for o in jsonld(doc) if o["@type"] == "CollectionPage")
    items = page["mainEntity"]["itemListElement"]
    assert page["mainEntity"]["numberOfItems"] == 2
    assert [item["item"]["url"] for item in items] == [
        f"{SITE_URL}/programs/vehicle-materials-molding/",
        f"{SITE_URL}/programs/carbon-recycling/",
    ]
    assert items[0]["item"]["funding"][0]["amount"]["value"] == 29_000_000_000


def test_facility_json_ld_is_a_place(web, seed):
    doc = parse(web.get("/facilities/carbon-recycling-base/"))
    place = next(o for o in jsonld(doc) if o["@type"] == "Place")
    assert place["name"] == "탄소 소재·부품 리사이클링 기반"
    assert place["address"] == "경상북도 경주시 외동읍"
    assert place["containedInPlace"]["name"] == "외동 구어2산단"


def test_data_page_json_ld_describes_each_dataset_and_its_downloads(web, seed):
    datasets = [o for o in jsonld(parse(web.get("/data/"))) if o["@type"] == "Dataset"]
    assert len(datasets) == 8  # programs, funding, execution, milestones, facilities, outcomes,
    # organisations, places
    for dataset in datasets:
        assert dataset["license"] == "https://www.kogl.or.kr/info/licenseType1.do"
        formats = {d["encodingFormat"] for d in dataset["distribution"]}
        # schema.org's encodingFormat is a media type (what Google Dataset Search reads)
        assert formats == {
            "text/csv",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "application/json",
        }
        assert all(d["contentUrl"].startswith(SITE_URL + "/data/") for d in dataset["distribution"])


def test_json_ld_cannot_be_closed_by_a_program_name(web, db):
    name = "</script><script>alert(1)</script> & 사업"
    program = ProgramFactory(name=name)
    response = web.get(program.get_absolute_url())
    doc = full_page(response, name)  # no inline script slipped through
    project = next(o for o in jsonld(doc) if o["@type"] == "Project")
    assert project["name"] == name


def test_naver_site_verification_comes_from_the_environment(web, seed, settings):
    assert meta_content(parse(web.get("/")), "naver-site-verification") is None
    settings.NAVER_SITE_VERIFICATION = "0123456789abcdef"
    from django.core.cache import cache

    cache.clear()
    for url in ("/", MOLDING):
        doc = parse(web.get(url))
        assert meta_content(doc, "naver-site-verification") == "0123456789abcdef"


def test_a_program_and_its_explorer_search_advertise_their_own_feeds(web, seed):
    program = parse(web.get(MOLDING))
    hrefs = [link.attrs["href"] for link in program.find_all("link", rel="alternate")]
    assert "/feeds/programs/vehicle-materials-molding/" in hrefs
    explorer = parse(web.get("/programs/", {"q": "탄소"}))
    hrefs = [link.attrs["href"] for link in explorer.find_all("link", rel="alternate")]
    assert "/feeds/programs/?q=%ED%83%84%EC%86%8C" in hrefs


def test_error_pages_are_korean_and_not_indexed(web, seed):
    response = web.get("/no/such/page/")
    assert response.status_code == 404
    doc = parse(response)
    assert doc.find("html").attrs["lang"] == "ko"
    assert doc.find("title").text == "페이지를 찾을 수 없습니다 | 경주시 투자사업 포털"
    assert meta_content(doc, "robots") == "noindex"


# og:image card ---------------------------------------------------------------------------------------


def test_program_card_is_a_1200_by_630_png(web, seed):
    response = web.get(f"{MOLDING}og.png")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert "public" in response["Cache-Control"]
    with Image.open(io.BytesIO(response.content)) as image:
        assert (image.format, image.size) == ("PNG", (1200, 630))
        # Drawn, not blank: the brand bar on top and dark text on white.
        assert image.getpixel((600, 8)) == (11, 80, 208)
        assert len(image.getcolors(maxcolors=100000)) > 10


def test_program_card_is_rendered_once_and_again_after_an_edit(web, seed):
    with mock.patch("gyeongju.pages.views.render_card", wraps=render_card) as drawn:
        first = web.get(f"{MOLDING}og.png").content
        second = web.get(f"{MOLDING}og.png").content
        assert drawn.call_count == 1
        assert first == second
        program = Program.public_objects.get(slug="vehicle-materials-molding")
        program.total_cost = 300 * 10**8
        program.save()
        web.get(f"{MOLDING}og.png")
        assert drawn.call_count == 2
        facts = dict(drawn.call_args.kwargs["facts"])
        assert facts["총사업비"] == "300억원"
        assert drawn.call_args.kwargs["title"] == "차량용 첨단소재 성형가공 기술고도화 기반구축"
        assert facts["사업 기간"] == "~ 2022년"


def test_program_card_of_a_draft_is_not_public(web, db):
    draft = ProgramFactory(publication_state="draft")
    assert web.get(f"{draft.get_absolute_url()}og.png").status_code == 404
