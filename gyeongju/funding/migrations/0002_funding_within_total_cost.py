"""Database-level guard: the known funding shares of a program never add up to more than its total.

PostgreSQL checks at commit (deferred constraint triggers on both tables), so a form that lowers
the total and the shares together passes. SQLite cannot defer triggers, so it checks each funding
write; its triggers are dropped before and recreated after every `migrate` (gyeongju/funding/
triggers.py), because SQLite's table rebuilds fail on triggers that name the rebuilt table. The
admin form validates the whole save before anything is written on both databases.
"""

from django.db import migrations

POSTGRES_FORWARD = """
CREATE OR REPLACE FUNCTION funding_within_total_cost() RETURNS trigger AS $$
DECLARE
    pid bigint;
    total bigint;
    known numeric;
BEGIN
    IF TG_TABLE_NAME = 'programs_program' THEN
        pid := NEW.id;
    ELSE
        pid := NEW.program_id;
    END IF;
    SELECT total_cost INTO total FROM programs_program WHERE id = pid;
    IF total IS NULL THEN
        RETURN NULL;
    END IF;
    SELECT COALESCE(SUM(amount), 0) INTO known FROM funding_funding WHERE program_id = pid;
    IF known > total THEN
        RAISE EXCEPTION 'funding_within_total_cost: program % known funding % exceeds total %',
            pid, known, total USING ERRCODE = 'check_violation';
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE CONSTRAINT TRIGGER funding_within_total_cost_on_funding
    AFTER INSERT OR UPDATE ON funding_funding
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION funding_within_total_cost();

CREATE CONSTRAINT TRIGGER funding_within_total_cost_on_program
    AFTER UPDATE OF total_cost ON programs_program
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION funding_within_total_cost();
"""

POSTGRES_REVERSE = """
DROP TRIGGER IF EXISTS funding_within_total_cost_on_funding ON funding_funding;
DROP TRIGGER IF EXISTS funding_within_total_cost_on_program ON programs_program;
DROP FUNCTION IF EXISTS funding_within_total_cost();
"""

def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(POSTGRES_FORWARD, params=None)


def reverse(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(POSTGRES_REVERSE, params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("funding", "0001_initial"),
        ("programs", "0001_initial"),
    ]

    operations = [migrations.RunPython(forward, reverse)]
