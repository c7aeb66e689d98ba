"""자료 오류 신고: the form on program, facility, organisation and place pages; a report is stored
with its page and record, works without JavaScript and with htmx, keeps what was typed on an
error, refuses the honeypot and a flood from one address in Korean, is never public, tells the
reporter the outcome, and forgets the e-mail after the stated retention period."""

import datetime as dt

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from gyeongju.reports.models import ErrorReport
from tests.html import parse
from tests.public import full_page

pytestmark = pytest.mark.django_db

PROGRAM = "/programs/proton-ion-beam-rnd-center/"
HX = {"HX-Request": "true", "HX-Target": "reportform", "HX-Current-URL": "https://testserver/"}


def report(web, **fields):
    data = {
        "message": "총사업비가 보도자료와 다릅니다.",
        "email": "",
        "website": "",
        "kind": "program",
        "object_id": "10",
        "page": PROGRAM,
        **fields,
    }
    return web.post("/reports/", data, **{"headers": fields.pop("headers", {})})


@pytest.mark.parametrize(
    "url",
    [
        PROGRAM,
        "/facilities/vehicle-materials-molding-center/",
        "/organisations/proton-science-institute/",
        "/places/oedong-eup/",
    ],
)
def test_every_record_page_has_the_form_with_the_privacy_notice(web, seed, url):
    doc = full_page(web.get(url), None)
    section = doc.find("section", id="reportform")
    form = section.find("form")
    assert form.attrs["method"] == "post" and form.attrs["action"] == "/reports/"
    assert form.attrs["data-hx-post"] == "/reports/"
    hidden = {i.attrs["name"]: i.attrs.get("value") for i in form.find_all("input", type="hidden")}
    assert hidden["page"] == url
    notice = section.find(id="report-privacy").clean_text
    for words in ("수집 항목", "목적", "보유 기간", "180일"):
        assert words in notice
    assert "/privacy/" in section.links()


def test_a_report_without_javascript_is_stored_and_thanked(web, seed):
    response = report(web, email="citizen@example.kr")
    assert response.status_code == 302
    assert (
        response["Location"] == "/reports/thanks/?page=%2Fprograms%2Fproton-ion-beam-rnd-center%2F"
    )
    stored = ErrorReport.objects.get()
    assert stored.program.slug == "proton-ion-beam-rnd-center"
    assert stored.page_url == PROGRAM and stored.record_name.startswith("양성자 이온빔")
    assert stored.status == ErrorReport.Status.RECEIVED and stored.email == "citizen@example.kr"
    thanks = web.get(response["Location"])
    assert thanks["Cache-Control"].startswith("max-age=0") or "no-cache" in thanks["Cache-Control"]
    doc = full_page(thanks, "자료 오류 신고 접수")
    assert "신고가 접수되었습니다" in doc.clean_text
    assert PROGRAM in doc.links()


def test_with_htmx_the_region_is_swapped_in_place(web, seed):
    response = report(web, headers=HX)
    assert response.status_code == 200
    assert b"<html" not in response.content
    doc = parse(response)
    assert doc.find("section", id="reportform") is not None
    assert "신고가 접수되었습니다" in doc.clean_text
    assert ErrorReport.objects.count() == 1


def test_a_report_about_every_kind_of_record_names_it(web, seed):
    from gyeongju.facilities.models import Facility
    from gyeongju.organisations.models import Organisation
    from gyeongju.places.models import Place

    for kind, model, slug in (
        ("facility", Facility, "bms-infrastructure"),
        ("organisation", Organisation, "kotra"),
        ("place", Place, "oedong-eup"),
    ):
        record = model.private_objects.get(slug=slug)
        report(web, kind=kind, object_id=str(record.pk), page=record.get_absolute_url())
        assert getattr(ErrorReport.objects.latest("pk"), kind) == record


def test_validation_errors_keep_the_typed_text_with_a_korean_message(web, seed):
    response = report(web, message="짧음", email="not-an-email")
    assert response.status_code == 400
    doc = parse(response)
    assert "자세히 적어 주세요" in doc.clean_text and "전자우편 주소 형식" in doc.clean_text
    assert doc.find("textarea", id="report-message").text == "짧음"
    assert doc.find("input", id="report-email").attrs["value"] == "not-an-email"
    assert ErrorReport.objects.count() == 0


def test_the_honeypot_is_refused(web, seed):
    response = report(web, website="http://spam.example")
    assert response.status_code == 400
    assert "비워 두세요" in parse(response).clean_text
    assert ErrorReport.objects.count() == 0


