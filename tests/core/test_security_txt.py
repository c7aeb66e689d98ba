"""/.well-known/security.txt (RFC 9116): the contact and expiry from settings, plain text, cached a
day; no file without both or after the expiry; `check --deploy` warns about each of those."""

import datetime as dt

import pytest
from django.core.checks import run_checks
from django.utils import timezone

from tests.factories import staff_user
from tests.public import Visitor

pytestmark = pytest.mark.django_db

URL = "/.well-known/security.txt"
SEOUL = dt.timezone(dt.timedelta(hours=9))


@pytest.fixture
def configured(settings):
    settings.SITE_URL = "https://invest.gyeongju.go.kr"
    settings.SECURITY_CONTACT = ["mailto:security@gyeongju.go.kr", "https://gyeongju.go.kr/report"]
    settings.SECURITY_TXT_EXPIRES = dt.datetime(2099, 6, 30, 9, 0, tzinfo=SEOUL)
    return settings


def fields(response) -> list[tuple[str, str]]:
    lines = response.content.decode().splitlines()
    return [tuple(line.split(": ", 1)) for line in lines if line and not line.startswith("#")]


def test_security_txt_names_the_contact_and_expiry_from_settings(web, configured):
    response = web.get(URL)

    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert fields(response) == [
        ("Contact", "mailto:security@gyeongju.go.kr"),
        ("Contact", "https://gyeongju.go.kr/report"),
        ("Expires", "2099-06-30T00:00:00Z"),  # RFC 3339, in UTC
        ("Preferred-Languages", "ko, en"),
        ("Canonical", "https://invest.gyeongju.go.kr/.well-known/security.txt"),
    ]
    assert response.content.decode().startswith("# 경주시 투자사업 포털")


def test_security_txt_is_cached_a_day_by_anyone_and_stays_private_for_staff(web, configured):
    response = web.get(URL)
    assert "public" in response["Cache-Control"] and "max-age=86400" in response["Cache-Control"]
    assert "X-Page-Cache" not in response
    assert web.head(URL).status_code == 200
    assert web.post(URL).status_code == 405

    staff = Visitor(staff_user("minji", group="편집자"))
    staff_response = staff.get(URL)
    assert staff_response.status_code == 200
    assert "private" in staff_response["Cache-Control"]


def test_a_new_contact_shows_at_once(web, configured):
    web.get(URL)
    configured.SECURITY_CONTACT = ["mailto:cert@gyeongju.go.kr"]

    assert ("Contact", "mailto:cert@gyeongju.go.kr") in fields(web.get(URL))


@pytest.mark.parametrize(
    ("contact", "expires"),
    [
        ([], dt.datetime(2099, 1, 1, tzinfo=dt.UTC)),
        (["mailto:security@gyeongju.go.kr"], None),
        (["mailto:security@gyeongju.go.kr"], dt.datetime(2020, 1, 1, tzinfo=dt.UTC)),
    ],
    ids=["no-contact", "no-expiry", "expired"],
)
def test_no_file_rather_than_a_wrong_one(web, settings, contact, expires):
    settings.SECURITY_CONTACT = contact
    settings.SECURITY_TXT_EXPIRES = expires

    assert web.get(URL).status_code == 404


def deploy_warnings() -> set[str]:
    found = run_checks(include_deployment_checks=True, tags=["security"])
    return {message.id for message in found if message.id.startswith("gyeongju.")}


@pytest.mark.parametrize(
    ("contact", "days_ahead", "warned"),
    [
        (["mailto:security@gyeongju.go.kr"], 200, set()),
        ([], 200, {"gyeongju.W002"}),
        (["mailto:security@gyeongju.go.kr"], None, {"gyeongju.W003"}),
        (["mailto:security@gyeongju.go.kr"], -1, {"gyeongju.W004"}),
        (["mailto:security@gyeongju.go.kr"], 400, {"gyeongju.W005"}),
        ([], None, {"gyeongju.W002", "gyeongju.W003"}),
    ],
    ids=["current", "no-contact", "no-expiry", "expired", "too-far", "nothing"],
)
def test_check_deploy_warns_when_security_txt_is_missing_or_stale(
    settings, contact, days_ahead, warned
):
    settings.SECURITY_CONTACT = contact
    settings.SECURITY_TXT_EXPIRES = (
        None if days_ahead is None else timezone.now() + dt.timedelta(days=days_ahead)
    )

    assert deploy_warnings() == warned
