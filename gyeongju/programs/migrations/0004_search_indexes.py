"""Search and filter indexes.

PostgreSQL: pg_trgm GIN index on UPPER(search_text), which is what `icontains` compares, so
searches of 3+ characters use it. The database needs a UTF-8 LC_CTYPE or pg_trgm ignores Hangul.
"""

from django.db import migrations

TRGM = """
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX IF NOT EXISTS program_search_trgm
    ON programs_program USING gin (UPPER(search_text) gin_trgm_ops);
"""
TRGM_REVERSE = "DROP INDEX IF EXISTS program_search_trgm;"


def fill_search_text(apps, schema_editor):
    Program = apps.get_model("programs", "Program")
    for program in Program._base_manager.select_related("category", "site").iterator(chunk_size=500):
        parts = [program.name, program.summary, program.body, program.lead_department]
        parts += [program.category.name if program.category_id else "", program.site.name if program.site_id else ""]
        program.search_text = "\n".join(p for p in parts if p)
        program.save(update_fields=["search_text"])


def trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(TRGM, params=None)


def drop_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(TRGM_REVERSE, params=None)


class Migration(migrations.Migration):
    dependencies = [("programs", "0003_search_text")]

    operations = [
        migrations.RunPython(fill_search_text, migrations.RunPython.noop),
        migrations.RunPython(trigram_index, drop_trigram_index),
    ]
