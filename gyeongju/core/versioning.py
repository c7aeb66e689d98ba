"""What the caches key on, so an edit shows on the very next request on every app server.

* ``content_version()``: one row, moved in the same transaction by every change to a model
  registered as public content (``watch``; the receivers are in ``core.signals``). Lists, the home
  page and other pages that show the whole portfolio key on it.
* A registered model may add its own reaction (``on_change``). The programs app moves the
  ``version`` of each program whose page shows the changed row (``programs/versioning.py``): a
  program page keys on that, so editing one program leaves the other programs' pages valid.
* The same row says when the next scheduled work is due (``next_due``: a 공개 예약, or a reporter's
  e-mail reaching the end of its retention). Every request that reads a version runs what is due
  first (registered with ``when_due``), so a scheduled change shows from its minute on every app
  server, and personal data goes when promised, with nobody acting and no cron.

Tokens name the change time as well as the counter: a counter value that a rolled-back
transaction used (a staff preview) may come back later, its time never does.
"""

import contextlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from django.db import DatabaseError, connection
from django.db.models import F
from django.utils import timezone

from .models import ContentVersion

logger = logging.getLogger("gyeongju")

# model → what else a change to one of its rows moves (None: only the content version)
WATCHED: dict[type, Callable | None] = {}


@dataclass(frozen=True)
class DueWork:
    run: Callable[[], object]  # does what is due now (and nothing that is not)
    next_time: Callable[[], datetime | None]  # when its next piece of work is due


# Registered by the apps that schedule work (review: 공개 예약; reports: the retention purge).
DUE_WORK: list[DueWork] = []


def watch(model, on_change: Callable | None = None) -> None:
    """Register ``model`` as public content. ``on_change(instance, **signal)`` runs after the
    content version moved, with the post_save / post_delete / m2m_changed signal's arguments
    (for a many-to-many link table, ``instance`` is the record whose links changed)."""
    WATCHED[model] = on_change


def when_due(run: Callable[[], object], next_time: Callable[[], datetime | None]) -> None:
    """Register scheduled work: ``run`` does what is due, ``next_time`` says when more will be."""
    DUE_WORK.append(DueWork(run, next_time))


def schedule_next() -> None:
    """Record when the earliest registered work is next due (None: nothing is). Call it after
    scheduling something; it runs by itself after due work has run."""
    times = [when for work in DUE_WORK if (when := work.next_time()) is not None]
    set_next_due(min(times) if times else None)


@dataclass(frozen=True)
class Version:
    counter: int
    changed_at: datetime
    next_due: datetime | None = None

    @property
    def token(self) -> str:
        return f"{self.counter}.{stamp_time(self.changed_at)}"


def stamp_time(moment: datetime) -> int:
    """A change time as a whole number of microseconds, for keys and tokens."""
    return round(moment.timestamp() * 1_000_000)


VERSION_SQL = (
    f"SELECT counter, changed_at, next_due FROM {ContentVersion._meta.db_table} WHERE id = 1"
)


def content_version() -> Version:
    """The site's content version, read on every stored page view: one primary-key read in plain
    SQL (decision 0005: the ORM's query building would double a cache hit's cost). What is due
    runs first."""
    row = fetch_one(VERSION_SQL)
    if row is None:
        return Version(0, timezone.now())
    if run_due(row[2]):
        row = fetch_one(VERSION_SQL)
    return Version(row[0], as_aware(row[1]), as_aware(row[2]) if row[2] else None)


def run_due(next_due) -> bool:
    """Apply the scheduled changes if the next one is due (``next_due`` as read); True if any
    handler ran, so the caller reads its versions again."""
    if next_due is None or as_aware(next_due) > timezone.now() or not DUE_WORK:
        return False
    for work in DUE_WORK:
        try:
            work.run()
        except Exception:  # the page is still answered; the next request tries again
            logger.exception("scheduled work could not be done")
    try:
        schedule_next()
    except Exception:
        logger.exception("the next scheduled work could not be recorded")
    return True


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


def set_next_due(when: datetime | None) -> None:
    """Record when the next scheduled change is due (None: nothing is scheduled)."""
    if not ContentVersion.objects.filter(pk=1).update(next_due=when):
        ContentVersion.objects.get_or_create(pk=1, defaults={"next_due": when})


class DueChangesMiddleware:
    """Runs what is due for a request the page cache did not read a version for (staff pages,
    downloads, POSTs), so every surface shows a scheduled change from its minute."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not hasattr(request, "page_stamp"):
            # A database fault here is the view's too: it answers 503.
            with contextlib.suppress(DatabaseError):
                content_version()
        return self.get_response(request)
