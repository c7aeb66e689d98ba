"""What the caches key on, so an edit shows on the very next request on every app server.

* ``content_version()``: one counter row, moved in the same transaction by every change to a
  model registered as public content (``watch``; the receivers are in ``core.signals``). Lists, the
  home page and other pages that show the whole portfolio key on it.
* A registered model may add its own reaction (``on_change``). The programs app moves the
  ``version`` of each program whose page shows the changed row (``programs/versioning.py``): a
  program page keys on that, so editing one program leaves the other programs' pages valid.
"""

from collections.abc import Callable
from datetime import UTC, datetime

from django.db import connection
from django.db.models import F
from django.utils import timezone

from .models import ContentVersion

# model → what else a change to one of its rows moves (None: only the content version)
WATCHED: dict[type, Callable | None] = {}


def watch(model, on_change: Callable | None = None) -> None:
    """Register ``model`` as public content. ``on_change(instance, **signal)`` runs after the
    content version moved, with the post_save / post_delete / m2m_changed signal's arguments
    (for a many-to-many link table, ``instance`` is the record whose links changed)."""
    WATCHED[model] = on_change


def content_version() -> tuple[int, datetime]:
    """(counter, changed_at), read on every cached page view: one primary-key read in plain SQL
    (decision 0005: the ORM's query building would double a cache hit's cost)."""
    row = fetch_one(f"SELECT counter, changed_at FROM {ContentVersion._meta.db_table} WHERE id = 1")
    if row is None:
        return 0, timezone.now()
    return row[0], as_aware(row[1])


def fetch_one(sql: str, params=()):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()


def as_aware(value) -> datetime:
    """SQLite hands back text for plain SQL; PostgreSQL an aware datetime."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if timezone.is_naive(value):
        value = value.replace(tzinfo=UTC)
    return value


def bump_content_version() -> None:
    updated = ContentVersion.objects.filter(pk=1).update(
        counter=F("counter") + 1, changed_at=timezone.now()
    )
    if not updated:
        ContentVersion.objects.get_or_create(pk=1, defaults={"counter": 2})
