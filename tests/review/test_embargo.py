"""공개 예약 (embargo): a change or a draft approved for a 공개 시각 is on no public surface before
that minute, and on every one from it, with nobody acting: the first request after the minute
applies it, whatever page it asks for, and the page cache never answers the page from before.
Feeds and the public history date the change at its 공개 시각 (issue 19)."""

import datetime as dt
import re

import pytest
import time_machine
from django.urls import reverse

from gyeongju.core.dates import SEOUL
from gyeongju.programs.models import Program
from gyeongju.review.models import Revision
from tests.adminkit import admin_form_id, form_data, visible_text
from tests.public import HX, Visitor

pytestmark = pytest.mark.django_db

SLUG = "vehicle-materials-molding"
PAGE = f"/programs/{SLUG}/"
# The same day as the 보도 시점: pages that say what is late as of today are new pages each day
# (decision 0014), so "nothing moved before the minute" is a claim about one day's pages.
NOW = dt.datetime(2026, 3, 3, 8, 0, tzinfo=SEOUL)
EMBARGO = dt.datetime(2026, 3, 3, 10, 0, tzinfo=SEOUL)  # 보도 시점: 3월 3일 10:00
SURFACES = [
    "/",
    PAGE,
    f"{PAGE}history/",
    f"{PAGE}embed/",
    "/programs/",
    "/programs/?q=성형",
    "/funding/",
    "/funding/national/",
    "/data/programs.csv",
    "/feeds/updates/",
    f"/feeds/programs/{SLUG}/",
    "/sitemap-programs.xml",
    f"/api/v1/programs/{SLUG}/",
    "/api/v1/programs/?q=성형",
    "/api/v1/funding/",
    f"{PAGE}?as_of=2026-03-03",
    f"{PAGE}og.png",
    f"/oembed/?url=https://testserver{PAGE}",
    "/programs/download.json?q=성형",
    "/facilities/vehicle-materials-molding-center/",
    ("/programs/?q=성형", "results"),  # the explorer's htmx partial, for its HX-Target
]
# Surfaces that do not show the total cost: the test shows they do not move before the minute.
# (oEmbed gives the title and the embed's address; the embed itself is among the surfaces.)
WITHOUT_THE_COST = {
    "/sitemap-programs.xml",
    "/feeds/updates/",
    f"/oembed/?url=https://testserver{PAGE}",
}
GENERATED = re.compile(rb'"generated_at": "[^"]*"')


def surfaces(visitor=None) -> dict:
    visitor = visitor or Visitor()
    pages = {}
    for surface in SURFACES:
        url, target = surface if isinstance(surface, tuple) else (surface, None)
        response = visitor.get(url, headers={**HX, "HX-Target": target} if target else {})
        assert response.status_code == 200, (url, response.status_code)
        body = response.body if response.streaming else response.content
        pages[surface] = GENERATED.sub(b"", body)
    return pages


def schedule(approver, program, changes):
    client = Visitor(approver)
    url = reverse("admin:programs_program_change", args=[program.pk])
    page = client.get(url)
    data = form_data(page, admin_form_id(Program), {**changes, "publish_at": "2026-03-03T10:00"})
    response = client.post(url, data)
    assert response.status_code == 302, visible_text(response)[:1000]
    return Revision.objects.get(status=Revision.Status.SCHEDULED)


@pytest.fixture
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def test_a_scheduled_change_shows_everywhere_from_its_minute(seed, approver, clock):
    program = Program.private_objects.get(slug=SLUG)
    before = surfaces()  # stored in the page cache, as a busy site has them
    revision = schedule(
        approver, program, {"total_cost": "310억", "change_reason": "보도자료 반영"}
    )
    assert revision.publish_at == EMBARGO and revision.reviewer == approver

    clock.move_to(EMBARGO - dt.timedelta(seconds=1))
    assert surfaces() == before, "a surface changed before the 공개 시각"
    assert Program.private_objects.get(slug=SLUG).total_cost != 310 * 10**8

    clock.move_to(EMBARGO + dt.timedelta(seconds=1))
    after = surfaces()
    for url in SURFACES:
        if url not in WITHOUT_THE_COST:
            assert after[url] != before[url], f"{url} still shows the page from before the minute"
    assert "310억원" in after[PAGE].decode()
    revision.refresh_from_db()
    assert revision.status == Revision.Status.PUBLISHED
    # Dated at its 공개 시각, in the history and the feeds.
    record = Program.history.filter(id=program.pk).latest("history_date")
    assert record.history_date == EMBARGO
    assert "2026. 3. 3. 10:00" in visible_text(Visitor().get(f"{PAGE}history/"))
    assert (
        "<updated>2026-03-03T01:00:00+00:00</updated>" in after[f"/feeds/programs/{SLUG}/"].decode()
    )


