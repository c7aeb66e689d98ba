"""Production settings: secure by default, `check --deploy` clean, no start without a real key.

Each case runs in a fresh interpreter with only the environment a deployment would give it (pytest
is not imported there, so the settings behave exactly as under gunicorn).
"""

import datetime as dt
import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
REAL_KEY = secrets.token_urlsafe(48)  # 64 characters
assert len(REAL_KEY) == 64

SETTINGS_DUMP = """
import json, django
from django.conf import settings
django.setup()
print(json.dumps({
    "DEBUG": settings.DEBUG,
    "HTTPS": settings.HTTPS,
    "SECURE_SSL_REDIRECT": settings.SECURE_SSL_REDIRECT,
    "SESSION_COOKIE_SECURE": settings.SESSION_COOKIE_SECURE,
    "CSRF_COOKIE_SECURE": settings.CSRF_COOKIE_SECURE,
    "SECURE_HSTS_SECONDS": settings.SECURE_HSTS_SECONDS,
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": settings.SECURE_HSTS_INCLUDE_SUBDOMAINS,
    "SECURE_HSTS_PRELOAD": settings.SECURE_HSTS_PRELOAD,
    "SECURE_PROXY_SSL_HEADER": settings.SECURE_PROXY_SSL_HEADER,
    "SESSION_COOKIE_HTTPONLY": settings.SESSION_COOKIE_HTTPONLY,
    "X_FRAME_OPTIONS": settings.X_FRAME_OPTIONS,
    "STATICFILES": settings.STORAGES["staticfiles"]["BACKEND"],
    "STAFF": [settings.STAFF_2FA_REQUIRED, settings.SESSION_COOKIE_AGE,
              settings.SESSION_EXPIRE_AT_BROWSER_CLOSE, settings.TRUSTED_PROXIES,
              settings.PROXY_COUNT],
    "EMAIL": [getattr(settings, name, None) for name in (
        "EMAIL_BACKEND", "EMAIL_HOST", "EMAIL_PORT", "EMAIL_HOST_USER", "EMAIL_HOST_PASSWORD",
        "EMAIL_USE_TLS", "EMAIL_USE_SSL",
    )],
}))
"""


def run(args, **env):
    """Run ``python <args>`` in the project with a deployment's environment (nothing inherited
    from this test run but PATH and HOME)."""
    clean = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": os.environ.get("HOME", "/tmp"),
        "DJANGO_SETTINGS_MODULE": "gyeongju.settings",
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    clean.update({key: value for key, value in env.items() if value is not None})
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
    )


