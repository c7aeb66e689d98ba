"""Every error under /api/v1/ is application/problem+json with a Korean title and detail: a bad or
unknown parameter is a 400 (never silently ignored), an unknown object or path a 404, a write a
405, and even a failure inside an endpoint stays JSON."""

import pytest

pytestmark = pytest.mark.django_db

PROBLEM = "application/problem+json; charset=utf-8"


def problem(response, status):
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"] == PROBLEM
    body = response.json()
    assert body["status"] == status
    assert body["type"].startswith("http://127.0.0.1:8000/api/#problem-")
    for key in ("title", "detail"):
        assert any("\uac00" <= ch <= "\ud7a3" for ch in body[key]), body  # Korean
    return body


@pytest.mark.parametrize(
    ("url", "parameter"),
    [
        ("/api/v1/programs/?utm_source=x", "utm_source"),  # unknown: not ignored
        ("/api/v1/programs/?year=abc", "year"),  # not a number (django-ninja's check)
        ("/api/v1/programs/?year=1850", "year"),  # a number the explorer's form refuses
        ("/api/v1/programs/?category=no-such", "category"),
        ("/api/v1/programs/?status=evil", "status"),
        ("/api/v1/programs/?sort=evil", "sort"),
        ("/api/v1/programs/?min_cost=-5", "min_cost"),
        ("/api/v1/programs/?per_page=1000", "per_page"),
        ("/api/v1/programs/?page=0", "page"),
        ("/api/v1/programs/?page=99", "page"),  # past the last page
        ("/api/v1/outcomes/?year=20000", "year"),
        ("/api/v1/outcomes/?maturity=done", "maturity"),
        ("/api/v1/facilities/?q=x", "q"),
        ("/api/v1/years/?page=2", "page"),
        ("/api/v1/programs/vehicle-materials-molding/?as_of=yesterday", "as_of"),
    ],
)
def test_a_bad_or_unknown_parameter_is_a_400_naming_it(web, seed, url, parameter):
    body = problem(web.get(url), 400)
    assert parameter in [error["parameter"] for error in body["errors"]]


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/programs/no-such-program/",
        "/api/v1/facilities/no-such-facility/",
        "/api/v1/no-such-endpoint/",
        "/api/v1/programs/a/b/c/",
    ],
)
def test_an_unknown_object_or_path_is_a_404_problem(web, seed, url):
    problem(web.get(url), 404)


def test_writing_is_a_405_problem_naming_the_allowed_methods(web, seed):
    response = web.post("/api/v1/programs/", {"name": "x"})
    problem(response, 405)
    assert "GET" in response["Allow"]
    problem(web.delete("/api/v1/programs/vehicle-materials-molding/"), 405)


def test_a_failure_inside_an_endpoint_is_a_500_problem_not_an_html_page(seed, monkeypatch):
    from gyeongju.api import api as endpoints
    from tests.public import Visitor

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(endpoints, "funding_by_kind", broken)
    web = Visitor(raise_request_exception=False)
    problem(web.get("/api/v1/funding/"), 500)


def test_the_site_keeps_its_own_html_error_pages(web, db):
    response = web.get("/no-such-page/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


def test_an_address_without_its_final_slash_is_sent_on_to_it(web, seed):
    response = web.get("/api/v1/programs?q=탄소")
    assert response.status_code == 301
    assert response["Location"] == "/api/v1/programs/?q=%ED%83%84%EC%86%8C" or response[
        "Location"
    ].startswith("/api/v1/programs/?q=")
    problem(web.get("/api/v1/nothing"), 404)
