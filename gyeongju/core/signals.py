"""Every change to public content moves the content version in the same transaction, then runs
what its app registered (``core.versioning.watch``)."""

import contextlib

from django.db.backends.signals import connection_created
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from .versioning import WATCHED, bump_content_version

LINK_ACTIONS = {"post_add", "post_remove", "post_clear"}


@receiver(post_save)
@receiver(post_delete)
def content_changed(sender, instance, raw=False, **kwargs):
    if sender not in WATCHED:
        return
    bump_content_version()
    on_change = WATCHED[sender]
    if on_change is not None and not raw:  # loaddata keeps the fixture's own versions and dates
        on_change(instance, **kwargs)


@receiver(m2m_changed)
def links_changed(sender, instance, action, **kwargs):
    if action not in LINK_ACTIONS or sender not in WATCHED:
        return
    bump_content_version()
    on_change = WATCHED[sender]
    if on_change is not None:
        on_change(instance, action=action, **kwargs)


@contextlib.contextmanager
def muted():
    """Rows written meanwhile keep the versions and dates they carry (a backup being restored)."""
    receivers = [
        (post_save, content_changed),
        (post_delete, content_changed),
        (m2m_changed, links_changed),
    ]
    for signal, function in receivers:
        signal.disconnect(function)
    try:
        yield
    finally:
        for signal, function in receivers:
            signal.connect(function)


@receiver(connection_created)
def sqlite_statistics(sender, connection, **kwargs):
    """Without ANALYZE statistics SQLite may scan every program once per facility; gather them
    (sampled, quick) the first time a database has none."""
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
