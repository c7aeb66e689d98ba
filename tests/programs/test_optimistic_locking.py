"""No lost updates: a program saved from a stale admin form is refused with a clear Korean message,
whatever the stale form or the newer save touched (program fields, inline rows, both), and two
saves racing on PostgreSQL cannot both win."""

import threading
import time
from unittest import mock

import pytest
from django.db import connection
from django.urls import reverse

from gyeongju.funding.models import Funding
from gyeongju.programs.models import Program
from gyeongju.staff.admin.programs import CONFLICT_MESSAGE, ProgramAdmin
from tests.adminkit import admin_form_id, form_data, visible_text
from tests.factories import EOK, FundingFactory, OutcomeFactory, ProgramFactory, staff_user
from tests.public import Visitor

FORM = admin_form_id(Program)


@pytest.fixture(autouse=True)
def fast_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def program(db):
    program = ProgramFactory(
        name="AI 기반 BMS 산업 생태계 구축",
        slug="ai-bms",
        start_year=2021,
        end_year=2023,
        total_cost=450 * EOK,
    )
    FundingFactory(program=program, kind="national", amount=200 * EOK)
    OutcomeFactory(program=program)
    return program


@pytest.fixture
def two_staff(db):
    """Two staff members, each in their own browser."""
    return (
        Visitor(staff_user("minji", superuser=True)),
        Visitor(staff_user("seojun", superuser=True)),
    )


def change_url(program):
    return reverse("admin:programs_program_change", args=[program.pk])


def state(program):
    """Everything a save could change: the row, its inline rows and the history."""
    row = Program.private_objects.values().get(pk=program.pk)
    row.pop("search_text", None)
    return {
        "program": row,
        "funding": list(
            Funding.private_objects.filter(program=program)
            .order_by("pk")
            .values("kind", "amount", "note")
        ),
        "outcomes": list(program.outcomes.order_by("pk").values("label", "value", "note")),
        "history": (
            Program.history.filter(id=program.pk).count(),
            Funding.history.filter(program_id=program.pk).count(),
        ),
    }


def assert_conflict(response, program, before):
    assert response.status_code == 200, "a stale save re-shows the form, it does not redirect"
    assert CONFLICT_MESSAGE in visible_text(response)
    assert state(program) == before, "a stale form must not change anything"


# Which save came first, and what it touched ---------------------------------------------------

NEWER_SAVES = {
    "program field": {"name": "AI 배터리 관리 시스템 생태계 구축"},
    "money with reason": {"total_cost": "460억", "change_reason": "추경 반영"},
    "inline funding row only": {"funding-0-amount": "210억", "change_reason": "국비 추가 확보"},
    "inline outcome row only": {"outcomes-0-note": "2020. 12. 기준 실적"},
    "inline row deleted": {"funding-0-DELETE": "on", "change_reason": "국비 미확보"},
}
STALE_SAVES = {
    "program field": {"summary": "오래된 화면에서 고친 요약"},
    "inline funding row only": {"funding-0-amount": "190억", "change_reason": "오래된 화면"},
    "inline outcome row only": {"outcomes-0-note": "오래된 화면의 메모"},
    "nothing changed (just 저장)": {},
    "new inline row": {
        "funding-TOTAL_FORMS": "2",
        "funding-1-kind": "city",
        "funding-1-amount": "10억",
        "change_reason": "시비 추가",
    },
}


