"""Settings for 경주시 투자사업 포털, configured by environment variables (see README)."""

import datetime
import ipaddress
import os
import sys
import zoneinfo
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default).strip()


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    if value.strip().lower() in {"1", "true", "yes", "on"}:
        return True
    if value.strip().lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be 1/0, true/false, yes/no or on/off, not {value!r}")


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in env_str(name, default).split(",") if item.strip()]


# pytest and `manage.py test` run with DEBUG off and need no real secret.
TESTING = "pytest" in sys.modules or sys.argv[1:2] == ["test"]

DEBUG = env_bool("DJANGO_DEBUG", False)

SECRET_KEY = env_str("DJANGO_SECRET_KEY")
if not SECRET_KEY:
    if not (DEBUG or TESTING):
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set. Production refuses to start without a real secret key: "
            "set one of at least 50 random characters, e.g. "
            "python -c 'import secrets; print(secrets.token_urlsafe(50))'"
        )
    SECRET_KEY = "insecure-development-key-only-for-debug-and-tests-" + "x" * 20
elif not DEBUG and (
    len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5 or SECRET_KEY.startswith("django-insecure")
):
    # The same bar as Django's security.W009, enforced at start-up rather than only warned about.
    raise ImproperlyConfigured("DJANGO_SECRET_KEY is too weak: use at least 50 random characters.")

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")

# HTTPS protections are on by default whenever DEBUG is off.
HTTPS = env_bool("DJANGO_HTTPS", not DEBUG)

INSTALLED_APPS = [
    "gyeongju.staff.apps.PortalAdminConfig",  # django.contrib.admin, with the review queue
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "django_htmx",
    "simple_history",
    "import_export",
    "gyeongju.staff.lockout.LockoutConfig",  # django-axes, named in Korean in the admin
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "corsheaders",
    # Infrastructure, then the domain, then what is built on it (docs/architecture.md).
    "gyeongju.core",
    "gyeongju.sources",
    "gyeongju.organisations",
    "gyeongju.programs",
    "gyeongju.funding",
    "gyeongju.facilities",
    "gyeongju.places",
    "gyeongju.outcomes",
    "gyeongju.progress",
    "gyeongju.review",
    "gyeongju.reports",
    "gyeongju.pages",
    "gyeongju.opendata",
    "gyeongju.api",
    "gyeongju.staff",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "gyeongju.core.middleware.SecurityHeadersMiddleware",
    # /api/v1/ only: CORS for GET from any origin, then the per-address rate limit and errors as
    # problem+json, before the page cache answers (gyeongju/api/middleware.py).
    "corsheaders.middleware.CorsMiddleware",
    "gyeongju.api.middleware.ApiMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # HTML shrinks to a fifth; static files come precompressed from WhiteNoise. Public pages hold
    # no secret, and Django masks the admin's CSRF token per response (BREACH).
    "django.middleware.gzip.GZipMiddleware",
    "gyeongju.core.middleware.DatabaseUnavailableMiddleware",
    "gyeongju.core.page_cache.PageCacheMiddleware",
    "gyeongju.core.versioning.DueChangesMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # A session whose login lacks its second factor, or is older than STAFF_SESSION_HOURS, is
    # anonymous; every response made for a logged-in user is private, no-store.
    "gyeongju.staff.middleware.StaffSessionMiddleware",
    "gyeongju.core.middleware.PrivateResponsesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "gyeongju.review.middleware.RevisionPreviewMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "gyeongju.urls"
WSGI_APPLICATION = "gyeongju.wsgi.application"

TEMPLATES = [
    # The public pages (templates/): Jinja2, compiled once (docs/decisions/0007).
    {
        "BACKEND": "gyeongju.core.jinja.Jinja2",
        "NAME": "jinja2",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": False,
        "OPTIONS": {
            "environment": "gyeongju.core.jinja.environment",
            "context_processors": [
                "gyeongju.core.context_processors.site",
                "gyeongju.review.context_processors.preview",
            ],
        },
    },
    # The admin (and its screens in gyeongju/staff/templates/admin/), sitemaps, form widgets.
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "gyeongju.core.context_processors.site",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=60,
        # No "SELECT 1" before every request: a connection the database dropped fails once, that
        # request answers 503 (DatabaseUnavailableMiddleware) and the next one reconnects.
        conn_health_checks=False,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Connections persist (CONN_MAX_AGE above): closing the last connection to a WAL database
    # checkpoints it, on every request. docs/performance.md has the numbers behind these options.
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets readers proceed while staff save; IMMEDIATE avoids "database is locked" upgrades.
        # Planner statistics are gathered on first connection (gyeongju/core/signals.py).
        # Reads map the file instead of copying pages through read() calls; the page cache holds
        # the indexes a page reads; the lists an `IN (SELECT …)` builds, and sorts, stay in memory
        # rather than in temporary files.
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000; "
            "PRAGMA mmap_size=268435456; PRAGMA cache_size=-16384; PRAGMA temp_store=MEMORY;"
        ),
        "transaction_mode": "IMMEDIATE",
    }
