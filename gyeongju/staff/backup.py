"""A database-independent backup of the whole record: every row of every app model (drafts
included), their change history, old slugs, the content version, staff accounts and groups, and
the admin's action log. `export_portfolio` writes it as JSON; `import_portfolio` restores it into
an empty database, keeping primary keys, so URLs, history and citations stay exactly as they were.

Staff accounts and groups travel by natural key (username, group name, permission codename):
content types and permissions are recreated by `migrate`, with whatever ids the new database
gives them.
"""

import datetime
import json
from collections.abc import Iterator

from django.apps import apps
from django.core import serializers
from django.core.management.base import CommandError
from django.core.management.color import no_style
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.models import Model
from django.utils import timezone

from gyeongju.core import signals

FORMAT = "gyeongju-portfolio"
VERSION = 1
APP_LABELS = (
    "sources",
    "organisations",
    "places",
    "facilities",
    "programs",
    "funding",
    "outcomes",
    "progress",
    "core",
    "review",  # proposals waiting for an approver are staff's work too
    "reports",  # citizens' error reports: never lost
)
# Rebuilt from the restored rows, never stored: the search index follows each restored program,
# and pages are rendered again on their first request.
DERIVED = {"programs.SearchGram", "core.StoredPage"}
# Matched by natural key, ordered by it so two backups of the same data are the same file.
BY_NATURAL_KEY = {"auth.group": ("name",), "auth.user": ("username",)}
# Bookkeeping a fresh database may already hold; restored over, never a reason to refuse.
OVERWRITTEN = {"core.contentversion", "auth.group", "places.place"}
# Rows a fresh database holds from data migrations (the 23 읍·면·동): replaced by the backup's own.
REPLACED = ("places.place",)


class BackupEncoder(DjangoJSONEncoder):
    """DjangoJSONEncoder, but times keep their microseconds (it cuts them to milliseconds): history
    order, ETags and "최종 수정" must come back exactly."""

    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


def label(model) -> str:
    return model._meta.label_lower


def backed_up_models() -> list[type[Model]]:
    """Every model in the backup, each after the models it points to."""
    chosen = [apps.get_model("auth", "Group"), apps.get_model("auth", "User")]
    for app_label in APP_LABELS:
        chosen += [
            m
            for m in apps.get_app_config(app_label).get_models()
            # Derived tables are rebuilt from the restored rows (the search index follows each
            # restored program), never stored.
            if not m._meta.proxy and m._meta.label not in DERIVED
        ]
    chosen.append(apps.get_model("admin", "LogEntry"))
    return dependency_order(chosen)


def dependency_order(models: list[type[Model]]) -> list[type[Model]]:
    members = set(models)
    ordered: list[type[Model]] = []
    visiting: set = set()

    def visit(model):
        if model in ordered or model in visiting:
            return
        visiting.add(model)
        for field in model._meta.get_fields():
            target = getattr(field, "related_model", None)
            forward = field.concrete or (field.many_to_many and not field.auto_created)
            if forward and target in members and target is not model:
                visit(target)
        visiting.discard(model)
        ordered.append(model)

    for model in models:
        visit(model)
    # The content version goes last: restoring the rows must not move it past the backup's.
    ordered.sort(key=lambda m: label(m) == "core.contentversion")
    return ordered


def serialized_rows(model) -> Iterator[dict]:
    natural = label(model) in BY_NATURAL_KEY
    queryset = model._base_manager.order_by(*BY_NATURAL_KEY.get(label(model), ("pk",)))
    yield from serializers.serialize(
        "python",
        queryset.iterator(chunk_size=2000),
        use_natural_foreign_keys=True,
        use_natural_primary_keys=natural,
    )