PAIRS = [
    ("program field", "program field"),
    ("program field", "inline funding row only"),
    ("money with reason", "nothing changed (just 저장)"),
    ("money with reason", "new inline row"),
    ("inline funding row only", "program field"),
    ("inline funding row only", "inline funding row only"),
    ("inline outcome row only", "inline outcome row only"),
    ("inline outcome row only", "nothing changed (just 저장)"),
    ("inline row deleted", "program field"),
    ("inline row deleted", "inline funding row only"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("newer", "stale"),
    [(NEWER_SAVES[n], STALE_SAVES[s]) for n, s in PAIRS],
    ids=[f"newer {n} - stale {s}" for n, s in PAIRS],
)
def test_a_save_from_a_stale_form_is_refused_whatever_either_touched(
    two_staff, program, newer, stale
):
    first, second = two_staff
    first_page = first.get(change_url(program))
    second_page = second.get(change_url(program))  # both open the same version

    initial = state(program)
    saved = first.post(change_url(program), form_data(first_page, FORM, newer))
    assert saved.status_code == 302, visible_text(saved)[:2000]
    before = state(program)
    assert before != initial, "the newer save really changed something"

    stale_data = form_data(second_page, FORM, stale)
    if "funding-1-kind" in stale:
        stale_data.setdefault("funding-1-id", "")
        stale_data.setdefault("funding-1-program", str(program.pk))
    assert_conflict(second.post(change_url(program), stale_data), program, before)


@pytest.mark.django_db
def test_the_same_person_in_two_tabs_is_protected_too(program):
    client = Visitor(staff_user("minji", superuser=True))
    tab_one = client.get(change_url(program))
    tab_two = client.get(change_url(program))
    assert (
        client.post(
            change_url(program), form_data(tab_one, FORM, {"name": "첫 번째 탭"})
        ).status_code
        == 302
    )
    before = state(program)
    response = client.post(change_url(program), form_data(tab_two, FORM, {"name": "두 번째 탭"}))
    assert_conflict(response, program, before)


@pytest.mark.django_db
@pytest.mark.parametrize("version", [None, "", "0", "999999", "abc"])
def test_a_post_without_the_version_it_edits_is_refused(two_staff, program, version):
    """A crafted or truncated POST cannot skip the check."""
    client, _ = two_staff
    page = client.get(change_url(program))
    before = state(program)
    data = form_data(page, FORM, {"name": "버전 없는 저장"})
    if version is None:
        data.pop("edit_version")
    else:
        data["edit_version"] = version
    response = client.post(change_url(program), data)
    assert response.status_code == 200
    assert state(program) == before
    assert "버전 없는 저장" not in Program.private_objects.values_list("name", flat=True)


@pytest.mark.django_db
def test_a_save_made_outside_the_admin_also_makes_open_forms_stale(two_staff, program):
    """An import, a restore or a script saves the model: open forms must see it."""
    client, _ = two_staff
    page = client.get(change_url(program))
    program.refresh_from_db()
    program.total_cost = 470 * EOK
    program._change_reason = "엑셀 가져오기"
    program.save()
    before = state(program)
    response = client.post(change_url(program), form_data(page, FORM, {"name": "덮어쓰기 시도"}))
    assert_conflict(response, program, before)
    assert Program.private_objects.get(pk=program.pk).total_cost == 470 * EOK


@pytest.mark.django_db
def test_the_conflict_keeps_what_the_stale_form_typed_and_a_reload_saves(two_staff, program):
    first, second = two_staff
    second_page = second.get(change_url(program))
    first.post(
        change_url(program), form_data(first.get(change_url(program)), FORM, {"name": "먼저 저장"})
    )
    refused = second.post(
        change_url(program), form_data(second_page, FORM, {"summary": "나중에 쓴 요약"})
    )
    assert CONFLICT_MESSAGE in visible_text(refused)
    assert "나중에 쓴 요약" in refused.content.decode()  # nothing the person typed is thrown away
    # Resubmitting the same stale form is still refused…
    again = second.post(change_url(program), form_data(refused, FORM))
    assert CONFLICT_MESSAGE in visible_text(again)
    # …a reloaded form saves, and keeps the first person's change.
    saved = second.post(
        change_url(program),
        form_data(second.get(change_url(program)), FORM, {"summary": "나중에 쓴 요약"}),
    )
    assert saved.status_code == 302
    program.refresh_from_db()
    assert (program.name, program.summary) == ("먼저 저장", "나중에 쓴 요약")


@pytest.mark.django_db
def test_consecutive_saves_by_one_person_need_no_reload(two_staff, program):
    """After a successful save the form shows the new version: no false conflicts."""
    client, _ = two_staff
    for number in range(3):
        page = client.get(change_url(program))
        response = client.post(
            change_url(program),
            form_data(page, FORM, {"name": f"연속 저장 {number}", "_continue": "1"}),
        )
        assert response.status_code == 302, number
    assert Program.private_objects.get(pk=program.pk).name == "연속 저장 2"


# Two saves racing, on PostgreSQL --------------------------------------------------------------

RACES = {
    "field vs field": ({"name": "첫 번째 직원의 이름"}, {"name": "두 번째 직원의 이름"}),
    "field vs inline row": (
        {"total_cost": "500억", "change_reason": "사업비 증액"},
        {"funding-0-amount": "250억", "change_reason": "국비 증액"},
    ),
    "inline vs inline": (
        {"funding-0-amount": "220억", "change_reason": "국비 1차 조정"},
        {"outcomes-0-note": "동시에 쓴 메모"},
    ),
}


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("edits", RACES.values(), ids=RACES.keys())
def test_two_saves_at_the_same_moment_cannot_both_win(program, edits):
    """Both staff press 저장 at once from the same version. Saving is slowed down so the two
    requests overlap for sure; the row lock taken in the form's clean() lets one through and the
    other, once it gets the lock, sees the new version and is refused."""
    clients = [
        Visitor(staff_user("minji", superuser=True)),
        Visitor(staff_user("seojun", superuser=True)),
    ]
    posts = [
        form_data(client.get(change_url(program)), FORM, edit)
        for client, edit in zip(clients, edits, strict=True)
    ]
    history_before = Program.history.filter(id=program.pk).count()
    start = threading.Barrier(2, timeout=30)
    responses = [None, None]
    errors = []
    original_save_model = ProgramAdmin.save_model

    def slow_save_model(self, request, obj, form, change):
        time.sleep(0.5)  # the other request arrives while this one is saving
        original_save_model(self, request, obj, form, change)

    def submit(index):
        try:
            start.wait()
            responses[index] = clients[index].post(change_url(program), posts[index])
        except Exception as error:  # reported below, not lost in the thread
            errors.append(error)
        finally:
            connection.close()

    with mock.patch.object(ProgramAdmin, "save_model", slow_save_model):
        threads = [threading.Thread(target=submit, args=(i,)) for i in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
    assert not errors, errors
    statuses = sorted(response.status_code for response in responses)
    assert statuses == [200, 302], "exactly one save wins"
    winner = 0 if responses[0].status_code == 302 else 1
    loser = 1 - winner
    assert CONFLICT_MESSAGE in visible_text(responses[loser])

    program.refresh_from_db()
    funding = Funding.private_objects.get(program=program, kind="national")
    outcome = program.outcomes.get()
    expected = edits[winner]
    actual = {
        "name": program.name,
        "total_cost": f"{program.total_cost // EOK}억",
        "funding-0-amount": f"{funding.amount // EOK}억",
        "outcomes-0-note": outcome.note,
    }
    for field, value in expected.items():
        if field in actual:
            assert actual[field] == value, field
    for field, value in edits[loser].items():
        if field in actual and field not in expected:
            assert actual[field] != value, f"the refused save still changed {field}"
    # One save, one history entry for the program (the winner's), none for the refused one.
    assert Program.history.filter(id=program.pk).count() == history_before + 1