else:
    # Server-side binding with prepared statements: PostgreSQL plans a query the fifth time a
    # connection sends it and reuses the plan (planning a lookup on the program table, with its
    # dozen indexes, costs more than the lookup: docs/performance.md). Django leaves prepared
    # statements off for transaction-mode poolers such as PgBouncer: behind one, set
    # DATABASE_PREPARED_STATEMENTS=0.
    DATABASES["default"].setdefault("OPTIONS", {})["connect_timeout"] = 5
    if env_bool("DATABASE_PREPARED_STATEMENTS", True):
        DATABASES["default"]["OPTIONS"].update(server_side_binding=True, prepare_threshold=5)
    DATABASES["default"]["TEST"] = {"TEMPLATE": "template0"}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# Indexes that include the id (INCLUDE, PostgreSQL): SQLite ignores the clause, and needs none,
# since every SQLite index holds the row id.
SILENCED_SYSTEM_CHECKS = ["models.W040"]
FIXTURE_DIRS = [BASE_DIR / "fixtures"]

REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "gyeongju",
            "TIMEOUT": 60 * 60 * 24,
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "gyeongju",
            "TIMEOUT": 60 * 60 * 24,
            # Rendered pages are ~20 KB: this bounds each process to a few tens of MB.
            "OPTIONS": {"MAX_ENTRIES": 3000},
        }
    }

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# The client's address (gyeongju/core/client_ip.py): X-Forwarded-For is believed only from the
# reverse proxies named here (addresses or networks, comma-separated), or, on a server reachable
# only through proxies, from the last DJANGO_PROXY_COUNT of them. With neither, the peer's address.
TRUSTED_PROXIES = env_list("DJANGO_TRUSTED_PROXIES", "")
for _proxy in TRUSTED_PROXIES:
    try:
        ipaddress.ip_network(_proxy, strict=False)
    except ValueError as _error:
        raise ImproperlyConfigured(
            f"DJANGO_TRUSTED_PROXIES: {_proxy!r} is not an IP address or network"
        ) from _error
try:
    PROXY_COUNT = int(env_str("DJANGO_PROXY_COUNT", "0"))
except ValueError as _error:
    raise ImproperlyConfigured("DJANGO_PROXY_COUNT must be a whole number") from _error

# The public API (/api/v1/, gyeongju/api): at most API_RATE_LIMIT requests per API_RATE_PERIOD
# seconds from one address (client_ip.client_address, so behind the trusted proxies), counted in
# the cache (Redis: across app servers); 0 turns the limit off. The site's pages have no limit.
try:
    API_RATE_LIMIT = int(env_str("API_RATE_LIMIT", "300"))
    API_RATE_PERIOD = int(env_str("API_RATE_PERIOD", "60"))
except ValueError as _error:
    raise ImproperlyConfigured(
        "API_RATE_LIMIT and API_RATE_PERIOD must be whole numbers"
    ) from _error
if API_RATE_PERIOD < 1:
    raise ImproperlyConfigured("API_RATE_PERIOD must be at least 1 second")
# CORS (django-cors-headers): any origin may read the API with GET; nothing else is shared.
CORS_URLS_REGEX = r"^/api/v1/.*$"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_CREDENTIALS = False
CORS_ALLOW_METHODS = ("GET", "HEAD", "OPTIONS")
CORS_ALLOW_HEADERS = ("accept", "if-none-match", "if-modified-since")
CORS_EXPOSE_HEADERS = (
    "ETag",
    "Last-Modified",
    "Retry-After",
    "RateLimit-Limit",
    "RateLimit-Remaining",
)
CORS_PREFLIGHT_MAX_AGE = 86400

