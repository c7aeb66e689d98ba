from django.db.backends.signals import connection_created
from django.db.models import Q
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from .versioning import (
    PROGRAM_ROWS,
    bump_content_version,
    programs_showing,
    refresh_search_text,
    touch_programs,
)

CONTENT_APPS = {"programs", "funding", "facilities", "outcomes", "organisations", "sources"}
DERIVED = {"programs.SearchGram"}  # rebuilt from content, never content itself


def is_content(sender) -> bool:
    return (
        sender._meta.app_label in CONTENT_APPS
        and not sender.__name__.startswith("Historical")
        and sender._meta.label not in DERIVED
    )


@receiver(post_save)
@receiver(post_delete)
def content_changed(sender, instance, raw=False, **kwargs):
    if not is_content(sender):
        return
    bump_content_version()
    if raw:
        return  # loaddata keeps the fixture's own dates
    condition = programs_showing(instance)
    if condition is not None:
        touch_programs(condition, content_changed=sender._meta.label in PROGRAM_ROWS)
    if sender._meta.label in {"programs.Category", "facilities.Site"} and "created" in kwargs:
        refresh_search_text(condition)


@receiver(m2m_changed)
def links_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if action not in {"post_add", "post_remove", "post_clear"}:
        return
    model = type(instance)
    if model._meta.app_label not in CONTENT_APPS:
        return
    bump_content_version()
    # Links (facilities, sources) change what a page shows, not the program's own content date.
    if model._meta.label == "programs.Program" and not reverse:
        touch_programs(Q(pk=instance.pk), content_changed=False)
    elif pk_set:
        touch_programs(Q(pk__in=pk_set), content_changed=False)
    else:
        condition = programs_showing(instance)
        if condition is not None:
            touch_programs(condition, content_changed=False)


@receiver(connection_created)
def sqlite_statistics(sender, connection, **kwargs):
    """Without ANALYZE statistics SQLite may scan every program once per facility (seconds at
    10,000 programs); gather them (sampled, ~20 ms) the first time a database has none."""
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE name IN ('sqlite_stat1', 'programs_program')"
        )
        names = {row[0] for row in cursor.fetchall()}
        if names == {"programs_program"}:
            cursor.execute("PRAGMA analysis_limit=400")
            cursor.execute("ANALYZE")
            # Back to full statistics for any later ANALYZE on this connection (generate_portfolio
            # runs one): the sample misjudges a two-valued column such as publication_state.
            cursor.execute("PRAGMA analysis_limit=0")
