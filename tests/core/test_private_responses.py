"""Private responses: whatever is made for a logged-in user (public pages seen by staff, drafts on
their public URL, previews of a pending revision, the admin and its review screens) carries
``Cache-Control: private, no-store``; what anonymous visitors get stays publicly cacheable."""

import pytest
from django.contrib.contenttypes.models import ContentType

from gyeongju.programs.models import Program
from gyeongju.review.models import Revision
from gyeongju.review.records import PROGRAM, snapshot
from tests.adminkit import fast_password_hashing  # noqa: F401
from tests.factories import staff_user
from tests.public import Visitor

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_password_hashing")]

PUBLIC_PAGES = [
    "/",
    "/programs/",
    "/programs/?q=탄소",
    "/programs/vehicle-materials-molding/",
    "/programs/vehicle-materials-molding/history/",
    "/facilities/",
    "/funding/",
    "/outcomes/",
    "/feeds/updates/",
    "/programs/download.csv",
    "/data/",
]


def private(response) -> bool:
    directives = {d.strip() for d in response.get("Cache-Control", "").split(",")}
    return {"private", "no-store"} <= directives and "public" not in directives


@pytest.fixture
def approver(seed):
    return staff_user("approver", group="승인자")


@pytest.fixture
def revision(approver):
    editor = staff_user("editor", group="편집자")
    program = Program.public_objects.get(slug="vehicle-materials-molding")
    before = snapshot(PROGRAM, program.pk)
    after = {**before, "fields": {**before["fields"], "summary": "승인 전의 새 요약"}}
    return Revision.objects.create(
        content_type=ContentType.objects.get_for_model(Program),
        object_id=program.pk,
        title=program.name,
        before=before,
        after=after,
        editor=editor,
        reason="요약 다듬기",
    )


@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_public_pages_made_for_staff_are_private(approver, url):
    response = Visitor(approver).get(url)
    assert response.status_code == 200, url
    assert private(response), response["Cache-Control"]
    assert "Cookie" in response["Vary"]


@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_the_same_pages_for_anonymous_visitors_stay_cacheable(seed, url):
    response = Visitor().get(url)
    assert response.status_code == 200, url
    assert not private(response), response.get("Cache-Control")


def test_a_draft_on_its_public_url_is_private(approver):
    Program.private_objects.filter(slug="vehicle-materials-molding").update(
        publication_state=Program.PublicationState.DRAFT
    )
    staff = Visitor(approver)
    response = staff.get("/programs/vehicle-materials-molding/")
    assert response.status_code == 200
    assert private(response)
    assert Visitor().get("/programs/vehicle-materials-molding/").status_code == 404


def test_a_preview_of_a_pending_revision_is_private(approver, revision):
    staff = Visitor(approver)
    start = staff.post(f"/admin/review/revision/{revision.pk}/preview/")
    assert start.status_code == 302
    page = staff.get("/programs/vehicle-materials-molding/")
    assert "승인 전의 새 요약" in page.content.decode()
    assert private(page)


def test_the_review_screens_and_the_admin_are_private(approver, revision):
    staff = Visitor(approver)
    for url in (
        "/admin/",
        "/admin/review/revision/",
        f"/admin/review/revision/{revision.pk}/change/",
        "/admin/programs/program/",
        "/admin/account/security/",
    ):
        response = staff.get(url)
        assert response.status_code == 200, url
        assert private(response), (url, response["Cache-Control"])


def test_a_half_finished_sign_in_is_private_too(approver):
    half = Visitor()
    half.force_login(approver)  # the password alone: anonymous until the code
    response = half.get("/programs/")
    assert response.status_code == 200
    assert private(response)