# Lock an account+address pair out of the admin after 5 failed logins (passwords and second-factor
# codes alike), for one hour. Failures for one account from many addresses slow its logins down
# (STAFF_SLOWDOWN_AFTER failures within the hour: gyeongju/staff/signin.py) without locking it.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 1
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "admin/lockout.html"
AXES_ENABLED = env_bool("AXES_ENABLED", True)
AXES_CLIENT_IP_CALLABLE = "gyeongju.core.client_ip.client_address"
STAFF_SLOWDOWN_AFTER = 10
STAFF_SLOWDOWN_MAX_SECONDS = 300

# Staff sign in with a password and a code from an authenticator app (TOTP, django-otp), or a
# one-time recovery code. Always for 승인자 and superusers; for 편집자 when STAFF_2FA_REQUIRED (on
# unless DEBUG). A session ends STAFF_SESSION_HOURS after its login, when the browser closes, and
# when the password changes.
STAFF_2FA_REQUIRED = env_bool("STAFF_2FA_REQUIRED", not DEBUG)
try:
    STAFF_SESSION_HOURS = float(env_str("STAFF_SESSION_HOURS", "8"))
except ValueError as _error:
    raise ImproperlyConfigured("STAFF_SESSION_HOURS must be a number of hours, e.g. 8") from _error
SESSION_COOKIE_AGE = int(STAFF_SESSION_HOURS * 60 * 60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

LANGUAGE_CODE = "ko"
TIME_ZONE = "Asia/Seoul"
USE_I18N = True
# Korean for the admin pages of django-simple-history, django-import-export and django-axes, which
# ship none or an incomplete one (locale/ko/LC_MESSAGES/django.po, compiled .mo committed).
LOCALE_PATHS = [BASE_DIR / "locale"]
# The admin's dates read "2020. 12. 15.", as the public pages' do.
FORMAT_MODULE_PATH = ["gyeongju.core.formats"]
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("DJANGO_STATIC_ROOT") or BASE_DIR / "staticfiles")
# Full downloads (every row of a dataset) built once per content version and kept here
# (gyeongju/opendata/stored.py): a cache on each app server's disk, safe to delete.
DOWNLOADS_DIR = Path(env_str("DOWNLOADS_DIR") or BASE_DIR / "var" / "downloads")
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or TESTING
            else "gyeongju.core.storage.StaticStorage"
        )
    },
}
WHITENOISE_MAX_AGE = 60 * 60  # unhashed files (favicon); hashed files are cached for a year

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS
SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if HTTPS else None
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", "")

# Strict CSP: only our own origin, no inline script, no eval. Framing is allowed on the embed route
# only (see programs.views.program_embed).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# Public site identity and SEO.
SITE_NAME = "경주시 투자사업 포털"
OTP_TOTP_ISSUER = SITE_NAME  # the name authenticator apps show beside the code
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
NAVER_SITE_VERIFICATION = env_str("NAVER_SITE_VERIFICATION")
GOOGLE_SITE_VERIFICATION = env_str("GOOGLE_SITE_VERIFICATION")
# 자료 오류 신고 (gyeongju/reports): how many reports one address may send in an hour (more get a
# Korean 429), and how long a reporter's e-mail and the report itself are kept, in days (the
# privacy page states them; the first request after either ends erases it: reports.services).
try:
    REPORTS_PER_HOUR = int(env_str("REPORTS_PER_HOUR", "5"))
    REPORT_EMAIL_RETENTION_DAYS = int(env_str("REPORT_EMAIL_RETENTION_DAYS", "180"))
    REPORT_RETENTION_DAYS = int(env_str("REPORT_RETENTION_DAYS", "1095"))
except ValueError as _error:
    raise ImproperlyConfigured(
        "REPORTS_PER_HOUR, REPORT_EMAIL_RETENTION_DAYS and REPORT_RETENTION_DAYS must be whole numbers"
    ) from _error
# Contact details shown in the footer; set them for the deployment (nothing is made up here).
CONTACT_ORGANISATION = env_str("CONTACT_ORGANISATION", "경주시청")
CONTACT_ADDRESS = env_str("CONTACT_ADDRESS", "경상북도 경주시 양정로 260")
CONTACT_PHONE = env_str("CONTACT_PHONE")
CONTACT_EMAIL = env_str("CONTACT_EMAIL")

