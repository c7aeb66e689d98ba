"""The API shows what the site shows and nothing more: no draft (nor the rows, facility, source or
organisation only a draft has), no pending revision, no scheduled change before its time."""

import pytest

from gyeongju.review.models import Revision
from tests.core.test_drafts import MARK, SLUG, assert_hidden, draft  # noqa: F401 - a fixture
from tests.factories import OrganisationFactory, PartnerFactory
from tests.public import Visitor
from tests.review.test_proposals import approve, change, molding

pytestmark = pytest.mark.django_db

API_URLS = [
    "/api/v1/programs/",
    "/api/v1/programs/?q=비밀수소",
    "/api/v1/programs/?funding=private",
    "/api/v1/programs/?year=2021&per_page=100",
    "/api/v1/programs/?sort=cost_desc",
    f"/api/v1/programs/{SLUG}/",
    f"/api/v1/programs/{SLUG}/?as_of=2021-01-01",
    "/api/v1/facilities/?per_page=100",
    f"/api/v1/facilities/{SLUG}-center/",
    "/api/v1/funding/",
    "/api/v1/outcomes/?per_page=100",
    "/api/v1/outcomes/?q=비밀수소",
    "/api/v1/organisations/?per_page=100",
    "/api/v1/organisations/?kind=other&per_page=100",
    "/api/v1/places/?per_page=100",
    "/api/v1/places/oedong-eup/",
    f"/api/v1/places/{SLUG}-place/",
    f"/api/v1/organisations/{SLUG}-org/",
    "/api/v1/years/",
    "/api/v1/openapi.json",
    "/data/datapackage.json",
]


@pytest.fixture
def draft_with_partner(draft):  # noqa: F811 - the fixture imported above
    PartnerFactory(program=draft, organisation=OrganisationFactory(name=f"{MARK} 재단"))
    return draft


@pytest.mark.parametrize("url", API_URLS)
def test_a_draft_appears_nowhere_in_the_api(web, draft_with_partner, url):
    response = web.get(url)
    assert_hidden(response, url)


def test_a_drafts_detail_is_a_404_problem_even_for_its_own_staff(web, draft_with_partner, editor):
    assert web.get(f"/api/v1/programs/{SLUG}/").status_code == 404
    # Staff preview drafts on the site's pages; the API is public data only.
    assert Visitor(editor).get(f"/api/v1/programs/{SLUG}/").status_code == 404


def test_a_pending_revision_shows_only_once_approved(seed, editor, approver):
    url = f"/api/v1/programs/{molding().slug}/"
    before = Visitor().get(url).json()
    response = change(
        Visitor(editor),
        type(molding()),
        molding(),
        {"total_cost": "300억", "change_reason": "증액"},
    )
    assert response.status_code == 302
    revision = Revision.objects.get(status=Revision.Status.PENDING)
    assert Visitor().get(url).json() == before
    approve(approver, revision)
    assert Visitor().get(url).json()["total_cost"]["won"] == 300 * 10**8
