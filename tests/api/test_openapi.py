"""The OpenAPI description, checked by real clients of the standard: openapi-spec-validator reads
it as OpenAPI 3.1, and schemathesis generates requests from it against the app (WSGI, in process)
and checks that none is a server error and every answer matches the description (status, content
type, headers and body)."""

import hypothesis
import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from openapi_spec_validator import validate
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from gyeongju.wsgi import application

pytestmark = pytest.mark.django_db
# As the production site is reached: behind a proxy that says the visitor used HTTPS. Plain bodies:
# schemathesis' WSGI client asks for gzip, which the site sends, but does not unpack it.
HTTPS = {"X-Forwarded-Proto": "https", "Accept-Encoding": "identity"}

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


def test_the_description_is_valid_openapi_3_1(web, db):
    response = web.get("/api/v1/openapi.json")
    assert response.status_code == 200
    spec = response.json()
    assert spec["openapi"].startswith("3.1")
    validate(spec)
    assert spec["info"]["license"]["name"] == "공공누리 제1유형(출처표시)"
    paths = set(spec["paths"])
    assert {
        "/api/v1/programs/",
        "/api/v1/programs/{slug}/",
        "/api/v1/facilities/",
        "/api/v1/facilities/{slug}/",
        "/api/v1/funding/",
        "/api/v1/outcomes/",
        "/api/v1/organisations/",
        "/api/v1/organisations/{slug}/",
        "/api/v1/places/",
        "/api/v1/places/{slug}/",
        "/api/v1/years/",
    } <= paths
    # The explorer's form is the list's definition: every field of it is a documented parameter.
    from gyeongju.programs.filters import ProgramFilterForm

    documented = {p["name"] for p in spec["paths"]["/api/v1/programs/"]["get"]["parameters"]}
    assert set(ProgramFilterForm.base_fields) | {"page", "per_page"} == documented


@pytest.fixture
def api_schema(seed, settings):
    settings.API_RATE_LIMIT = 0  # hundreds of calls from one address in a few seconds
    settings.ALLOWED_HOSTS = ["*"]
    # The WSGI app closes the database connection after each request, as in production; here it
    # holds the test's transaction (as Django's own test client keeps it open).
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application, headers=HTTPS)
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


# schemathesis' own pytest plugin (schema.parametrize) reads a private attribute pytest 9 no
# longer has: each operation's strategy is run here through hypothesis directly instead.
EXAMPLES = hypothesis.settings(
    max_examples=30,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(hypothesis.HealthCheck),
)


def test_every_generated_call_is_answered_as_described(api_schema):
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) >= 11  # with organisations and places (issue 24)

    for operation in operations:
        # Valid calls, and calls the description forbids (wrong types, out of range): both are
        # answered as described (200, or a 400/404 problem), never with a server error.
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):

            @EXAMPLES
            @hypothesis.given(case=operation.as_strategy(generation_mode=mode))
            def answered_as_described(case):
                case.call_and_validate(checks=CHECKS, headers=HTTPS)

            try:
                answered_as_described()
            except hypothesis.errors.Unsatisfiable:
                # Only strings, whatever they hold, or no parameter at all: no call is invalid.
                assert mode is GenerationMode.NEGATIVE, operation.label