def write_backup(stream) -> dict[str, int]:
    """Write the backup as JSON to ``stream``; returns the row count per model. All tables are
    read in one transaction, so a save made meanwhile is either wholly in the backup or not."""
    connection = connections[DEFAULT_DB_ALIAS]
    if connection.in_atomic_block:  # inside a caller's transaction, which already sees one state
        return _write_backup(stream)
    if connection.vendor == "postgresql":
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            return _write_backup(stream)
    # SQLite: a plain (deferred) read transaction keeps one snapshot and blocks no staff save,
    # where Django's atomic() would take the write lock (transaction_mode IMMEDIATE).
    with connection.cursor() as cursor:
        cursor.execute("BEGIN DEFERRED")
    try:
        return _write_backup(stream)
    finally:
        with connection.cursor() as cursor:
            cursor.execute("COMMIT")


def _write_backup(stream) -> dict[str, int]:
    models = backed_up_models()
    counts = {label(m): m._base_manager.count() for m in models}
    head = {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": timezone.now().isoformat(timespec="seconds"),
        "database": connections[DEFAULT_DB_ALIAS].vendor,
        "counts": counts,
    }
    stream.write(json.dumps(head, ensure_ascii=False, indent=1)[:-2] + ',\n "objects": [')
    first = True
    for model in models:
        for row in serialized_rows(model):
            stream.write(
                ("\n" if first else ",\n") + json.dumps(row, cls=BackupEncoder, ensure_ascii=False)
            )
            first = False
    stream.write("\n ]\n}\n")
    return counts


def read_backup(path) -> dict:
    try:
        with open(path, encoding="utf-8") as handle:
            data = json.load(handle)
    except FileNotFoundError as error:
        raise CommandError(f"백업 파일을 찾을 수 없습니다: {path}") from error
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise CommandError(f"백업 파일을 읽을 수 없습니다(JSON이 아닙니다): {error}") from error
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise CommandError("export_portfolio로 만든 백업 파일이 아닙니다.")
    if data.get("version") != VERSION:
        raise CommandError(
            f"이 프로그램이 읽을 수 없는 백업 형식 버전입니다: {data.get('version')} "
            f"(지원: {VERSION})"
        )
    return data


def rows_already_there() -> dict[str, int]:
    """What makes the database not empty: any row of a backed-up model (bookkeeping aside)."""
    found = {}
    for model in backed_up_models():
        if label(model) in OVERWRITTEN:
            continue
        count = model._base_manager.count()
        if count:
            found[str(model._meta.verbose_name)] = count
    return found


def restore_backup(data: dict) -> dict[str, int]:
    """Load ``data`` (from read_backup) into an empty database, all or nothing."""
    if not isinstance(data.get("objects"), list):
        raise CommandError("백업 파일에 자료 목록(objects)이 없습니다.")
    already = rows_already_there()
    if already:
        listed = ", ".join(f"{name} {count}건" for name, count in already.items())
        raise CommandError(
            f"데이터베이스가 비어 있지 않아 복원하지 않았습니다({listed}). 덮어쓰지 않도록, "
            "migrate만 실행한 빈 데이터베이스에 복원해 주세요."
        )
    connection = connections[DEFAULT_DB_ALIAS]
    restored: dict[str, int] = {}
    models = set()
    with transaction.atomic(), signals.muted(), connection.constraint_checks_disabled():
        with connection.cursor() as cursor:  # no history rows, no signals: not a deletion
            for name in REPLACED:
                table = connection.ops.quote_name(apps.get_model(name)._meta.db_table)
                cursor.execute(f"DELETE FROM {table}")
        deferred = []
        try:
            for item in serializers.deserialize(
                "python", data["objects"], handle_forward_references=True
            ):
                item.save()
                if item.deferred_fields:
                    deferred.append(item)
                model = type(item.object)
                models.add(model)
                restored[label(model)] = restored.get(label(model), 0) + 1
            for item in deferred:
                item.save_deferred_fields()
        except serializers.base.DeserializationError as error:
            raise CommandError(f"백업 파일의 자료를 복원할 수 없습니다: {error}") from error
        connection.check_constraints(table_names=[m._meta.db_table for m in models])
        statements = connection.ops.sequence_reset_sql(no_style(), list(models))
        if statements:
            with connection.cursor() as cursor:
                for statement in statements:
                    cursor.execute(statement)
    return restored
