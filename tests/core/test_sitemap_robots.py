"""For search engines: /sitemap.xml (an index of sections) lists every published page with its
lastmod and no draft; /robots.txt lets crawlers in and names the sitemap."""

import datetime as dt
import xml.etree.ElementTree as ET

import pytest
from django.utils import timezone

from gyeongju.programs.models import Program
from tests.factories import FacilityFactory, ProgramFactory
from tests.html import parse

pytestmark = pytest.mark.django_db

SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
SITE_URL = "http://127.0.0.1:8000"


def xml(response) -> ET.Element:
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"].startswith("application/xml")
    return ET.fromstring(response.content)


def section_urls(web) -> list[str]:
    index = xml(web.get("/sitemap.xml"))
    assert index.tag == f"{SM}sitemapindex"
    return [s.find(f"{SM}loc").text for s in index.findall(f"{SM}sitemap")]


def every_url(web) -> dict[str, str]:
    """{page URL: lastmod} across all sections (each section's every page)."""
    urls = {}
    for section in section_urls(web):
        assert section.startswith(f"{SITE_URL}/sitemap-")
        path = section.removeprefix(SITE_URL)
        page = 1
        while True:
            root = xml(web.get(path, {"p": page}))
            assert root.tag == f"{SM}urlset"
            found = root.findall(f"{SM}url")
            for url in found:
                lastmod = url.find(f"{SM}lastmod")
                assert lastmod is not None, f"{url.find(f'{SM}loc').text} has no lastmod"
                dt.date.fromisoformat(lastmod.text[:10])
                urls[url.find(f"{SM}loc").text] = lastmod.text
            if len(found) < 5000:
                break
            page += 1
    return urls


def test_sitemap_lists_every_published_page_with_lastmod(web, seed):
    urls = every_url(web)
    paths = {url.removeprefix(SITE_URL) for url in urls}
    programs = set(Program.public_objects.values_list("slug", flat=True))
    assert {f"/programs/{slug}/" for slug in programs} <= paths
    assert {f"/programs/{slug}/history/" for slug in programs} <= paths
    assert {
        "/facilities/vehicle-materials-molding-center/",
        "/facilities/carbon-recycling-base/",
        "/facilities/bms-infrastructure/",
        "/facilities/proton-ion-beam-rnd-center/",
    } <= paths
    assert {"/", "/programs/", "/facilities/", "/funding/", "/outcomes/", "/data/"} <= paths
    assert {f"/funding/{kind}/" for kind in ("national", "provincial", "city")} <= paths
    assert urls[f"{SITE_URL}/programs/carbon-recycling/"].startswith("2020-12-15")
    # Every listed page really answers 200.
    for path in paths:
        assert web.get(path).status_code == 200, path


def test_lastmod_moves_when_a_program_changes(web, seed):
    program = Program.public_objects.get(slug="carbon-recycling")
    program.summary = "새 요약"
    program.save()
    today = timezone.localdate(program.updated_at).isoformat()
    urls = every_url(web)
    assert urls[f"{SITE_URL}/programs/carbon-recycling/"].startswith(today)
    assert urls[f"{SITE_URL}/programs/smart-factory/"].startswith("2020-12-15")


def test_drafts_and_their_facilities_are_not_in_the_sitemap(web, seed):
    draft = ProgramFactory(slug="secret-hydrogen", publication_state="draft")
    draft.facilities.add(FacilityFactory(slug="secret-hydrogen-center"))
    everything = " ".join(every_url(web))
    assert "secret-hydrogen" not in everything


def test_sitemap_has_no_second_page_for_a_small_site(web, seed):
    assert web.get("/sitemap-programs.xml", {"p": 2}).status_code == 404
    assert web.get("/sitemap-programs.xml", {"p": "abc"}).status_code == 404
    assert web.get("/sitemap-nonsense.xml").status_code == 404


def test_robots_txt_allows_crawlers_and_names_the_sitemap(web, seed):
    response = web.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert "User-agent: *" in lines
    assert "Allow: /" in lines
    assert "Disallow: /" not in lines  # nothing public is hidden from crawlers
    assert "Disallow: /admin/" in lines
    assert f"Sitemap: {SITE_URL}/sitemap.xml" in lines


def test_data_page_links_to_sitemap_and_robots(web, seed):
    links = parse(web.get("/data/")).links()
    assert "/sitemap.xml" in links and "/robots.txt" in links


def test_a_large_portfolio_spreads_over_numbered_sitemap_files(web, monkeypatch):
    """Past one file's limit (5,000 URLs) the index names every page of the section."""
    from gyeongju.pages.sitemaps import ProgramSitemap

    monkeypatch.setattr(ProgramSitemap, "limit", 4)
    programs = ProgramFactory.create_batch(10)
    ProgramFactory(publication_state=Program.PublicationState.DRAFT)
    sections = [url for url in section_urls(web) if "/sitemap-programs.xml" in url]
    assert len(sections) == 3  # 10 programs, 4 per file
    listed = []
    for section in sections:
        root = xml(web.get(section.removeprefix(SITE_URL)))
        listed += [u.find(f"{SM}loc").text for u in root.findall(f"{SM}url")]
    assert sorted(listed) == sorted(f"{SITE_URL}{p.get_absolute_url()}" for p in programs)
