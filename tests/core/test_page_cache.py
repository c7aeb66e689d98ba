"""The whole-page cache (gyeongju/core/page_cache.py): anonymous GETs are answered from the cache,
but an edit to anything a page shows is visible on the very next request, never a stale page."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gyeongju.facilities.models import Facility, Site
from gyeongju.funding.models import Funding
from gyeongju.organisations.models import Organisation
from gyeongju.outcomes.models import Outcome
from gyeongju.programs.models import Category, Program, ProgramBudget, ProgramPartner
from gyeongju.progress.models import Execution, Milestone
from gyeongju.sources.models import Source
from tests.factories import (
    EOK,
    ExecutionFactory,
    FacilityFactory,
    FundingFactory,
    ProgramFactory,
)
from tests.html import parse
from tests.public import Visitor

pytestmark = pytest.mark.django_db

MOLDING = "/programs/vehicle-materials-molding/"
HX = {"HX-Request": "true", "HX-Target": "results"}


def fetch(web, url, **headers):
    response = web.get(url, headers=headers)
    assert response.status_code == 200, (url, response.status_code)
    return response


def warm(web, *urls):
    """Render and store each page, and check the next request is served from the cache."""
    for url in urls:
        assert fetch(web, url)["X-Page-Cache"] == "miss"
        assert fetch(web, url)["X-Page-Cache"] == "hit"


def text(web, url) -> str:
    return parse(fetch(web, url)).find("main").clean_text


def test_second_anonymous_request_is_a_hit_with_the_same_page(web, seed):
    first = fetch(web, MOLDING)
    second = fetch(web, MOLDING)
    assert (first["X-Page-Cache"], second["X-Page-Cache"]) == ("miss", "hit")
    assert first.content == second.content
    assert second["ETag"] == first["ETag"]
    assert second["Content-Type"] == first["Content-Type"]


def test_a_hit_costs_one_small_query(web, seed):
    for url in ("/", "/programs/", MOLDING, "/facilities/", "/feeds/updates/", "/sitemap.xml"):
        fetch(web, url)
        with CaptureQueriesContext(connection) as queries:
            assert fetch(web, url)["X-Page-Cache"] == "hit"
        assert len(queries) == 1, url


def test_editing_a_program_shows_on_every_page_at_once(web, seed):
    warm(web, MOLDING, "/", "/programs/", "/funding/")
    program = Program.public_objects.get(slug="vehicle-materials-molding")
    program.total_cost = 310 * EOK
    program.save()
    assert "310억원" in text(web, MOLDING)
    assert "310억원" in text(web, "/programs/")
    assert "688억원" in text(web, "/")  # the 분야 total moved too (310 + 178 + 200)
    assert "1,138억7,000만원" in text(web, "/funding/")


def test_editing_a_funding_row_shows_on_the_next_request(web, seed):
    warm(web, MOLDING, "/programs/", "/funding/national/")
    row = Funding.private_objects.get(program__slug="vehicle-materials-molding")
    row.amount = 100 * EOK
    row.save()
    assert "국비 100억원 외 재원 구성 미공개" in text(web, MOLDING)
    assert "국비 100억원 외 재원 구성 미공개" in text(web, "/programs/")
    assert "180억원" in text(web, "/funding/national/")


def test_adding_and_removing_funding_shows_on_the_next_request(web, seed):
    warm(web, "/programs/smart-factory/")
    program = Program.public_objects.get(slug="smart-factory")
    row = FundingFactory(program=program, kind="city", amount=10 * EOK, fiscal_year=2021)
    assert "시비 10억원" in text(web, "/programs/smart-factory/")
    row.delete()
    assert "시비 10억원" not in text(web, "/programs/smart-factory/")


def test_editing_a_facility_shows_on_the_programs_it_serves(web, seed):
    warm(web, MOLDING, "/facilities/", "/")
    facility = Facility.private_objects.get(slug="vehicle-materials-molding-center")
    facility.name = "첨단소재 성형가공 센터"
    facility.save()
    for url in (MOLDING, "/facilities/", "/"):
        assert "첨단소재 성형가공 센터" in text(web, url), url


def test_linking_a_facility_shows_on_the_program_page(web, seed):
    warm(web, "/programs/smart-factory/")
    facility = FacilityFactory(name="스마트공장 실증센터")
    Program.public_objects.get(slug="smart-factory").facilities.add(facility)
    assert "스마트공장 실증센터" in text(web, "/programs/smart-factory/")


def test_editing_a_cited_source_shows_on_the_program_page(web, seed):
    warm(web, MOLDING, "/programs/export-support/")
    source = Source.private_objects.get()
    source.title = "2021년 기업지원 사업 추진 계획(수정)"
    source.save()
    for url in (MOLDING, "/programs/export-support/"):
        page = parse(fetch(web, url))
        assert "2021년 기업지원 사업 추진 계획(수정)" in page.find("main").clean_text
        assert "추진 계획(수정)" in page.by_id("citation-text").text


def test_editing_an_outcome_shows_on_the_outcomes_list_and_program(web, seed):
    warm(web, "/outcomes/", "/programs/export-support/")
    outcome = Outcome.private_objects.get(indicator="export_contracts")
    outcome.value = 250 * EOK
    outcome.save()
    assert "250억원" in text(web, "/outcomes/")
    assert "250억원" in text(web, "/programs/export-support/")


def test_renaming_site_partner_and_category_shows_on_the_program_page(web, seed):
    warm(web, MOLDING, "/programs/proton-ion-beam-rnd-center/")
    site = Site.private_objects.get(slug="oedong-gueo2")
    site.name = "외동 구어2일반산업단지"
    site.save()
    organisation = Organisation.private_objects.get(slug="proton-science-institute")
    organisation.name = "한국원자력연구원 양성자과학연구단"
    organisation.save()
    category = Category.private_objects.get(slug="mobility-materials")
    category.name = "미래차 소재"
    category.save()
    molding = text(web, MOLDING)
    assert "외동 구어2일반산업단지" in molding and "미래차 소재" in molding
    assert "한국원자력연구원 양성자과학연구단" in text(web, "/programs/proton-ion-beam-rnd-center/")


def test_unpublishing_takes_the_page_down_at_once(web, seed):
    warm(web, MOLDING, "/programs/")
    program = Program.public_objects.get(slug="vehicle-materials-molding")
    program.publication_state = Program.PublicationState.DRAFT
    program.save()
    assert web.get(MOLDING).status_code == 404
    assert "차량용 첨단소재" not in text(web, "/programs/")


def test_publishing_shows_at_once_though_the_404_was_requested_before(web, db):
    draft = ProgramFactory(name="새 수소 사업", publication_state="draft")
    assert web.get(draft.get_absolute_url()).status_code == 404
    assert "새 수소 사업" not in text(web, "/programs/")
    draft.publication_state = Program.PublicationState.PUBLISHED
    draft.save()
    assert web.get(draft.get_absolute_url()).status_code == 200
    assert "새 수소 사업" in text(web, "/programs/")


def test_conditional_get_answers_304_until_something_changes(web, seed):
    first = fetch(web, MOLDING)
    etag, modified = first["ETag"], first["Last-Modified"]
    assert first["Cache-Control"] == "public, no-cache"
    again = web.get(MOLDING, headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag
    assert web.get(MOLDING, headers={"If-Modified-Since": modified}).status_code == 304
    assert web.get(MOLDING, headers={"If-None-Match": '"something-else"'}).status_code == 200
    program = Program.public_objects.get(slug="vehicle-materials-molding")
    program.summary = "고친 요약입니다."
    program.save()
    changed = web.get(MOLDING, headers={"If-None-Match": etag})
    assert changed.status_code == 200
    assert changed["ETag"] != etag
    assert "고친 요약입니다." in changed.content.decode()


def test_a_different_program_keeps_its_etag_when_another_changes(web, seed):
    etag = fetch(web, "/programs/smart-factory/")["ETag"]
    program = Program.public_objects.get(slug="vehicle-materials-molding")
    program.summary = "고친 요약입니다."
    program.save()
    assert web.get("/programs/smart-factory/", headers={"If-None-Match": etag}).status_code == 304


def test_htmx_partials_and_full_pages_are_cached_apart(web, seed):
    full = fetch(web, "/programs/?q=탄소")
    partial = fetch(web, "/programs/?q=탄소", **HX)
    assert "<html" in full.content.decode() and "<html" not in partial.content.decode()
    assert partial["X-Page-Cache"] == "miss"
    assert "<html" in fetch(web, "/programs/?q=탄소").content.decode()
    assert "<html" not in fetch(web, "/programs/?q=탄소", **HX).content.decode()
    assert "HX-Request" in fetch(web, "/programs/?q=탄소", **HX)["Vary"]
    # Another query is another page.
    assert "10개 사업" in text(web, "/programs/")


def test_staff_bypass_the_cache_and_see_drafts(web, editor, seed):
    draft = ProgramFactory(name="초안 수소 사업", publication_state="draft")
    staff = Visitor(editor)
    warm(web, MOLDING)
    for url in (MOLDING, "/programs/"):
        response = staff.get(url)
        assert response.status_code == 200
        assert "X-Page-Cache" not in response
    preview = staff.get(draft.get_absolute_url())
    assert preview.status_code == 200 and "초안 미리보기" in preview.content.decode()
    assert "X-Page-Cache" not in preview
    # What staff saw was not stored for the public.
    assert web.get(draft.get_absolute_url()).status_code == 404
    assert fetch(web, MOLDING)["X-Page-Cache"] == "hit"


def test_snapshot_and_current_page_are_cached_apart(web, seed):
    current = fetch(web, MOLDING)
    snapshot = web.get(MOLDING, {"as_of": "2020-12-16"})
    assert snapshot.status_code == 200
    assert "기준 스냅숏" in snapshot.content.decode()
    assert "기준 스냅숏" not in fetch(web, MOLDING).content.decode()
    assert current["ETag"] != snapshot["ETag"]


def vary(response) -> set[str]:
    return {name.strip().lower() for name in response.get("Vary", "").split(",") if name.strip()}


# The headers the page cache keys on, the session cookie that sends staff past it, and gzip.
STORED_BY = {"cookie", "hx-request", "hx-target", "hx-history-restore-request", "accept-encoding"}


def test_a_stored_page_varies_on_what_it_is_stored_by(web, seed):
    plain = fetch(web, MOLDING)
    gzipped = fetch(web, MOLDING, **{"Accept-Encoding": "gzip"})
    assert plain.get("Content-Encoding") is None and gzipped["Content-Encoding"] == "gzip"
    assert gzipped["X-Page-Cache"] == "hit" and gzipped["ETag"] == plain["ETag"]
    assert vary(plain) == vary(gzipped) == STORED_BY


@pytest.mark.parametrize("url", [MOLDING, "/programs/?q=탄소", "/"])
def test_a_304_sends_the_vary_its_200_would(web, seed, url):
    full = fetch(web, url, **{"Accept-Encoding": "gzip"})
    again = web.get(url, headers={"Accept-Encoding": "gzip", "If-None-Match": full["ETag"]})
    assert again.status_code == 304
    assert vary(again) == vary(full)


def test_head_answers_with_the_headers_of_get(web, seed):
    full = fetch(web, MOLDING)
    head = web.head(MOLDING)
    assert head.status_code == 200 and head.content == b""
    assert head["X-Page-Cache"] == "hit"
    for name in ("ETag", "Last-Modified", "Content-Length", "Content-Type", "Vary"):
        assert head[name] == full[name], name
    assert web.head(MOLDING, headers={"If-None-Match": full["ETag"]}).status_code == 304


# What is stored: the parameters a view reads, in a normal form --------------------------------


def stored_keys(web, url, **headers) -> list[str]:
    """The page-cache entries one GET of ``url`` writes."""
    from unittest import mock

    from gyeongju.core import page_cache

    with mock.patch.object(page_cache.page_store, "set", wraps=page_cache.page_store.set) as put:
        web.get(url, headers=headers)
    return [call.args[0] for call in put.call_args_list if call.args[0].startswith("page:")]


def test_fifty_junk_variants_of_a_url_add_no_entry_but_are_answered(web, seed):
    for n in range(50):
        for url in (f"/programs/?utm_source=kakao{n}", f"{MOLDING}?fbclid={n}", f"/?ref={n}"):
            assert stored_keys(web, url) == [], url
    response = fetch(web, "/programs/?utm_source=kakao")
    assert "X-Page-Cache" not in response  # rendered for this visitor, never stored
    assert response["Cache-Control"] == "public, no-cache"  # as a stored page's: ask again
    assert "알 수 없는 조건 ‘utm_source’은(는) 무시했습니다." in response.content.decode()


def test_the_same_filters_in_another_order_or_with_empty_values_are_one_page(web, seed):
    first = fetch(web, "/programs/?q=탄소&status=planned")
    assert first["X-Page-Cache"] == "miss"
    for same in (
        "/programs/?status=planned&q=탄소",
        "/programs/?q=탄소&sort=&status=planned&year=",
    ):
        again = fetch(web, same)
        assert again["X-Page-Cache"] == "hit", same
        assert again.content == first.content


def test_the_view_renders_the_normal_form_it_is_stored_under(web, seed):
    """Links on the page (canonical, chips, downloads) carry the parameters in the form's order,
    without empty ones, however the visitor's URL wrote them."""
    doc = parse(fetch(web, "/programs/?year=&status=planned&q=탄소"))
    canonical = doc.find("link", rel="canonical").attrs["href"]
    assert canonical.endswith("/programs/?q=%ED%83%84%EC%86%8C&status=planned")