# /.well-known/security.txt (RFC 9116): where to report a security problem, and until when that
# holds. Contact: mailto:, https:// or tel: URIs, comma-separated (a bare address becomes mailto:).
# Expires: an ISO 8601 date-time (a time without an offset is Seoul time); nothing computes it, so
# it cannot roll forward unnoticed: `check --deploy` warns when either is missing, the expiry has
# passed or lies more than a year ahead. Without both, the file is not served.
SECURITY_CONTACT = [
    contact if ":" in contact else f"mailto:{contact}"
    for contact in env_list("DJANGO_SECURITY_CONTACT", "")
]
for _contact in SECURITY_CONTACT:
    if not _contact.startswith(("mailto:", "https://", "tel:")):
        raise ImproperlyConfigured(
            f"DJANGO_SECURITY_CONTACT: {_contact!r} must be a mailto:, https:// or tel: address"
        )
SECURITY_TXT_EXPIRES = None
if env_str("DJANGO_SECURITY_TXT_EXPIRES"):
    try:
        SECURITY_TXT_EXPIRES = datetime.datetime.fromisoformat(
            env_str("DJANGO_SECURITY_TXT_EXPIRES")
        )
    except ValueError as _error:
        raise ImproperlyConfigured(
            "DJANGO_SECURITY_TXT_EXPIRES must be an ISO 8601 date-time, e.g. 2027-06-30T00:00:00+09:00"
        ) from _error
    if SECURITY_TXT_EXPIRES.tzinfo is None:
        SECURITY_TXT_EXPIRES = SECURITY_TXT_EXPIRES.replace(tzinfo=zoneinfo.ZoneInfo("Asia/Seoul"))


# E-mail (the review workflow's notices): EMAIL_URL, e.g. smtp://user:password@mail.example:587?tls=1
# (smtps:// for implicit TLS, console:// to print), or Django's EMAIL_HOST, EMAIL_PORT,
# EMAIL_HOST_USER, EMAIL_HOST_PASSWORD, EMAIL_USE_TLS. With neither, mail is printed to the console
# (as under `make run`).
def email_from_url(url: str) -> dict:
    parts = urlsplit(url)
    if parts.scheme == "console":
        return {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}
    if parts.scheme not in {"smtp", "smtps"}:
        raise ImproperlyConfigured(
            f"EMAIL_URL must start with smtp://, smtps:// or console://, not {url!r}"
        )
    query = parse_qs(parts.query)
    return {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": parts.hostname or "",
        "EMAIL_PORT": parts.port or (465 if parts.scheme == "smtps" else 587),
        "EMAIL_HOST_USER": unquote(parts.username or ""),
        "EMAIL_HOST_PASSWORD": unquote(parts.password or ""),
        "EMAIL_USE_SSL": parts.scheme == "smtps",
        "EMAIL_USE_TLS": parts.scheme == "smtp"
        and query.get("tls", ["1"])[0] not in {"0", "false"},
    }


if env_str("EMAIL_URL"):
    globals().update(email_from_url(env_str("EMAIL_URL")))
elif env_str("EMAIL_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = env_str("EMAIL_HOST")
    EMAIL_PORT = int(env_str("EMAIL_PORT", "587"))
    EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
    EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = env_str(
    "DEFAULT_FROM_EMAIL", f"{SITE_NAME} <noreply@{urlsplit(SITE_URL).hostname or 'localhost'}>"
)
EMAIL_SUBJECT_PREFIX = ""
EMAIL_TIMEOUT = 10

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "django": {"handlers": ["console"], "level": env_str("DJANGO_LOG_LEVEL", "INFO")},
        "gyeongju": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}

# Spreadsheet imports keep the uploaded file between preview and confirm. With Redis, in the shared
# cache: any app server can finish an import and nothing is left on a server's disk. Without it the
# site is one machine, whose workers each have their own memory cache: a temporary file is what
# every worker can read.
IMPORT_EXPORT_TMP_STORAGE_CLASS = (
    "import_export.tmp_storages.CacheStorage"
    if REDIS_URL
    else "import_export.tmp_storages.TempFolderStorage"
)
IMPORT_EXPORT_USE_TRANSACTIONS = True
IMPORT_EXPORT_SKIP_ADMIN_LOG = False