def settings_under(**env) -> dict:
    result = run(["-c", SETTINGS_DUMP], **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


PRODUCTION = {"DJANGO_DEBUG": "0", "DJANGO_SECRET_KEY": REAL_KEY}


def a_year_ahead_at_most(days=180) -> str:
    return (dt.datetime.now(dt.UTC) + dt.timedelta(days=days)).strftime("%Y-%m-%dT%H:%M:%SZ")


def test_check_deploy_reports_no_issue_in_production_settings():
    result = run(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        DJANGO_ALLOWED_HOSTS="invest.gyeongju.go.kr",
        DJANGO_SECURITY_CONTACT="mailto:security@invest.gyeongju.go.kr",
        DJANGO_SECURITY_TXT_EXPIRES=a_year_ahead_at_most(),
        **PRODUCTION,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_check_deploy_asks_for_the_security_contact_and_its_expiry():
    result = run(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        DJANGO_ALLOWED_HOSTS="invest.gyeongju.go.kr",
        **PRODUCTION,
    )
    assert result.returncode != 0
    assert "gyeongju.W002" in result.stderr and "gyeongju.W003" in result.stderr


SECURITY_DUMP = """
import django
from django.conf import settings
django.setup()
print(settings.SECURITY_CONTACT, settings.SECURITY_TXT_EXPIRES.isoformat())
"""


def test_the_security_contact_and_expiry_are_read_from_the_environment():
    result = run(
        ["-c", SECURITY_DUMP],
        DJANGO_SECURITY_CONTACT="security@gyeongju.go.kr, https://gyeongju.go.kr/report",
        DJANGO_SECURITY_TXT_EXPIRES="2027-06-30",
        **PRODUCTION,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == (
        "['mailto:security@gyeongju.go.kr', 'https://gyeongju.go.kr/report'] "
        "2027-06-30T00:00:00+09:00"
    )


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("DJANGO_SECURITY_CONTACT", "ftp://x", "must be a mailto:, https:// or tel: address"),
        ("DJANGO_SECURITY_TXT_EXPIRES", "next year", "must be an ISO 8601 date-time"),
    ],
)
def test_a_mistyped_security_txt_setting_stops_the_server_from_starting(name, value, message):
    result = run(["-c", SECURITY_DUMP], **{name: value}, **PRODUCTION)
    assert result.returncode != 0
    assert message in result.stderr


def test_https_protections_are_on_by_default_when_debug_is_off():
    values = settings_under(**PRODUCTION)
    assert values["DEBUG"] is False
    assert values["HTTPS"] is True
    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["SESSION_COOKIE_SECURE"] is True
    assert values["CSRF_COOKIE_SECURE"] is True
    assert values["SECURE_HSTS_SECONDS"] >= 60 * 60 * 24 * 365
    assert values["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert values["SECURE_HSTS_PRELOAD"] is True
    # Behind the TLS-terminating proxy the README describes.
    assert values["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert values["SESSION_COOKIE_HTTPONLY"] is True
    assert values["X_FRAME_OPTIONS"] == "DENY"
    assert values["STATICFILES"] == "gyeongju.core.storage.StaticStorage"  # WhiteNoise manifest


def test_django_https_0_turns_the_https_protections_off_for_plain_http_only():
    values = settings_under(DJANGO_HTTPS="0", **PRODUCTION)
    assert values["DEBUG"] is False  # still production, only served over plain HTTP
    assert values["SECURE_SSL_REDIRECT"] is False
    assert values["SESSION_COOKIE_SECURE"] is False
    assert values["CSRF_COOKIE_SECURE"] is False
    assert values["SECURE_HSTS_SECONDS"] == 0
    assert values["SECURE_PROXY_SSL_HEADER"] is None
    # …and check --deploy says so: these warnings are the price of plain HTTP.
    result = run(["manage.py", "check", "--deploy"], DJANGO_HTTPS="0", **PRODUCTION)
    for warning in ("security.W004", "security.W008", "security.W012", "security.W016"):
        assert warning in result.stdout + result.stderr


def test_debug_mode_serves_plain_http_without_a_key():
    values = settings_under(DJANGO_DEBUG="1")
    assert values["DEBUG"] is True
    assert values["HTTPS"] is False
    assert values["SECURE_SSL_REDIRECT"] is False


@pytest.mark.parametrize(
    ("key", "why"),
    [
        (None, "not set"),
        ("", "empty"),
        ("short-key-0123456789", "too short"),
        ("django-insecure-" + "k3y" * 20, "Django's placeholder"),
        ("a" * 64, "too few different characters"),
    ],
)
def test_production_refuses_to_start_without_a_real_secret_key(key, why):
    result = run(["-c", SETTINGS_DUMP], DJANGO_DEBUG="0", DJANGO_SECRET_KEY=key)
    assert result.returncode != 0, f"started with a secret key that is {why}"
    assert "ImproperlyConfigured" in result.stderr
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_production_wsgi_application_refuses_to_load_without_a_key():
    result = run(["-c", "import gyeongju.wsgi"], DJANGO_DEBUG="0")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_a_mistyped_boolean_is_an_error_not_a_silent_default():
    result = run(["-c", SETTINGS_DUMP], DJANGO_HTTPS="maybe", **PRODUCTION)
    assert result.returncode != 0
    assert "DJANGO_HTTPS" in result.stderr


DATABASE_OPTIONS = """
import json, django
from django.conf import settings
django.setup()
print(json.dumps(settings.DATABASES["default"]["OPTIONS"]))
"""


def database_options(**env) -> dict:
    result = run(["-c", DATABASE_OPTIONS], **PRODUCTION, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_postgresql_prepares_repeated_queries_unless_told_not_to():
    url = "postgres://portal@db.example:5432/portal"
    prepared = database_options(DATABASE_URL=url)
    assert prepared["server_side_binding"] is True
    assert prepared["prepare_threshold"] == 5
    behind_a_pooler = database_options(DATABASE_URL=url, DATABASE_PREPARED_STATEMENTS="0")
    assert "server_side_binding" not in behind_a_pooler
    assert "prepare_threshold" not in behind_a_pooler
    assert "prepare_threshold" not in database_options(DATABASE_URL="sqlite:////tmp/x.sqlite3")


def test_mail_comes_from_the_environment_and_prints_to_the_console_without_it():
    smtp = "django.core.mail.backends.smtp.EmailBackend"
    assert (
        settings_under(**PRODUCTION)["EMAIL"][0] == "django.core.mail.backends.console.EmailBackend"
    )
    assert settings_under(
        EMAIL_URL="smtp://notice%40gyeongju.go.kr:p%40ss@mail.gyeongju.go.kr:2525", **PRODUCTION
    )["EMAIL"] == [smtp, "mail.gyeongju.go.kr", 2525, "notice@gyeongju.go.kr", "p@ss", True, False]
    assert settings_under(EMAIL_URL="smtps://mail.example", **PRODUCTION)["EMAIL"][2:] == [
        465,
        "",
        "",
        False,
        True,
    ]
    assert settings_under(EMAIL_HOST="mail.example", EMAIL_PORT="25", **PRODUCTION)["EMAIL"][
        :3
    ] == [
        smtp,
        "mail.example",
        25,
    ]
    refused = run(["-c", SETTINGS_DUMP], EMAIL_URL="http://mail.example", **PRODUCTION)
    assert refused.returncode != 0 and "EMAIL_URL must start with" in refused.stderr


def test_staff_sessions_and_the_second_factor_by_default_and_by_setting():
    assert settings_under(**PRODUCTION)["STAFF"] == [True, 8 * 60 * 60, True, [], 0]
    # On a developer's machine (make run) editors sign in with a password alone.
    assert settings_under(DJANGO_DEBUG="1")["STAFF"][0] is False
    configured = settings_under(
        STAFF_2FA_REQUIRED="0",
        STAFF_SESSION_HOURS="4",
        DJANGO_TRUSTED_PROXIES="10.0.0.2, 172.16.0.0/12",
        DJANGO_PROXY_COUNT="1",
        **PRODUCTION,
    )
    assert configured["STAFF"] == [False, 4 * 60 * 60, True, ["10.0.0.2", "172.16.0.0/12"], 1]


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("DJANGO_TRUSTED_PROXIES", "10.0.0.2,10.0.0.300", "'10.0.0.300' is not an IP address"),
        ("DJANGO_PROXY_COUNT", "one", "DJANGO_PROXY_COUNT must be a whole number"),
        ("STAFF_SESSION_HOURS", "8h", "STAFF_SESSION_HOURS must be a number of hours"),
    ],
)
def test_a_mistyped_staff_setting_stops_the_server_from_starting(name, value, message):
    result = run(["-c", SETTINGS_DUMP], **{name: value}, **PRODUCTION)
    assert result.returncode != 0
    assert message in result.stderr