def test_only_known_htmx_targets_are_stored(web, seed):
    assert len(stored_keys(web, "/programs/?q=탄소", **HX)) == 1
    assert stored_keys(web, "/programs/?q=탄소", **{**HX, "HX-Target": "somewhere"}) == []
    # A page without partials answers htmx with itself, stored once for both.
    fetch(web, MOLDING)
    assert fetch(web, MOLDING, **HX)["X-Page-Cache"] == "hit"


def test_moving_a_row_to_another_program_refreshes_both_programs(web, seed):
    smart = "/programs/smart-factory/"
    warm(web, MOLDING, smart)
    row = Funding.private_objects.get(program__slug="vehicle-materials-molding")
    row.program = Program.public_objects.get(slug="smart-factory")
    row.amount = 10 * EOK
    row.save()
    assert "국비 10억원" in text(web, smart)
    assert "국비 90억원 외 재원 구성 미공개" not in text(web, MOLDING)  # the row left this page


@pytest.mark.parametrize(
    "model",
    [Funding, ProgramBudget, Outcome, ProgramPartner, Execution, Milestone],
    ids=["funding", "budget", "outcome", "partner", "execution", "milestone"],
)
def test_a_moved_row_gives_both_programs_new_pages_etags_and_feeds(web, seed, model):
    """Pages, their ETags (a browser's If-None-Match gets the new page, not a 304) and the
    programs' change feeds, for each kind of row a program page lists."""
    if model is Execution:  # the seed reports no execution
        ExecutionFactory(program=Program.public_objects.get(slug="vehicle-materials-molding"))
    row = model.private_objects.select_related("program").order_by("pk").first()
    old = row.program.slug
    others = Program.public_objects.exclude(pk__in=model.private_objects.values("program"))
    new = others.order_by("pk").first().slug
    urls = [
        f"/programs/{old}/",
        f"/programs/{new}/",
        f"/feeds/programs/{old}/",
        f"/feeds/programs/{new}/",
    ]
    warm(web, *urls)
    etags = {url: fetch(web, url)["ETag"] for url in urls}

    row.program = Program.public_objects.get(slug=new)
    row.save()

    for url in urls:
        response = web.get(url, headers={"If-None-Match": etags[url]})
        assert response.status_code == 200, url  # not 304: the page the browser has is stale
        assert response["ETag"] != etags[url], url
