"""Every explorer filter and sort is read through an index (the plans on PostgreSQL).

With sequential scans turned off, PostgreSQL still plans one where no index can serve a table (it
only costs it more): a "Seq Scan" left in a plan is a filter or sort without its index. Each
statement the explorer runs is explained with the parameters it ran with, and each filter's own
index must appear with the filter in its index condition.
"""

import contextlib
import re

import pytest
from django.core.management import call_command
from django.db import connection

from gyeongju.facilities.models import Facility, Site
from gyeongju.programs.filters import SORTS
from gyeongju.programs.models import Program

pytestmark = pytest.mark.django_db


@contextlib.contextmanager
def statements():
    """The SELECT statements run inside the block, with their parameters."""
    ran = []

    def record(execute, sql, params, many, context):
        if sql.lstrip().upper().startswith(("SELECT", "WITH")) and not many:
            ran.append((sql, params))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        yield ran


def plans(ran) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        try:
            found = []
            for sql, params in ran:
                cursor.execute("EXPLAIN " + sql, params)
                found.append("\n".join(row[0] for row in cursor.fetchall()))
            return "\n--\n".join(found)
        finally:
            cursor.execute("RESET enable_seqscan")


def index_conditions(plan: str) -> set[tuple[str, str]]:
    """(index, its condition without casts or parentheses) for every index scan in the plan."""
    found = set()
    lines = plan.splitlines()
    for line, following in zip(lines, [*lines[1:], ""], strict=True):
        scan = re.search(r"Index (?:Only )?Scan (?:Backward )?(?:using|on) (\w+)", line)
        if scan and "Index Cond:" in following:
            condition = following.split("Index Cond:", 1)[1]
            condition = (
                re.sub(r"::[a-z]+(?: [a-z]+)*", "", condition).replace("(", "").replace(")", "")
            )
            found.add((scan[1], condition.strip()))
    return found


def indexed_together(table: str) -> list[set[str]]:
    """The columns of each index on the table, included columns too."""
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, table)
    return [set(c["columns"]) for c in constraints.values() if c["index"]]


@pytest.fixture
def portfolio(db):
    call_command("generate_portfolio", programs=2000, seed=5, verbosity=0)
    with connection.cursor() as cursor:
        # Half the funding rows by fiscal year, as the city's own announcement gives them (the
        # generated portfolio gives none), so the year filter has funding years to look up.
        cursor.execute(
            "UPDATE funding_funding f SET fiscal_year = p.start_year FROM programs_program p"
            " WHERE p.id = f.program_id AND f.id % 2 = 0"
        )
        # What autovacuum does in production: the trigram index's pending rows into the index.
        cursor.execute("SELECT gin_clean_pending_list('program_search_trgm')")
        cursor.execute("ANALYZE")


def cases():
    """Each explorer filter and sort: its URL, and the index scans (an index name's start and a
    part of its condition) its plan must hold. The program table's own columns come next."""
    program = Program.public_objects.exclude(site=None).order_by("pk").first()
    site = Site.private_objects.filter(facilities__isnull=False).order_by("pk").first()
    facility = Facility.public_objects.order_by("pk").first()
    word = max(program.name.split(), key=len)
    # A three-syllable search as narrow as a real one: the least common word start among the
    # first programs' names (a word in most names is read faster by a scan, and planned so).
    texts = list(Program.public_objects.order_by("pk").values_list("search_text", flat=True))
    starts = {w[:3] for text in texts[:50] for w in text.split("\n", 1)[0].split() if len(w) >= 3}
    rare = min(sorted(starts), key=lambda start: sum(start in text for text in texts))
    filters = {
        "두 글자 검색어": (f"/programs/?q={word[:2]}", [("searchgram_gram_program_idx", "gram =")]),
        "세 글자 이상 검색어": (
            f"/programs/?q={rare}",
            [("program_search_trgm", "search_text ~~")],
        ),
        "분야": (
            f"/programs/?category={program.category.slug}",
            [("programs_category_slug", "slug =")],
        ),
        "상태": ("/programs/?status=completed", []),
        "연도": (
            "/programs/?year=2021",
            [
                ("budget_year_program_idx", "fiscal_year ="),
                ("funding_year_program_idx", "fiscal_year ="),
            ],
        ),
        "재원": ("/programs/?funding=national", [("funding_kind_program_idx", "kind =")]),
        "입지": (
            f"/programs/?site={site.slug}",
            [
                ("facilities_site_slug", "slug ="),
                ("facilities_facility_site_id", "site_id ="),
                ("programs_program_facilities_facility_id", "facility_id ="),
            ],
        ),
        "시설": (
            f"/programs/?facility={facility.slug}",
            [
                ("facilities_facility_slug", "slug ="),
                ("programs_program_facilities_facility_id", "facility_id ="),
            ],
        ),
        "총사업비": ("/programs/?min_cost=100억&max_cost=500억", []),
    }
    sorts = {f"정렬 {key}": (f"/programs/?sort={key}&page=3", []) for key in SORTS}
    return {**filters, **sorts}


def sort_columns(order) -> set[str]:
    """The program columns an explorer sort orders by (its last key, the id, is in every index)."""
    names = {key.lstrip("-") if isinstance(key, str) else key.expression.name for key in order}
    return names - {"pk"}


# The program table's own filter and sort columns: with the publication state every public list
# starts from, each is in an index (the covering program_explorer_idx holds them all, so a count
# and a page's ids are read from the index alone).
OWN_COLUMNS = {
    "분야": {"category_id"},
    "상태": {"status"},
    "연도": {"start_year", "end_year"},
    "총사업비": {"total_cost"},
    **{f"정렬 {key}": sort_columns(order) for key, (_label, order) in SORTS.items()},
}


@pytest.mark.postgres
def test_every_filter_and_sort_is_read_through_an_index(web, portfolio):
    unserved = {}
    for name, (url, expected) in cases().items():
        with statements() as ran:
            response = web.get(url)
        assert response.status_code == 200, (name, response.status_code)
        plan = plans(ran)
        used = index_conditions(plan)
        missing = [
            (index, condition)
            for index, condition in expected
            if not any(i.startswith(index) and condition in c for i, c in used)
        ]
        if "Seq Scan" in plan or missing:
            unserved[name] = (url, missing, plan)
    assert unserved == {}, "\n\n".join(
        f"{name} {url}: missing {missing}\n{plan}"
        for name, (url, missing, plan) in unserved.items()
    )


def test_the_program_tables_filter_and_sort_columns_are_indexed():
    """On both databases."""
    indexes = indexed_together("programs_program")
    unindexed = {
        name: columns
        for name, columns in OWN_COLUMNS.items()
        if not any({"publication_state", *columns} <= index for index in indexes)
    }
    assert unindexed == {}


@pytest.mark.postgres
def test_the_check_sees_a_filter_without_its_index(web, portfolio):
    """Without funding_kind_program_idx, the 재원 filter is caught."""
    with connection.cursor() as cursor:
        cursor.execute("DROP INDEX funding_kind_program_idx")
    url, expected = cases()["재원"]
    with statements() as ran:
        web.get(url)
    used = index_conditions(plans(ran))
    assert not any(i.startswith(expected[0][0]) for i, _ in used)
    assert not any("kind =" in condition for _, condition in used)
