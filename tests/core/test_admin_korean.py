"""The staff admin speaks Korean: every registered model's list, add and change pages, amounts as
290억원, and the pages django-simple-history and django-import-export add (project translations in
locale/ko, since those packages ship none or an incomplete one)."""

import json
import re

import pytest
from django.conf import settings
from django.contrib import admin
from django.urls import reverse
from django.utils import timezone

from gyeongju.programs.models import Program
from tests.adminkit import (
    SITE_HEADER,
    fast_password_hashing,  # noqa: F401 -- a fixture
    visible_text,
)
from tests.factories import staff_user
from tests.public import Visitor

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_password_hashing")]

HANGUL = re.compile(r"[가-힣]")
LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z0-9&_-]*")
# Technical words a Korean admin may show: the slug label "주소(slug)", IDs, the staff username,
# the key to hold for choosing several.
TECHNICAL = {"slug", "ID", "root", "IP", "HTTP", "GET", "POST", "Ctrl"}
# What the lockout records hold: a username, a browser's name, and the "<unknown>" django-axes
# stores for a login that sent none (the test client's).
LOGIN_RECORD_WORDS = {"intruder", "curl", "unknown"}


@pytest.fixture
def root(seed):
    return staff_user("root", superuser=True)


@pytest.fixture
def every_model_has_a_row(root):
    """The seed has the portfolio; add a row for the models it does not fill."""
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog
    from django.contrib.contenttypes.models import ContentType

    from gyeongju.core.models import SlugRedirect
    from gyeongju.progress.models import Execution
    from gyeongju.review.models import Revision
    from gyeongju.review.records import PROGRAM, snapshot

    now = timezone.now()
    who = {"username": "intruder", "ip_address": "127.0.0.1", "user_agent": "curl"}
    AccessAttempt.objects.create(attempt_time=now, failures_since_start=1, **who)
    AccessLog.objects.create(attempt_time=now, **who)
    AccessFailureLog.objects.create(attempt_time=now, **who)
    SlugRedirect.objects.create(kind="program", old_slug="old-molding", object_id=1)
    program = Program.public_objects.order_by("pk").first()
    # The seed states no execution (decision 0014): one as staff would enter it.
    Execution.private_objects.create(
        program=program,
        fiscal_year=2021,
        amount=12 * 10**8,
        as_of=timezone.localdate().replace(year=2021, month=12, day=31),
        source=program.cost_source,
    )
    before = snapshot(PROGRAM, program.pk)
    after = {**before, "fields": {**before["fields"], "lead_department": "투자유치과"}}
    Revision.objects.create(
        content_type=ContentType.objects.get_for_model(Program),
        object_id=program.pk,
        title=program.name,
        before=before,
        after=after,
        editor=root,
        reason="담당 부서 확인",
    )
    from gyeongju.reports.models import ErrorReport

    ErrorReport.objects.create(
        page_url=program.get_absolute_url(),
        program=program,
        record_name=program.name,
        message="총사업비가 보도자료와 다릅니다.",
        email="citizen@example.kr",
    )


def data_words():
    """Latin words the data itself contains: acronyms in the article (BMS, R&D, KOTRA) and slugs."""
    from gyeongju.core.models import SlugRedirect

    text = (settings.BASE_DIR / "fixtures" / "portfolio.json").read_text(encoding="utf-8")
    acronyms = {w for w in LATIN_WORD.findall(text) if w.isupper() or w == "R&D"}
    slugs = {entry["fields"]["slug"] for entry in json.loads(text) if "slug" in entry["fields"]}
    from gyeongju.reports.models import ErrorReport

    # What citizens typed into an error report (an e-mail address) and the page it came from.
    reported = {
        word
        for row in ErrorReport.objects.values_list("page_url", "email")
        for word in LATIN_WORD.findall(" ".join(row))
    }
    return (
        acronyms | slugs | reported | set(SlugRedirect.objects.values_list("old_slug", flat=True))
    )


def admin_pages():
    """Every registered model's list, add and change page."""
    pages = []
    for model in admin.site._registry:
        for view in ("changelist", "add", "change"):
            pages.append(pytest.param(model, view, id=f"{model._meta.label}-{view}"))
    return pages


def url_of(model, view):
    name = f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}"
    if view == "change":
        return reverse(name, args=[model._default_manager.order_by("pk").first().pk])
    return reverse(name)


