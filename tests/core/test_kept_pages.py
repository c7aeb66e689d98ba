"""Program pages are rendered once per program version and kept in the database (StoredPage):
rendered when an edit commits, found by every app server and after a restart, never stale."""

import pytest
from django.core.cache import cache
from django.core.management import call_command

from gyeongju.core import page_cache
from gyeongju.core.models import StoredPage
from gyeongju.programs.models import Program
from tests.factories import EOK

pytestmark = pytest.mark.django_db

MOLDING = "/programs/vehicle-materials-molding/"


def kept(path):
    return StoredPage.objects.filter(path=path).first()


def test_an_edit_renders_the_page_when_it_commits(web, seed, django_capture_on_commit_callbacks):
    program = Program.public_objects.get(slug="vehicle-materials-molding")
    with django_capture_on_commit_callbacks(execute=True):
        program.total_cost = 310 * EOK
        program.save()
    program.refresh_from_db()
    page = kept(MOLDING)
    assert page is not None and page.stamp.startswith(f"program{program.pk}v{program.version}.")
    cache.clear()  # another app server, or this one after a restart
    response = web.get(MOLDING)
    assert response["X-Page-Cache"] == "kept"
    assert "310억원" in response.content.decode()
    cache.clear()
    StoredPage.objects.all().delete()
    fresh = web.get(MOLDING)
    assert fresh["X-Page-Cache"] == "miss"
    assert fresh.content == response.content  # byte for byte what a render gives


def test_a_kept_page_of_an_older_version_is_never_served(web, seed):
    assert web.get(MOLDING)["X-Page-Cache"] == "miss"
    program = Program.public_objects.get(slug="vehicle-materials-molding")
    program.total_cost = 320 * EOK
    program.save()  # its commit callbacks do not run here: the kept page is now stale
    cache.clear()
    response = web.get(MOLDING)
    assert response["X-Page-Cache"] == "miss"
    assert "320억원" in response.content.decode()


def test_a_page_kept_by_other_code_is_never_served(web, seed, monkeypatch):
    web.get(MOLDING)
    cache.clear()
    monkeypatch.setattr(page_cache, "release", lambda: "a-later-release")
    assert web.get(MOLDING)["X-Page-Cache"] == "miss"


def test_only_the_plain_published_page_is_kept(web, seed):
    web.get(f"{MOLDING}?as_of=2020-12-20")
    web.get("/programs/?q=탄소")
    web.get("/")
    assert not StoredPage.objects.exists()
    web.get(MOLDING)
    assert list(StoredPage.objects.values_list("path", flat=True)) == [MOLDING]


def test_render_pages_keeps_every_published_program_page(seed):
    call_command("render_pages", verbosity=0)
    published = {p.get_absolute_url() for p in Program.public_objects.all()}
    assert set(StoredPage.objects.values_list("path", flat=True)) == published
    assert not any("draft" in path for path in published)


def test_pages_are_rendered_on_commit_when_the_canonical_host_is_another(
    seed, settings, django_capture_on_commit_callbacks
):
    """Behind a proxy the app server may not answer to SITE_URL's host: the render asks for a
    host it does answer to (the page is the same: its absolute URLs come from SITE_URL)."""
    settings.SITE_URL = "https://invest.gyeongju.example"
    settings.ALLOWED_HOSTS = ["127.0.0.1"]
    program = Program.public_objects.get(slug="vehicle-materials-molding")
    with django_capture_on_commit_callbacks(execute=True):
        program.summary = "바뀐 요약"
        program.save()
    assert kept(MOLDING) is not None
