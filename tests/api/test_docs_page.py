"""/api/: the API's Korean docs page, made from the OpenAPI description: every endpoint with its
parameters and a curl example, the error format, the rate limit, caching and the licence; the
site's own layout, nothing from another host."""

import pytest

from tests.public import full_page

pytestmark = pytest.mark.django_db


def test_the_docs_page_lists_every_endpoint_with_its_parameters_and_a_curl_example(web, db):
    doc = full_page(web.get("/api/"), "공개 API")
    text = doc.clean_text
    spec = web.get("/api/v1/openapi.json").json()
    for path, operations in spec["paths"].items():
        assert f"GET {path}" in text, path
        for parameter in operations["get"].get("parameters", []):
            assert parameter["name"] in text
    table_cells = [cell.clean_text for cell in doc.find_all("td")]
    assert not [cell for cell in table_cells if "string" in cell or "integer" in cell]  # Korean
    examples = [node.clean_text for node in doc.find_all("pre")]
    assert sum(e.startswith("curl ") for e in examples) >= len(spec["paths"])
    for path in ("/api/v1/organisations/{slug}/", "/api/v1/places/", "/api/v1/places/{slug}/"):
        assert f"GET {path}" in text, path
    for example in ("/api/v1/organisations/motie/", "/api/v1/places/?kind=complex"):
        assert any(example in e for e in examples), example
    for words in (
        "problem+json",
        "429",
        "Retry-After",
        "ETag",
        "304",
        "공공누리 제1유형",
        "openapi.json",
    ):
        assert words in text, words


def test_every_curl_example_on_the_docs_page_answers(web, seed):
    doc = full_page(web.get("/api/"), "공개 API")
    for node in doc.find_all("pre"):
        line = node.clean_text
        if line.startswith("curl '"):
            url = line.split("'")[1].removeprefix("http://127.0.0.1:8000")
            assert web.get(url).status_code == 200, url


def test_the_docs_page_loads_nothing_from_another_host(web, db):
    doc = full_page(web.get("/api/"), "공개 API")
    for node in doc.iter():
        for name in ("src", "href"):
            value = node.attrs.get(name) or ""
            assert not value.startswith(("http://", "https://", "//")) or value.startswith(
                "http://127.0.0.1:8000"
            ), value