def test_a_flood_from_one_address_is_refused_in_korean_with_429(web, seed, settings):
    settings.REPORTS_PER_HOUR = 2
    assert report(web).status_code == 302
    assert report(web).status_code == 302
    response = report(web, message="세 번째 신고 내용입니다.")
    assert response.status_code == 429
    doc = parse(response)
    assert "1시간 뒤에 다시" in doc.clean_text
    assert doc.find("textarea", id="report-message").text == "세 번째 신고 내용입니다."
    assert ErrorReport.objects.count() == 2
    # Another address is still heard.
    other = web.post(
        "/reports/",
        {"message": "다른 곳에서 보낸 신고입니다.", "page": PROGRAM},
        REMOTE_ADDR="10.0.0.9",
    )
    assert other.status_code == 302


def test_the_limit_counts_the_client_behind_a_trusted_proxy(web, seed, settings):
    settings.REPORTS_PER_HOUR = 1
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    first = {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "203.0.113.5"}
    second = {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "203.0.113.6"}
    data = {"message": "프록시 뒤의 신고입니다.", "page": PROGRAM}
    assert web.post("/reports/", data, **first).status_code == 302
    assert web.post("/reports/", data, **second).status_code == 302
    assert web.post("/reports/", data, **first).status_code == 429


def test_a_cross_site_post_is_refused(web, seed):
    response = web.post(
        "/reports/",
        {"message": "다른 사이트에서 온 신고", "page": PROGRAM},
        headers={"Origin": "https://evil.example"},
    )
    assert response.status_code == 403
    assert ErrorReport.objects.count() == 0


def test_a_record_that_is_not_public_is_not_linked_but_the_report_is_kept(web, seed):
    from tests.factories import ProgramFactory

    draft = ProgramFactory(publication_state="draft")
    assert report(web, object_id=str(draft.pk), page="//evil.example/").status_code == 302
    stored = ErrorReport.objects.get()
    assert stored.program is None and stored.record_name == "" and stored.page_url == "/"


def test_reports_are_never_public(web, seed):
    report(web, message="비밀스러운 신고 내용입니다.", email="citizen@example.kr")
    for url in (PROGRAM, "/", "/sitemap.xml", "/data/", "/feeds/updates/"):
        assert b"citizen@example.kr" not in web.get(url).content
    assert web.get("/reports/").status_code == 405


def test_get_on_the_report_url_is_not_allowed(web):
    assert web.get("/reports/").status_code == 405


def test_purge_erases_old_emails_and_old_reports(seed):
    old = ErrorReport.objects.create(page_url=PROGRAM, message="오래된 신고", email="a@example.kr")
    recent = ErrorReport.objects.create(page_url=PROGRAM, message="최근 신고", email="b@example.kr")
    ancient = ErrorReport.objects.create(page_url=PROGRAM, message="아주 오래된 신고")
    now = timezone.now()
    ErrorReport.objects.filter(pk=old.pk).update(created_at=now - dt.timedelta(days=181))
    ErrorReport.objects.filter(pk=ancient.pk).update(created_at=now - dt.timedelta(days=1096))
    call_command("purge_report_emails", verbosity=0)
    old.refresh_from_db()
    recent.refresh_from_db()
    assert old.email == "" and old.email_erased_at is not None and old.message == "오래된 신고"
    assert recent.email == "b@example.kr"
    assert not ErrorReport.objects.filter(pk=ancient.pk).exists()


def test_the_privacy_page_states_what_the_form_says(web):
    text = parse(web.get("/privacy/")).clean_text
    assert "자료 오류 신고" in text
    for words in ("수집 항목", "목적", "보유 기간", "180일", "1095일", "시민 제보 반영"):
        assert words in text


def test_retention_ends_on_time_with_no_cron(web, seed, django_capture_on_commit_callbacks):
    """The purge is scheduled work: the first request after a retention ends, whatever it asks
    for, erases the e-mail (then, later, the report), as the privacy page promises, even where
    no one installed the cron line."""
    with time_machine.travel(dt.datetime(2026, 1, 5, 9, 0, tzinfo=dt.UTC), tick=False) as clock:
        with django_capture_on_commit_callbacks(execute=True):
            assert report(web, email="citizen@example.kr").status_code == 302
        created = ErrorReport.objects.get().created_at

        clock.move_to(created + dt.timedelta(days=180, minutes=-1))
        assert web.get("/").status_code == 200
        assert ErrorReport.objects.get().email == "citizen@example.kr"

        clock.move_to(created + dt.timedelta(days=180, minutes=1))
        assert web.get("/programs/").status_code == 200
        kept = ErrorReport.objects.get()
        assert kept.email == "" and kept.email_erased_at is not None
        assert kept.message == "총사업비가 보도자료와 다릅니다."

        clock.move_to(created + dt.timedelta(days=1095, minutes=1))
        assert web.get("/funding/").status_code == 200
        assert not ErrorReport.objects.exists()
