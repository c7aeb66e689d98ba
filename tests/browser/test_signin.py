"""Two-factor sign-in in a real browser (issue 20): a superuser's first login registers an
authenticator app from the QR code's 설정 키 and shows the recovery codes once; the next login asks
for the app's code. Every screen passes axe and asks no other host for anything."""

import os
import re
from base64 import b32decode
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.contrib.auth.models import User
from django_otp.oath import totp

from tests.factories import staff_user
from tests.public import authenticator_code

pytestmark = pytest.mark.browser

PASSWORD = "correct horse battery staple"
SHOTS = Path(os.environ.get("SCREENSHOTS", "")) if os.environ.get("SCREENSHOTS") else None


def shoot(page, name):
    if SHOTS:
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def password_step(page, site, username):
    page.goto(f"{site}/admin/")
    page.get_by_label("사용자 이름").fill(username)
    page.get_by_label("비밀번호").fill(PASSWORD)
    page.get_by_role("button", name="로그인").click()


def test_the_first_login_registers_an_app_and_the_next_asks_for_its_code(site, context, axe):
    staff_user("root", superuser=True)
    page = context.new_page()
    hosts = set()
    page.on("request", lambda request: hosts.add(urlsplit(request.url).netloc))

    password_step(page, site, "root")
    page.wait_for_url("**/admin/login/app/")
    qr = page.get_by_role("img", name=re.compile("QR 코드"))
    assert qr.is_visible()
    assert qr.evaluate("img => img.complete && img.naturalWidth > 100")  # drawn, not broken
    assert axe(page) == []
    shoot(page, "signin-register")

    # The person types the 설정 키 into their app (or scans the QR code) and reads its code.
    secret = page.locator(".signin-secret code").inner_text().replace(" ", "")
    page.get_by_label("새 인증 앱의 코드").fill(f"{totp(b32decode(secret)):06d}")
    page.get_by_role("button", name="등록").click()
    page.wait_for_url("**/admin/login/recovery-codes/")
    codes = page.locator(".signin-codes code").all_inner_texts()
    assert len(codes) == 10
    assert axe(page) == []
    shoot(page, "signin-recovery-codes")

    page.get_by_role("link", name="적어 두었습니다. 계속하기").click()
    page.wait_for_url(f"{site}/admin/")
    assert "지난 로그인 기록이 없습니다" in page.inner_text("#last-login")
    assert "이번 로그인" in page.inner_text("#last-login")
    shoot(page, "signin-admin-index")

    page.get_by_role("button", name="로그아웃").click()
    password_step(page, site, "root")
    page.wait_for_url("**/admin/login/code/")
    assert axe(page) == []
    page.get_by_label("인증 코드").fill("000000")
    page.get_by_role("button", name="확인").click()
    assert "인증 코드가 맞지 않습니다" in page.inner_text("#content-main")
    assert page.get_by_label("인증 코드").get_attribute("aria-invalid") == "true"
    shoot(page, "signin-wrong-code")

    page.wait_for_timeout(1100)  # a second try waits a second after a wrong code
    page.get_by_label("인증 코드").fill(authenticator_code(User.objects.get(username="root")))
    page.get_by_role("button", name="확인").click()
    page.wait_for_url(f"{site}/admin/")
    assert "지난 로그인:" in page.inner_text("#last-login")

    page.get_by_role("link", name=re.compile("계정 보안")).click()
    page.wait_for_url("**/admin/account/security/")
    assert "남은 복구 코드 10개" in page.inner_text("#content-main")
    assert axe(page) == []
    shoot(page, "signin-account-security")

    assert hosts == {urlsplit(site).netloc}, hosts
