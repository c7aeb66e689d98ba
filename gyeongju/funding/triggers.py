"""SQLite's side of the funding-within-total guard (PostgreSQL's lives in migration 0002).

SQLite rebuilds a table to alter it and refuses the rename while a trigger names that table, so
the triggers are dropped before `migrate` and created again after it.
"""

from django.db import connections

SQLITE_CREATE = [
    f"""
CREATE TRIGGER IF NOT EXISTS funding_within_total_cost_{event.lower()}
AFTER {event} ON funding_funding
WHEN (SELECT total_cost FROM programs_program WHERE id = NEW.program_id) IS NOT NULL
 AND (SELECT COALESCE(SUM(amount), 0) FROM funding_funding WHERE program_id = NEW.program_id)
     > (SELECT total_cost FROM programs_program WHERE id = NEW.program_id)
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: funding_within_total_cost');
END;
"""
    for event in ("INSERT", "UPDATE")
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS funding_within_total_cost_insert;",
    "DROP TRIGGER IF EXISTS funding_within_total_cost_update;",
]


def drop_sqlite_triggers(using="default", **kwargs):
    connection = connections[using]
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        for statement in SQLITE_DROP:
            cursor.execute(statement)


def create_sqlite_triggers(using="default", **kwargs):
    connection = connections[using]
    if connection.vendor != "sqlite":
        return
    tables = set(connection.introspection.table_names())
    if not {"funding_funding", "programs_program"} <= tables:
        return
    with connection.cursor() as cursor:
        for statement in SQLITE_CREATE:
            cursor.execute(statement)
