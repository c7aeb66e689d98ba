"""PostgreSQL: Korean search is served by a pg_trgm GIN index, in a database with a UTF-8 ctype."""

import pytest
from django.db import connection

from gyeongju.programs.models import Program
from gyeongju.programs.search import search_q
from tests.factories import CategoryFactory, ProgramFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]


def explain(queryset) -> str:
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + sql, params)
        return "\n".join(row[0] for row in cursor.fetchall())


def many_programs(n):
    """n published programs, written in one statement, with planner statistics."""
    category = CategoryFactory()
    Program.private_objects.bulk_create(
        Program(
            name=f"지역 기업 지원 사업 {i}",
            slug=f"bulk-{i}",
            summary="지역 기업의 기술경쟁력을 높입니다.",
            # As long as a real program's name, summary and body (a few hundred characters).
            search_text=f"지역 기업 지원 사업 {i}\n"
            + "지역 기업의 기술경쟁력과 일자리를 늘립니다. " * 12,
            category=category,
            publication_state="published",
        )
        for i in range(n)
    )
    with connection.cursor() as cursor:
        # What autovacuum does in production: move new rows from GIN's pending list into the
        # index proper, and refresh the planner's statistics.
        cursor.execute("SELECT gin_clean_pending_list('program_search_trgm')")
        cursor.execute("ANALYZE programs_program")


def test_database_has_a_utf8_ctype_so_pg_trgm_reads_hangul():
    with connection.cursor() as cursor:
        cursor.execute("SHOW lc_ctype")
        ctype = cursor.fetchone()[0]
        cursor.execute("SELECT show_trgm('탄소중립')")
        trigrams = cursor.fetchone()[0]
    assert "utf" in ctype.lower().replace("-", "")
    assert len(trigrams) >= 3  # with LC_CTYPE=C pg_trgm would find no Hangul trigrams at all


def test_three_syllable_search_uses_the_trigram_index():
    many_programs(3000)
    ProgramFactory(name="배터리관리시스템 생태계 조성")
    plan = explain(Program.public_objects.filter(search_q("배터리")))
    assert "Bitmap Index Scan on program_search_trgm" in plan, plan
    names = list(Program.public_objects.filter(search_q("배터리")).values_list("name", flat=True))
    assert names == ["배터리관리시스템 생태계 조성"]


def test_two_syllable_search_still_finds_its_programs():
    # pg_trgm cannot serve a 2-character pattern; icontains still answers correctly.
    ProgramFactory(name="탄소 소재 리사이클링")
    ProgramFactory(name="수출 지원")
    assert list(Program.public_objects.filter(search_q("탄소")).values_list("name", flat=True)) == [
        "탄소 소재 리사이클링"
    ]


def test_a_query_sent_again_and_again_is_planned_once():
    """Server-side binding with prepared statements (settings): the program stamp, read on every
    program page, is prepared by PostgreSQL after a few requests."""
    from django.db import connection

    from gyeongju.programs.views import program_stamp
    from tests.factories import ProgramFactory

    program = ProgramFactory()
    for _ in range(6):
        assert program_stamp(None, program.slug) is not None
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        prepared = [row[0] for row in cursor.fetchall()]
    assert any("programs_program" in statement and "slug" in statement for statement in prepared)