def test_the_page_cache_never_answers_the_page_from_before_the_minute(seed, approver, clock):
    program = Program.private_objects.get(slug=SLUG)
    visitor = Visitor()
    visitor.get(PAGE)
    assert visitor.get(PAGE)["X-Page-Cache"] == "hit"
    schedule(approver, program, {"summary": "3월 3일 10시에 공개되는 요약"})
    assert visitor.get(PAGE)["X-Page-Cache"] == "hit"
    clock.move_to(EMBARGO)
    response = visitor.get(PAGE)
    assert response["X-Page-Cache"] != "hit"
    assert "3월 3일 10시에 공개되는 요약" in response.content.decode()


def test_a_draft_scheduled_for_publication_is_nowhere_until_its_minute(seed, approver, clock):
    draft = Program.private_objects.create(
        name="수소 연료전지 실증 사업",
        slug="hydrogen-fuel-cell",
        summary="3월 3일 보도자료와 함께 공개합니다.",
        category=Program.private_objects.get(slug=SLUG).category,
    )
    schedule(approver, draft, {"publication_state": "published"})
    hidden = ["/programs/hydrogen-fuel-cell/", "/programs/?q=수소", "/sitemap-programs.xml"]
    clock.move_to(EMBARGO - dt.timedelta(minutes=1))
    assert Visitor().get(hidden[0]).status_code == 404
    assert "수소 연료전지" not in Visitor().get(hidden[1]).content.decode()
    clock.move_to(EMBARGO + dt.timedelta(minutes=1))
    assert Visitor().get(hidden[0]).status_code == 200
    assert "수소 연료전지" in Visitor().get(hidden[1]).content.decode()
    assert "hydrogen-fuel-cell" in Visitor().get(hidden[2]).content.decode()


def test_any_request_runs_what_is_due_even_a_download(seed, approver, clock):
    """Every surface: a download is not page-cached, yet shows the change from the minute."""
    program = Program.private_objects.get(slug=SLUG)
    schedule(approver, program, {"total_cost": "310억", "change_reason": "보도자료 반영"})
    clock.move_to(EMBARGO)
    csv = Visitor().get("/programs/download.csv?q=성형").body.decode("utf-8-sig")
    assert "31000000000" in csv


def test_an_editor_asks_for_a_time_and_the_approver_keeps_it(seed, editor, approver, clock):
    client = Visitor(editor)
    program = Program.private_objects.get(slug=SLUG)
    url = reverse("admin:programs_program_change", args=[program.pk])
    data = form_data(
        client.get(url),
        admin_form_id(Program),
        {"summary": "예약 공개 요약", "publish_at": "2026-03-03T10:00"},
    )
    assert client.post(url, data).status_code == 302
    revision = Revision.objects.get()
    assert revision.status == Revision.Status.PENDING and revision.publish_at == EMBARGO
    page = Visitor(approver).get(revision.get_absolute_url())
    assert 'value="2026-03-03T10:00"' in page.content.decode()
    Visitor(approver).post(
        reverse("admin:review_approve", args=[revision.pk]), {"publish_at": "2026-03-03T10:00"}
    )
    revision.refresh_from_db()
    assert revision.status == Revision.Status.SCHEDULED
    assert "예약 공개 요약" not in Visitor().get(PAGE).content.decode()
    clock.move_to(EMBARGO)
    assert "예약 공개 요약" in Visitor().get(PAGE).content.decode()


def test_a_time_in_the_past_is_refused_in_korean(seed, approver, clock):
    program = Program.private_objects.get(slug=SLUG)
    client = Visitor(approver)
    url = reverse("admin:programs_program_change", args=[program.pk])
    data = form_data(client.get(url), admin_form_id(Program), {"publish_at": "2026-03-01T10:00"})
    response = client.post(url, data)
    assert response.status_code == 200
    assert "공개 예약 시각은 지금보다 뒤여야 합니다" in visible_text(response)
