"""HTTP as API clients expect: validators and 304 from the content version, repeated calls
answered by the page cache, CORS for GET from any origin (on /api/v1/ only), and a per-address
rate limit answering 429 with Retry-After, which the site's own pages never meet."""

import pytest
from django.test import override_settings

from gyeongju.programs.models import Program
from tests.factories import ProgramFactory

pytestmark = pytest.mark.django_db

LIST = "/api/v1/programs/?q=탄소"
DETAIL = "/api/v1/programs/vehicle-materials-molding/"


@pytest.mark.parametrize("url", [LIST, DETAIL, "/api/v1/funding/", "/api/v1/openapi.json"])
def test_a_repeated_call_is_answered_from_the_page_cache_and_revalidates_with_304(web, seed, url):
    first = web.get(url)
    second = web.get(url)
    assert (first["X-Page-Cache"], second["X-Page-Cache"]) == ("miss", "hit")
    assert first.content == second.content and first["ETag"] == second["ETag"]
    assert first["Last-Modified"]
    again = web.get(url, headers={"If-None-Match": first["ETag"]})
    assert again.status_code == 304 and again.content == b""
    since = web.get(url, headers={"If-Modified-Since": first["Last-Modified"]})
    assert since.status_code == 304


def test_an_edit_changes_the_etag_of_the_lists_and_of_that_programs_detail_only(web, seed):
    other = "/api/v1/programs/carbon-recycling/"
    before = {url: web.get(url)["ETag"] for url in (LIST, DETAIL, other)}
    program = Program.private_objects.get(slug="vehicle-materials-molding")
    # Not the summary: neighbours' 관련 사업 show it, so their pages move too (programs.versioning).
    program.body = "고친 본문"
    program.save()
    after = {url: web.get(url) for url in (LIST, DETAIL, other)}
    assert after[LIST]["ETag"] != before[LIST]
    assert after[DETAIL]["ETag"] != before[DETAIL]
    assert after[DETAIL].json()["body"] == "고친 본문"
    assert after[other]["ETag"] == before[other]


def test_any_origin_may_read_the_api_with_get(web, seed):
    response = web.get(LIST, headers={"Origin": "https://news.example"})
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "ETag" in response["Access-Control-Expose-Headers"]
    assert response["Cross-Origin-Resource-Policy"] == "cross-origin"
    preflight = web.options(
        LIST,
        headers={"Origin": "https://news.example", "Access-Control-Request-Method": "GET"},
    )
    assert preflight.status_code == 200
    assert "GET" in preflight["Access-Control-Allow-Methods"]
    assert "POST" not in preflight["Access-Control-Allow-Methods"]


def test_the_sites_pages_are_not_shared_with_other_origins(web, seed):
    for url in ("/programs/", "/api/", "/data/"):
        response = web.get(url, headers={"Origin": "https://news.example"})
        assert "Access-Control-Allow-Origin" not in response
        assert response["Cross-Origin-Resource-Policy"] == "same-origin"


def test_head_answers_like_get_without_a_body(web, seed):
    response = web.head(LIST)
    assert response.status_code == 200 and response.content == b""
    assert response["ETag"] == web.get(LIST)["ETag"]


@override_settings(API_RATE_LIMIT=3, API_RATE_PERIOD=60)
def test_too_many_calls_from_one_address_get_429_with_retry_after(web, seed):
    answers = [web.get("/api/v1/years/") for _ in range(4)]
    assert [a.status_code for a in answers] == [200, 200, 200, 429]
    assert answers[2]["RateLimit-Remaining"] == "0"
    limited = answers[3]
    assert limited["Content-Type"].startswith("application/problem+json")
    assert 1 <= int(limited["Retry-After"]) <= 60
    assert "초" in limited.json()["detail"]
    # the site's own pages are not limited
    assert all(web.get("/programs/").status_code == 200 for _ in range(5))
    # another address has its own count
    assert web.get("/api/v1/years/", REMOTE_ADDR="10.1.2.3").status_code == 200


@override_settings(API_RATE_LIMIT=2, TRUSTED_PROXIES=["10.0.0.2"])
def test_behind_a_trusted_proxy_the_limit_counts_each_visitor_not_the_proxy(web, seed):
    def call(visitor):
        return web.get(
            "/api/v1/years/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=visitor
        ).status_code

    assert [call("203.0.113.5") for _ in range(3)] == [200, 200, 429]
    assert call("203.0.113.6") == 200


@override_settings(API_RATE_LIMIT=0)
def test_a_limit_of_zero_turns_it_off(web, db):
    ProgramFactory()
    assert {web.get("/api/v1/years/").status_code for _ in range(5)} == {200}
