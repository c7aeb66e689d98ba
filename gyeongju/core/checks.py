import datetime as dt

from django.conf import settings
from django.core.checks import Tags, Warning, register
from django.db import connections
from django.utils import timezone


@register(Tags.database)
def postgres_ctype_reads_hangul(app_configs, databases=None, **kwargs):
    """pg_trgm ignores Hangul when LC_CTYPE is C: the search index would be useless."""
    problems = []
    for alias in databases or []:
        connection = connections[alias]
        if connection.vendor != "postgresql":
            continue
        with connection.cursor() as cursor:
            cursor.execute("SHOW lc_ctype")
            ctype = cursor.fetchone()[0]
        if "utf" not in ctype.lower().replace("-", ""):
            problems.append(
                Warning(
                    f"데이터베이스 '{alias}'의 LC_CTYPE이 {ctype}입니다. pg_trgm이 한글을 색인하지 못해 "
                    "검색이 느려집니다.",
                    hint="createdb -E UTF8 --lc-ctype=C.UTF-8 -T template0 … 로 데이터베이스를 만드세요.",
                    id="gyeongju.W001",
                )
            )
    return problems


@register(Tags.security, deploy=True)
def security_txt_is_current(app_configs, **kwargs):
    """/.well-known/security.txt needs a contact and an expiry no more than a year ahead (RFC 9116
    §2.5.5): nothing moves the date forward on its own, so a deployment is told when to."""
    problems = []
    if not settings.SECURITY_CONTACT:
        problems.append(
            Warning(
                "보안 취약점 신고 연락처(DJANGO_SECURITY_CONTACT)가 없어 /.well-known/security.txt를 "
                "내보내지 않습니다.",
                hint="예: DJANGO_SECURITY_CONTACT=mailto:security@gyeongju.go.kr",
                id="gyeongju.W002",
            )
        )
    expires = settings.SECURITY_TXT_EXPIRES
    now = timezone.now()
    if expires is None:
        problems.append(
            Warning(
                "security.txt의 만료 시각(DJANGO_SECURITY_TXT_EXPIRES)이 없어 "
                "/.well-known/security.txt를 내보내지 않습니다.",
                hint="1년 안의 날짜로 정하세요. 예: DJANGO_SECURITY_TXT_EXPIRES=2027-06-30T00:00:00+09:00",
                id="gyeongju.W003",
            )
        )
    elif expires <= now:
        problems.append(
            Warning(
                f"security.txt의 만료 시각 {expires.isoformat()}이 지났습니다. 이 파일을 내보내지 않습니다.",
                hint="연락처를 확인하고 DJANGO_SECURITY_TXT_EXPIRES를 1년 안의 날짜로 새로 정하세요.",
                id="gyeongju.W004",
            )
        )
    elif expires > now + dt.timedelta(days=366):
        problems.append(
            Warning(
                f"security.txt의 만료 시각 {expires.isoformat()}이 1년보다 멉니다(RFC 9116은 1년 "
                "안을 권합니다).",
                hint="연락처를 해마다 확인하도록 1년 안의 날짜로 정하세요.",
                id="gyeongju.W005",
            )
        )
    return problems
