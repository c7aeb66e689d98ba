"""What the caches key on, so an edit shows on the very next request on every app server.

* ``content_version()`` — one counter row in the database, moved by every public-data change in the
  same transaction. Lists, home and aggregate pages key on it.
* ``Program.updated_at`` — moved when anything a program page shows changes (its own fields, its
  funding, budgets, outcomes, partners, facilities, sources, or a record those link to). Program
  pages key on it, so editing one program leaves the others' cached pages alone.
"""

from datetime import UTC, datetime

from django.db import connection
from django.db.models import F, Q
from django.utils import timezone

from .models import ContentVersion


def content_version() -> tuple[int, datetime]:
    """(counter, changed_at) — read on every cached page view, so plain SQL, not the ORM."""
    row = fetch_one(f"SELECT counter, changed_at FROM {ContentVersion._meta.db_table} WHERE id = 1")
    if row is None:
        return 0, timezone.now()
    return row[0], as_aware(row[1])


def fetch_one(sql: str, params=()):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()


def as_aware(value) -> datetime:
    """SQLite hands back text for raw queries; PostgreSQL an aware datetime."""
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


def touch_programs(condition: Q, *, content_changed: bool) -> None:
    """Mark programs matching ``condition`` as changed: their page cache, ETag and edit version move.

    ``content_changed`` also moves the public "최종 수정" date: for a program's own rows (funding,
    budgets, outcomes, partners), not for a renamed facility or source it links to.
    """
    from gyeongju.programs.models import Program

    ids = list(Program.private_objects.filter(condition).values_list("pk", flat=True).distinct())
    if not ids:
        return
    now = timezone.now()
    changes = {"version": F("version") + 1, "changed_at": now}
    if content_changed:
        changes["updated_at"] = now
    Program.private_objects.filter(pk__in=ids).update(**changes)


PROGRAM_ROWS = {
    "funding.Funding",
    "programs.ProgramBudget",
    "programs.ProgramPartner",
    "outcomes.Outcome",
}


def programs_showing(instance) -> Q | None:
    """Which programs' pages show ``instance`` (None: not something a program page shows)."""
    label = instance._meta.label
    if label in PROGRAM_ROWS:
        return Q(pk=instance.program_id)
    if label == "facilities.Facility":
        return Q(facilities=instance)
    if label == "facilities.Site":
        return Q(site=instance) | Q(facilities__site=instance)
    if label == "organisations.Organisation":
        return Q(partnerships__organisation=instance) | Q(facilities__operator=instance)
    if label == "sources.Source":
        return (
            Q(sources=instance)
            | Q(cost_source=instance)
            | Q(funding__source=instance)
            | Q(budgets__source=instance)
            | Q(outcomes__source=instance)
        )
    if label == "programs.Category":
        return Q(category=instance)
    return None


def refresh_search_text(condition: Q) -> None:
    """A renamed 분야 or 입지 is searchable under its new name in every program that shows it."""
    from gyeongju.programs.models import Program
    from gyeongju.programs.search import index_programs

    programs = list(
        Program.private_objects.filter(condition).select_related("category", "site").distinct()
    )
    for program in programs:
        program.search_text = program.build_search_text()
    Program.private_objects.bulk_update(programs, ["search_text"], batch_size=500)
    index_programs((program.pk, program.search_text) for program in programs)
