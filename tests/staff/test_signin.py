"""Two-factor sign-in to the admin (gyeongju/staff/signin.py): a password, then a code from an
authenticator app (TOTP, django-otp) or a one-time recovery code; required for 승인자 and superusers,
for 편집자 by STAFF_2FA_REQUIRED; wrong codes count toward the lockout."""

import re
from base64 import b32decode
from datetime import timedelta

import pytest
import time_machine
from axes.models import AccessAttempt
from django.contrib.auth.models import User
from django.core.management import call_command
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from gyeongju.programs.models import Program
from tests.adminkit import fast_password_hashing, form_data, text_of, visible_text  # noqa: F401
from tests.factories import staff_user
from tests.html import parse
from tests.public import Visitor, authenticator_code, inline_code, sign_in

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_password_hashing")]

PASSWORD = "correct horse battery staple"
LOGIN = "/admin/login/?next=/admin/"


def a_moment_later(seconds=5):
    return time_machine.travel(timezone.now() + timedelta(seconds=seconds), tick=True)


def password_step(client, username, password=PASSWORD):
    return client.post(LOGIN, {"username": username, "password": password})


def secret_on(page) -> bytes:
    """The 설정 키 the registration page shows, as the authenticator app takes it."""
    shown = re.search(r"<code>([A-Z2-7 ]+)</code>", page.content.decode()).group(1)
    return b32decode(shown.replace(" ", ""))


def registered(client, username):
    """The first login of an account with no app: password, the registration page, its code.
    Returns the recovery codes page."""
    to_setup = password_step(client, username)
    assert to_setup.status_code == 302 and to_setup["Location"] == "/admin/login/app/"
    page = client.get("/admin/login/app/")
    done = client.post("/admin/login/app/", {"code": f"{totp(secret_on(page)):06d}"})
    assert done.status_code == 302 and done["Location"] == "/admin/login/recovery-codes/"
    return client.get(done["Location"])