@pytest.mark.parametrize(("model", "view"), admin_pages())
def test_every_admin_page_answers_in_korean(root, every_model_has_a_row, model, view):
    model_admin = admin.site._registry[model]
    client = Visitor(root)

    response = client.get(url_of(model, view))

    if view == "add" and not model_admin.has_add_permission(response.wsgi_request):
        assert response.status_code == 403  # records made by the system only (logins, redirects)
        return
    assert response.status_code == 200
    text = visible_text(response)
    assert SITE_HEADER in text
    name = model._meta.verbose_name_plural if view == "changelist" else model._meta.verbose_name
    assert HANGUL.search(str(name)), f"{model._meta.label} has no Korean name: {name}"
    assert str(name) in text
    english = set(LATIN_WORD.findall(text)) - TECHNICAL - data_words() - LOGIN_RECORD_WORDS
    english -= password_summary_words(model, view)
    assert not english, f"English words on {response.request['PATH_INFO']}: {english}"


def password_summary_words(model, view) -> set[str]:
    """A user's page shows the password's hasher and the start of its salt: data, not language."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import identify_hasher

    if model is not get_user_model() or view != "change":
        return set()
    user = model._default_manager.order_by("pk").first()
    summary = identify_hasher(user.password).safe_summary(user.password)
    return {word for value in summary.values() for word in LATIN_WORD.findall(str(value))}


def test_the_admin_index_lists_every_section_in_korean(root):
    text = visible_text(Visitor(root).get(reverse("admin:index")))

    assert SITE_HEADER in text
    for section in ["사업", "재원", "시설", "성과", "기관", "출처", "로그인 잠금"]:
        assert section in text
    assert not set(LATIN_WORD.findall(text)) - TECHNICAL


@pytest.mark.parametrize(
    ("model", "shown", "raw"),
    [
        ("programs_program", "290억원", "29000000000"),
        ("funding_funding", "90억원", "9000000000"),
        ("programs_programbudget", "5억3,300만원", "533000000"),
        ("programs_portfolioyear", "334억원", "33400000000"),
        ("outcomes_outcome", "222억원", "22200000000"),
    ],
)
def test_list_pages_show_amounts_the_korean_way(root, model, shown, raw):
    response = Visitor(root).get(reverse(f"admin:{model}_changelist"))

    text = visible_text(response)
    assert shown in text
    assert raw not in text and f"{int(raw):,}" not in text


# django-simple-history's pages -----------------------------------------------------------------

SIMPLE_HISTORY_ENGLISH = [
    "Change history",
    "Choose a date",
    "Object",
    "Date/time",
    "Comment",
    "Changed by",
    "Change reason",
    "Changes",
    "Created",
    "Changed",
    "Revert",
    "Press the",
    "History",
    "None",
    "entries",
]


def edited_program(client):
    program = Program.private_objects.get(slug="vehicle-materials-molding")
    url = reverse("admin:programs_program_change", args=[program.pk])
    from tests.adminkit import form_data

    page = client.get(url)
    response = client.post(
        url,
        form_data(page, "program_form", {"total_cost": "300억", "change_reason": "본예산 확정"}),
    )
    assert response.status_code == 302
    return program


def test_the_change_history_page_is_korean(root):
    client = Visitor(root)
    program = edited_program(client)

    response = client.get(reverse("admin:programs_program_history", args=[program.pk]))

    assert response.status_code == 200
    text = visible_text(response)
    for korean in ["변경 히스토리", "되돌릴 이전 버전의 날짜를", "항목", "날짜/시간", "구분"]:
        assert korean in text
    for korean in [
        "변경한 사람",
        "변경 사유",
        "변경 내용",
        "등록",
        "변경",
        "공개 상태",
        "총사업비",
    ]:
        assert korean in text
    assert "290억원" in text and "300억원" in text and "본예산 확정" in text
    for english in SIMPLE_HISTORY_ENGLISH:
        assert english not in text, english
    assert not set(LATIN_WORD.findall(text)) - TECHNICAL - data_words()


def test_the_restore_page_is_korean(root):
    client = Visitor(root)
    program = edited_program(client)
    first = program.history.earliest()

    response = client.get(
        reverse("admin:programs_program_simple_history", args=[program.pk, first.history_id])
    )

    assert response.status_code == 200
    text = visible_text(response)
    assert "되돌리기" in text
    assert "아래 '되돌리기' 단추를 누르면" in text
    for english in [*SIMPLE_HISTORY_ENGLISH, "Edit version", "Historical", "Programs"]:
        assert english not in text, english
    assert not set(LATIN_WORD.findall(text)) - TECHNICAL - data_words()


@pytest.mark.parametrize("model", ["funding_funding", "facilities_facility", "outcomes_outcome"])
def test_every_history_page_is_korean(root, model):
    from django.apps import apps

    app_label, model_name = model.split("_")
    instance = apps.get_model(app_label, model_name)._default_manager.order_by("pk").first()

    response = Visitor(root).get(reverse(f"admin:{model}_history", args=[instance.pk]))

    assert response.status_code == 200
    text = visible_text(response)
    for english in SIMPLE_HISTORY_ENGLISH:
        assert english not in text, english


# django-import-export's pages ------------------------------------------------------------------


@pytest.mark.parametrize("model", ["programs_program", "funding_funding"])
@pytest.mark.parametrize("view", ["import", "export"])
def test_the_import_and_export_pages_are_korean(root, model, view):
    response = Visitor(root).get(reverse(f"admin:{model}_{view}"))

    assert response.status_code == 200
    text = visible_text(response)
    assert ("가져오기" if view == "import" else "내보내기") in text
    assert "형식" in text
    english = set(LATIN_WORD.findall(text)) - TECHNICAL - data_words()
    # The file formats keep their names.
    assert not english - {"csv", "xlsx", "tsv", "json", "html"}, english


def test_the_changelist_offers_import_and_export_in_korean(root):
    text = visible_text(Visitor(root).get(reverse("admin:programs_program_changelist")))

    assert "가져오기" in text and "내보내기" in text
    assert "Import" not in text and "Export" not in text


def test_the_lockout_message_is_korean():
    from django.utils.translation import gettext, override

    with override("ko"):
        message = gettext("Account locked: too many login attempts. Please try again later.")

    assert message.startswith("계정이 잠겼습니다")


# Permission names and the lockout's records ----------------------------------------------------


def assert_every_permission_is_named_in_korean():
    from django.contrib.auth.models import Permission

    names = list(Permission.objects.values_list("name", flat=True))
    assert len(names) > 100
    assert not [name for name in names if "Can " in name or not HANGUL.search(name)]


def test_every_permission_is_named_in_korean_after_migrate():
    from django.contrib.auth.models import Permission

    assert_every_permission_is_named_in_korean()
    named = dict(Permission.objects.values_list("codename", "name"))
    assert named["add_program"] == "사업 추가"
    assert named["change_funding"] == "재원 변경"
    assert named["delete_accessattempt"] == "로그인 시도 삭제"
    assert named["view_totpdevice"] == "인증 앱 보기"
    assert named["view_historicalprogram"] == "사업 변경 이력 보기"
    assert named["publish_program"] == "사업을 공개하거나 비공개로 전환할 수 있음"


@pytest.mark.django_db(transaction=True)
def test_permissions_stay_korean_after_a_flush_and_a_second_run():
    from django.apps import apps
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from gyeongju.staff.permissions import name_permissions_in_korean
    from tests.factories import restore_staff_groups

    call_command("flush", interactive=False, verbosity=0)
    assert_every_permission_is_named_in_korean()

    with CaptureQueriesContext(connection) as queries:
        for app_config in apps.get_app_configs():
            name_permissions_in_korean(app_config=app_config)
    assert not [q for q in queries if q["sql"].lstrip().upper().startswith("UPDATE")]
    restore_staff_groups()


def test_a_group_lists_its_rights_in_korean(root):
    from django.contrib.auth.models import Group

    editor = Group.objects.get(name="편집자")

    text = visible_text(Visitor(root).get(reverse("admin:auth_group_change", args=[editor.pk])))

    assert "사업 | 사업 | 사업 변경" in text
    assert "로그인 잠금 | 로그인 시도 | 로그인 시도 삭제" in text
    assert "Can " not in text


def test_a_lockout_record_is_titled_in_korean_where_it_is_named(root, every_model_has_a_row):
    from axes.models import AccessAttempt

    attempt = AccessAttempt.objects.get(username="intruder")
    client = Visitor(root)

    change = visible_text(client.get(reverse("admin:axes_accessattempt_change", args=[attempt.pk])))
    delete = visible_text(client.get(reverse("admin:axes_accessattempt_delete", args=[attempt.pk])))
    listed = visible_text(client.get(reverse("admin:axes_accessattempt_changelist")))

    assert "로그인 시도: intruder, 127.0.0.1, " in change
    assert "로그인 시도: intruder, 127.0.0.1, " in delete
    assert "4번 더 시도할 수 있음" in listed and "상태" in listed
    for text in (change, delete, listed):
        assert "Attempted" not in text and "Status" not in text
