"""The staff admin: login lockout, password rules, staff only; public pages never show admin data."""

import datetime as dt
import html

import pytest
from django.contrib.auth import password_validation
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.utils import translation

from gyeongju.programs.models import Program
from tests.factories import EOK, FundingFactory, OutcomeFactory, ProgramFactory, SourceFactory
from tests.public import Visitor, sign_in

PASSWORD = "correct horse battery staple"
pytestmark = pytest.mark.django_db


def text(response) -> str:
    return html.unescape(response.content.decode())


@pytest.fixture(autouse=True)
def fast_hashing(settings):
    """Login attempts hash a password each; the fast hasher keeps these tests quick."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def staff(db):
    return User.objects.create_user("minji", password=PASSWORD, is_staff=True, is_superuser=True)


def login(client, username, password):
    return client.post("/admin/login/?next=/admin/", {"username": username, "password": password})


# Lockout -------------------------------------------------------------------------------------


def test_five_failed_logins_lock_the_account_out_with_a_korean_page(staff):
    client = Visitor()
    for attempt in range(1, 5):
        response = login(client, "minji", f"wrong password {attempt}")
        assert response.status_code == 200, attempt
        assert "비밀번호를 입력해주세요" in text(response)  # Django's own Korean login error
    fifth = login(client, "minji", "wrong password 5")
    assert fifth.status_code == 429
    # The 6th attempt is refused even with the right password.
    sixth = login(client, "minji", PASSWORD)
    assert sixth.status_code == 429
    page = text(sixth)
    assert "로그인이 잠시 잠겼습니다" in page
    assert "5번 연속으로 실패" in page
    assert "60분 뒤에 다시 시도해 주세요" in page
    assert '<html lang="ko"' in page
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/").status_code == 302  # still not in


def test_lockout_is_per_account_and_address(staff):
    User.objects.create_user("seojun", password=PASSWORD, is_staff=True)
    attacker = Visitor(REMOTE_ADDR="203.0.113.9")
    for attempt in range(6):
        login(attacker, "minji", f"guess {attempt}")
    assert login(attacker, "minji", PASSWORD).status_code == 429
    # Another account from the same address, and the same account from the office, still work.
    assert login(Visitor(REMOTE_ADDR="203.0.113.9"), "seojun", PASSWORD).status_code == 302
    assert login(Visitor(REMOTE_ADDR="198.51.100.20"), "minji", PASSWORD).status_code == 302


def test_a_successful_login_resets_the_failure_count(staff):
    client = Visitor()
    for attempt in range(4):
        login(client, "minji", f"typo {attempt}")
    assert sign_in(client, "minji", PASSWORD).status_code == 302
    assert client.get("/admin/").status_code == 200
    client.logout()
    for attempt in range(4):
        assert login(client, "minji", f"typo again {attempt}").status_code == 200
    assert sign_in(client, "minji", PASSWORD).status_code == 302
    assert client.get("/admin/").status_code == 200


def test_the_lockout_page_escapes_the_typed_username(staff):
    client = Visitor()
    evil = '<script>alert(1)</script>"><img src=x onerror=alert(1)>'
    for attempt in range(6):
        response = login(client, evil, f"x{attempt}")
    assert response.status_code == 429
    assert b"<script>alert(1)" not in response.content
    assert b"<img src=x" not in response.content


# Password rules ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("gj2021!", "너무 짧습니다"),
        ("password1234", "너무 흔히 사용되는 비밀번호"),
        ("839201746352", "전부 숫자로"),
        ("minji.gyeongju", "사용자 이름와 너무 유사합니다"),
    ],
)
def test_weak_passwords_are_refused_in_korean(password, message):
    user = User(username="minji.gyeongju", email="minji@gyeongju.go.kr")
    with translation.override("ko"), pytest.raises(ValidationError) as refused:
        password_validation.validate_password(password, user)
    assert any(message in m for m in refused.value.messages)


def test_a_strong_password_passes():
    user = User(username="minji")
    assert password_validation.validate_password("보문호수-벚꽃-2021-봄", user) is None


def test_the_admin_password_change_form_enforces_the_rules(staff):
    client = Visitor(staff)
    response = client.post(
        "/admin/password_change/",
        {"old_password": PASSWORD, "new_password1": "12345678", "new_password2": "12345678"},
    )
    assert response.status_code == 200
    page = text(response)
    assert "이 비밀번호는 너무 짧습니다. 최소 12자 이상이어야 합니다." in page
    assert "비밀번호가 전부 숫자로 되어 있습니다." in page
    staff.refresh_from_db()
    assert staff.check_password(PASSWORD)


# Staff only ----------------------------------------------------------------------------------


def test_visitors_and_non_staff_users_cannot_reach_the_admin():
    citizen = User.objects.create_user("citizen", password=PASSWORD, is_staff=False)
    anonymous = Visitor()
    for url in ("/admin/", "/admin/programs/program/", "/admin/auth/user/"):
        response = anonymous.get(url)
        assert response.status_code == 302 and "/admin/login/" in response["Location"], url
    # A non-staff account cannot log in to the admin…
    refused = login(Visitor(), "citizen", PASSWORD)
    assert refused.status_code == 200
    assert "관리자 계정의" in text(refused)
    # …and a session of one does not open it either.
    logged_in = Visitor(citizen)
    for url in ("/admin/", "/admin/programs/program/"):
        response = logged_in.get(url)
        assert response.status_code == 302 and "/admin/login/" in response["Location"], url


def test_staff_without_permission_cannot_open_other_models(db):
    clerk = User.objects.create_user("clerk", password=PASSWORD, is_staff=True)
    client = Visitor(clerk)
    assert client.get("/admin/programs/program/").status_code == 403
    assert client.get("/admin/auth/user/").status_code == 403


# Admin data never reaches public pages -------------------------------------------------------

DRAFT_NAME = "비공개 초안 사업 극비"
DRAFT_REASON = "내부 검토: 예산 삭감 협의 중(외부 공개 금지)"
PUBLIC_REASON = "2021년 본예산 확정"


@pytest.fixture
def program_with_a_draft_past(db):
    """A published program that was a draft first, edited then with an internal reason by a named
    staff member; plus a draft program that never went public."""
    editor = User.objects.create_user(
        "kim.editor", password=PASSWORD, is_staff=True, first_name="비밀", last_name="김"
    )
    source = SourceFactory(title="경주시 보도자료")
    program = ProgramFactory(
        name="탄소 재활용 기반 구축",
        slug="carbon-recycling",
        publication_state=Program.PublicationState.DRAFT,
        total_cost=300 * EOK,
        cost_source=source,
        lead_department="투자유치과",
    )
    program.history.update(history_date=dt.datetime(2020, 11, 1, tzinfo=dt.UTC))
    program.total_cost = 250 * EOK
    program._change_reason = DRAFT_REASON
    program._history_user = editor
    program.save()
    FundingFactory(program=program, amount=90 * EOK, source=source)
    program.publication_state = Program.PublicationState.PUBLISHED
    program._change_reason = "공개"
    program.save()
    program.total_cost = 290 * EOK
    program._change_reason = PUBLIC_REASON
    program._history_user = editor
    program.save()
    OutcomeFactory(program=program, source=source)
    draft = ProgramFactory(
        name=DRAFT_NAME,
        slug="secret-draft",
        summary="초안 요약 극비",
        publication_state=Program.PublicationState.DRAFT,
        category=program.category,
    )
    FundingFactory(program=draft, amount=7 * EOK)
    return program, draft


def test_public_surfaces_never_show_drafts_staff_or_draft_reasons(program_with_a_draft_past):
    program, _draft = program_with_a_draft_past
    slug = program.slug
    web = Visitor()
    urls = [
        "/",
        "/programs/",
        "/programs/?q=극비",
        f"/programs/{slug}/",
        f"/programs/{slug}/history/",
        f"/programs/{slug}/embed/",
        f"/oembed/?url=https://testserver/programs/{slug}/",
        "/programs/download.csv",
        "/programs/download.json",
        "/data/programs.csv",
        "/data/funding.json",
        "/feeds/updates/",
        "/feeds/programs/",
        f"/feeds/programs/{slug}/",
        "/sitemap.xml",
        "/sitemap-programs.xml",
        "/funding/national/",
        "/outcomes/",
    ]
    seen_public_reason = False
    for url in urls:
        response = web.get(url)
        assert response.status_code == 200, url
        body = (
            text(response)
            if not response.streaming
            else b"".join(response.streaming_content).decode("utf-8-sig")
        )
        for secret in (
            DRAFT_NAME,
            "초안 요약 극비",
            "secret-draft",
            DRAFT_REASON,
            "kim.editor",
            "김비밀",
            "비밀 김",
        ):
            assert secret not in body, (url, secret)
        seen_public_reason |= PUBLIC_REASON in body
    assert seen_public_reason  # the public reason is shown: the check above looked at real pages
    for url in (
        "/programs/secret-draft/",
        "/programs/secret-draft/embed/",
        "/programs/secret-draft/history/",
        "/programs/secret-draft/og.png",
        "/feeds/programs/secret-draft/",
        "/oembed/?url=https://testserver/programs/secret-draft/",
    ):
        assert web.get(url).status_code == 404, url


def test_a_snapshot_of_the_draft_period_is_not_public(program_with_a_draft_past):
    program, _draft = program_with_a_draft_past
    response = Visitor().get(f"/programs/{program.slug}/?as_of=2020-11-02")
    assert response.status_code == 404
    page = text(response)
    assert "공개되어 있지 않았습니다" in page
    assert "250억원" not in page
    assert DRAFT_REASON not in page


def test_staff_preview_of_a_draft_is_never_cached_for_the_public(program_with_a_draft_past):
    _program, draft = program_with_a_draft_past
    staff = User.objects.create_superuser("boss", password=PASSWORD)
    preview = Visitor(staff)
    response = preview.get(f"/programs/{draft.slug}/")
    assert response.status_code == 200
    assert DRAFT_NAME in text(response)
    assert response["X-Robots-Tag"] == "noindex"
    assert Visitor().get(f"/programs/{draft.slug}/").status_code == 404