def test_createsuperuser_then_the_first_login_walks_through_registering_an_app(monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", PASSWORD)
    call_command("createsuperuser", interactive=False, username="root", email="root@example.kr")
    client = Visitor()

    to_setup = password_step(client, "root")
    assert to_setup["Location"] == "/admin/login/app/"
    assert client.get("/admin/").status_code == 302  # the password alone does not let anyone in

    page = client.get("/admin/login/app/")
    assert page.status_code == 200
    doc = parse(page)
    assert doc.find("html").attrs["lang"] == "ko"
    assert "인증 앱 등록" in visible_text(page) and "설정 키" in visible_text(page)
    qr = doc.find("img", class_="signin-qr")
    assert qr.attrs["src"].startswith("data:image/svg+xml")  # drawn here, by segno
    assert "QR 코드" in qr.attrs["alt"]
    assert inline_code(doc) == []
    for node in doc.iter():  # nothing on the page asks another host for anything
        for name in ("src", "href", "action"):
            value = node.attrs.get(name) or ""
            assert not value.startswith(("http:", "https:", "//")), value

    wrong = client.post("/admin/login/app/", {"code": "000000"})
    assert wrong.status_code == 400
    assert "6자리 숫자가 맞지 않습니다" in text_of(wrong)

    with a_moment_later():  # django-otp makes a second try after a wrong code wait a second
        done = client.post("/admin/login/app/", {"code": f"{totp(secret_on(page)):06d}"})
    assert done["Location"] == "/admin/login/recovery-codes/"
    codes_page = client.get("/admin/login/recovery-codes/")
    codes = re.findall(r"<code>([a-z2-7]{4}-[a-z2-7]{4})</code>", codes_page.content.decode())
    assert len(codes) == 10 and len(set(codes)) == 10
    assert "다시 볼 수 없습니다" in visible_text(codes_page)
    assert client.get("/admin/login/recovery-codes/")["Location"] == "/admin/account/security/"
    assert client.get("/admin/").status_code == 200
    root = User.objects.get(username="root")
    assert TOTPDevice.objects.filter(user=root, confirmed=True).count() == 1
    assert StaticToken.objects.filter(device__user=root).count() == 10


def test_later_logins_ask_for_the_apps_code():
    staff_user("approver", superuser=True)
    registered(Visitor(), "approver")
    client = Visitor()

    to_code = password_step(client, "approver")
    assert to_code["Location"] == "/admin/login/code/"
    assert client.get("/admin/").status_code == 302
    page = client.get("/admin/login/code/")
    assert "2단계 인증" in visible_text(page)
    assert inline_code(parse(page)) == []
    wrong = client.post("/admin/login/code/", {"code": "123456"})
    assert wrong.status_code == 400 and "인증 코드가 맞지 않습니다" in text_of(wrong)
    user = User.objects.get(username="approver")
    # Spaces as an app groups the digits ("123 456") are fine.
    with a_moment_later():
        code = authenticator_code(user)
        right = client.post("/admin/login/code/", {"code": f"{code[:3]} {code[3:]}"})
    assert right["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_a_code_is_accepted_once():
    user = staff_user("approver", superuser=True)
    registered(Visitor(), "approver")
    code = authenticator_code(user)
    first, second = Visitor(), Visitor()
    password_step(first, "approver")
    password_step(second, "approver")
    assert first.post("/admin/login/code/", {"code": code}).status_code == 302
    assert second.post("/admin/login/code/", {"code": code}).status_code == 400


def test_a_recovery_code_signs_in_once_and_says_how_many_are_left():
    staff_user("approver", superuser=True)
    codes_page = registered(Visitor(), "approver")
    code = re.findall(r"<code>([a-z2-7]{4}-[a-z2-7]{4})</code>", codes_page.content.decode())[0]
    client = Visitor()
    password_step(client, "approver")

    response = client.post("/admin/login/code/", {"code": code.upper()}, follow=True)
    assert response.status_code == 200
    assert "남은 복구 코드는 9개입니다" in visible_text(response)
    again = Visitor()
    password_step(again, "approver")
    refused = again.post("/admin/login/code/", {"code": code})
    assert refused.status_code == 400 and "이미 쓴 코드" in text_of(refused)


@pytest.mark.parametrize(
    ("role", "required", "needs_code"),
    [
        ("편집자", False, False),
        ("편집자", True, True),
        ("승인자", False, True),
        ("superuser", False, True),
    ],
)
def test_who_needs_the_second_factor(settings, seed, role, required, needs_code):
    settings.STAFF_2FA_REQUIRED = required
    user = staff_user(
        "someone", superuser=role == "superuser", group=None if role == "superuser" else role
    )
    client = Visitor()
    response = password_step(client, user.username)
    assert response.status_code == 302
    if needs_code:
        assert response["Location"] == "/admin/login/app/"
        assert client.get("/admin/").status_code == 302
    else:
        assert response["Location"] == "/admin/"
        assert client.get("/admin/").status_code == 200


def test_production_requires_it_of_editors_by_default():
    from django.conf import settings

    assert settings.STAFF_2FA_REQUIRED is True  # DEBUG is off here, as in production


def test_wrong_codes_count_toward_the_lockout():
    user = staff_user("approver", superuser=True)
    registered(Visitor(), "approver")
    client = Visitor(REMOTE_ADDR="203.0.113.7")
    password_step(client, "approver")
    for _ in range(4):
        assert client.post("/admin/login/code/", {"code": "000000"}).status_code == 400
    fifth = client.post("/admin/login/code/", {"code": "000000"})
    assert fifth.status_code == 429
    assert "로그인이 잠시 잠겼습니다" in visible_text(fifth)
    attempt = AccessAttempt.objects.get(username="approver")
    assert (attempt.ip_address, attempt.failures_since_start) == ("203.0.113.7", 5)
    # Now even the right code, and the right password, are refused from this address.
    assert client.post("/admin/login/code/", {"code": authenticator_code(user)}).status_code == 429
    assert password_step(Visitor(REMOTE_ADDR="203.0.113.7"), "approver").status_code == 429
    assert client.get("/admin/").status_code == 302


def test_wrong_codes_when_registering_count_too():
    staff_user("root", superuser=True)
    client = Visitor()
    password_step(client, "root")
    for _ in range(5):
        client.post("/admin/login/app/", {"code": "000000"})
    assert AccessAttempt.objects.get(username="root").failures_since_start == 5
    assert client.post("/admin/login/app/", {"code": "000000"}).status_code == 429


def test_an_unfinished_sign_in_lapses_after_ten_minutes():
    staff_user("approver", superuser=True)
    registered(Visitor(), "approver")
    client = Visitor()
    with time_machine.travel(timezone.now(), tick=False) as clock:
        password_step(client, "approver")
        clock.shift(11 * 60)
        response = client.post("/admin/login/code/", {"code": "123456"})
        assert response["Location"] == "/admin/login/"
        assert "10분이 지났습니다" in visible_text(client.get("/admin/login/"))


def test_a_password_changed_meanwhile_ends_the_unfinished_sign_in():
    user = staff_user("approver", superuser=True)
    registered(Visitor(), "approver")
    client = Visitor()
    password_step(client, "approver")
    user.set_password("a completely different passphrase")
    user.save()
    response = client.post("/admin/login/code/", {"code": authenticator_code(user)})
    assert response["Location"] == "/admin/login/"
    assert client.get("/admin/").status_code == 302


def test_a_session_without_its_second_factor_is_anonymous(seed):
    """force_login is the password alone: such a session (a role or a setting changed since, an app
    removed) opens neither the admin nor a draft on its public URL."""
    boss = staff_user("boss", superuser=True)
    draft = Program.private_objects.get(slug="vehicle-materials-molding")
    Program.private_objects.filter(pk=draft.pk).update(
        publication_state=Program.PublicationState.DRAFT
    )
    half = Visitor()
    half.force_login(boss)
    assert half.get("/admin/")["Location"].startswith("/admin/login/")
    assert half.get(draft.get_absolute_url()).status_code == 404
    full = Visitor(boss)
    assert full.get("/admin/").status_code == 200
    assert full.get(draft.get_absolute_url()).status_code == 200


def test_the_security_page_lists_logins_and_renews_recovery_codes_with_a_code():
    user = staff_user("approver", superuser=True)
    registered(Visitor(), "approver")
    client = Visitor(REMOTE_ADDR="198.51.100.4")
    sign_in(client, "approver", PASSWORD)
    page = client.get("/admin/account/security/")
    text = visible_text(page)
    assert "최근 로그인" in text and "198.51.100.4" in text
    assert "남은 복구 코드 10개" in text
    assert inline_code(parse(page)) == []

    refused = client.post("/admin/account/security/", {"code": "000000"})
    assert refused.status_code == 400
    old = set(StaticToken.objects.filter(device__user=user).values_list("token", flat=True))
    with a_moment_later(65):  # the app's next codes: the sign-in used this step's
        renewed = client.post("/admin/account/security/", {"code": authenticator_code(user)})
    assert renewed["Location"] == "/admin/login/recovery-codes/"
    new = set(StaticToken.objects.filter(device__user=user).values_list("token", flat=True))
    assert len(new) == 10 and not new & old


def test_replacing_the_app_takes_a_code_from_the_old_one():
    user = staff_user("approver", superuser=True)
    registered(Visitor(), "approver")
    client = Visitor()
    sign_in(client, "approver", PASSWORD)
    old_app = TOTPDevice.objects.get(user=user, confirmed=True)
    page = client.get("/admin/login/app/")
    assert page.status_code == 200 and "지금 쓰는 인증 앱의 코드" in visible_text(page)
    new_code = f"{totp(secret_on(page)):06d}"

    without_proof = client.post("/admin/login/app/", {"code": new_code, "current-code": "000000"})
    assert without_proof.status_code == 400
    assert TOTPDevice.objects.get(user=user, confirmed=True) == old_app

    with a_moment_later(65):
        proof, new_code = authenticator_code(user), f"{totp(secret_on(page)):06d}"
        replaced = client.post("/admin/login/app/", {"code": new_code, "current-code": proof})
    assert replaced["Location"] == "/admin/login/recovery-codes/"
    new_app = TOTPDevice.objects.get(user=user, confirmed=True)
    assert new_app != old_app
    assert client.get("/admin/").status_code == 200  # still signed in, now by the new app


def test_a_superuser_resets_a_colleagues_second_factor(seed):
    colleague = staff_user("approver", group="승인자")
    their_session = Visitor(colleague)
    assert their_session.get("/admin/").status_code == 200
    boss = Visitor(staff_user("boss", superuser=True))
    changelist = boss.get("/admin/auth/user/")
    assert "2단계 인증" in visible_text(changelist)

    response = boss.post(
        "/admin/auth/user/",
        {"action": "reset_second_factor", "_selected_action": [colleague.pk]},
        follow=True,
    )
    assert "인증 앱과 복구 코드를 지웠습니다" in visible_text(response)
    assert not TOTPDevice.objects.filter(user=colleague).exists()
    assert their_session.get("/admin/")["Location"].startswith("/admin/login/")
    assert password_step(Visitor(), "approver")["Location"] == "/admin/login/app/"


def test_only_superusers_may_reset_a_second_factor(seed):
    approver = Visitor(staff_user("approver", group="승인자"))
    response = approver.get("/admin/auth/user/")
    assert "reset_second_factor" not in response.content.decode()


def test_the_admin_index_shows_the_last_login_time_and_address():
    staff_user("approver", superuser=True)
    registered(Visitor(REMOTE_ADDR="198.51.100.4"), "approver")
    client = Visitor(REMOTE_ADDR="203.0.113.50")
    with time_machine.travel(timezone.now() + timezone.timedelta(hours=1)):
        sign_in(client, "approver", PASSWORD)
        text = visible_text(client.get("/admin/"))
    assert re.search(
        r"지난 로그인: \d{4}\. \d{1,2}\. \d{1,2}\. \d{2}:\d{2} · 198\.51\.100\.4", text
    )
    assert "이번 로그인:" in text and "203.0.113.50" in text


def test_the_code_pages_need_a_password_first():
    for url in ("/admin/login/code/", "/admin/login/app/"):
        response = Visitor().get(url)
        assert response.status_code == 302 and response["Location"] == "/admin/login/"
    assert Visitor().get("/admin/account/security/")["Location"].startswith("/admin/login/")


def test_the_sign_in_form_data_survives_a_round_trip():
    """The code page's form, read as a browser submits it, carries the CSRF token and the code."""
    staff_user("approver", superuser=True)
    registered(Visitor(), "approver")
    client = Visitor(enforce_csrf_checks=True, HTTP_REFERER="https://testserver/admin/login/")
    page = client.get(LOGIN, secure=True)
    data = form_data(page, "login-form", {"username": "approver", "password": PASSWORD})
    to_code = client.post(LOGIN, data, secure=True)
    assert to_code["Location"] == "/admin/login/code/"
    page = client.get("/admin/login/code/", secure=True)
    user = User.objects.get(username="approver")
    data = form_data(page, "login-form", {"code": authenticator_code(user)})
    assert client.post("/admin/login/code/", data, secure=True)["Location"] == "/admin/"
