from django.core.checks import Tags, Warning, register
from django.db import connections


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
