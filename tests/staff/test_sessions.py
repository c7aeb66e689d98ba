"""Short admin sessions: a login ends STAFF_SESSION_HOURS after it began however busy the session,
when the browser closes (a session cookie), and when the password changes."""

from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.contrib.auth.models import User
from django.utils import timezone

from tests.adminkit import fast_password_hashing, form_data, visible_text  # noqa: F401
from tests.factories import staff_user
from tests.public import Visitor, sign_in

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_password_hashing")]

PASSWORD = "correct horse battery staple"


@pytest.fixture
def approver(db):
    return staff_user("approver", superuser=True)


def test_the_session_cookie_ends_with_the_browser(approver):
    client = Visitor()
    sign_in(client, "approver", PASSWORD)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie.value
    assert not cookie["max-age"] and not cookie["expires"]  # no date: the browser drops it
    assert cookie["httponly"] and cookie["secure"]


def busy(client):
    """Something that writes to the session (a preview started, a sign-in step), which moves its
    expiry on the server to 8 hours from now."""
    session = client.session
    session["busy"] = timezone.now().isoformat()
    session.save()


def test_an_untouched_login_ends_after_eight_hours(approver):
    client = Visitor()
    with time_machine.travel(timezone.now(), tick=False) as clock:
        sign_in(client, "approver", PASSWORD)
        clock.shift(timedelta(hours=7, minutes=59))
        assert client.get("/admin/").status_code == 200
        clock.shift(timedelta(minutes=2))
        assert client.get("/admin/").status_code == 302


def test_a_login_ends_after_eight_hours_however_busy(approver):
    client = Visitor()
    with time_machine.travel(timezone.now(), tick=False) as clock:
        sign_in(client, "approver", PASSWORD)
        for _ in range(7):  # busy all day
            clock.shift(timedelta(hours=1))
            assert client.get("/admin/").status_code == 200
            busy(client)
        clock.shift(timedelta(minutes=59))
        assert client.get("/admin/").status_code == 200
        clock.shift(timedelta(minutes=2))  # 8 hours and a minute after the login
        response = client.get("/admin/programs/program/")
        notice = client.get(response["Location"])
    assert response.status_code == 302
    assert response["Location"] == "/admin/login/?next=/admin/programs/program/"
    assert "_auth_user_id" not in client.session
    assert "로그인한 지 오래되어 로그아웃되었습니다" in visible_text(notice)


def test_the_length_is_a_setting(settings, approver):
    settings.STAFF_SESSION_HOURS = 1
    client = Visitor()
    with time_machine.travel(timezone.now(), tick=False) as clock:
        sign_in(client, "approver", PASSWORD)
        clock.shift(timedelta(minutes=30))
        busy(client)
        clock.shift(timedelta(minutes=29))
        assert client.get("/admin/").status_code == 200
        clock.shift(timedelta(minutes=2))
        assert client.get("/admin/").status_code == 302


def test_an_idle_session_ends_on_the_server_too():
    """The session row itself lives SESSION_COOKIE_AGE from its last change: 8 hours."""
    assert settings.SESSION_COOKIE_AGE == 8 * 60 * 60
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True


def test_changing_ones_password_ends_every_other_session(approver):
    desk, phone = Visitor(approver), Visitor(approver)
    assert phone.get("/admin/").status_code == 200
    page = desk.get("/admin/password_change/")
    new = "새 비밀번호는-충분히-길어야-합니다"
    response = desk.post(
        "/admin/password_change/",
        form_data(
            page,
            None,
            {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
        ),
    )
    assert response.status_code == 302
    assert desk.get("/admin/").status_code == 200  # the session that changed it goes on
    assert phone.get("/admin/").status_code == 302  # every other one ends
    assert "_auth_user_id" not in phone.session


def test_a_password_set_by_a_superuser_ends_that_persons_sessions(approver):
    colleague = staff_user("editor", group="편집자")
    their_session = Visitor(colleague)
    assert their_session.get("/admin/").status_code == 200
    boss = Visitor(approver)
    url = f"/admin/auth/user/{colleague.pk}/password/"
    new = "임시-비밀번호-2026-겨울-경주"
    response = boss.post(url, {"password1": new, "password2": new, "usable_password": "true"})
    assert response.status_code == 302, response.content.decode()[:500]
    assert User.objects.get(pk=colleague.pk).check_password(new)
    assert their_session.get("/admin/").status_code == 302
