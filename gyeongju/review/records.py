"""Records as a reviewer sees them: a record with the rows it owns (a program with its funding,
budgets, outcomes, partners and links), taken as a snapshot, compared, and applied.

A snapshot is plain JSON (``{"fields": …, "rows": …, "links": …}``) so a revision can be stored,
shown field by field, checked for conflicts and applied to the live tables later. Rows a proposal
adds have negative ids in the snapshot: a preview inserts them under those ids (never a real id),
an approval lets the database number them.
"""

import json
from dataclasses import dataclass, field

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models

from gyeongju.core.dates import format_date
from gyeongju.core.money import format_won
from gyeongju.facilities.models import Facility, Site
from gyeongju.funding.models import Funding
from gyeongju.organisations.models import Organisation
from gyeongju.outcomes.models import Outcome
from gyeongju.places.models import Place
from gyeongju.programs.models import Category, PortfolioYear, Program, ProgramBudget, ProgramPartner
from gyeongju.progress.models import Execution, Milestone
from gyeongju.sources.models import Source

# Kept by the code, never proposed: versions, timestamps, derived text.
BOOKKEEPING = {
    "id",
    "version",
    "created_at",
    "updated_at",
    "changed_at",
    "published_at",
    "search_text",
}


@dataclass(frozen=True, eq=False)  # one instance per model, hashed by identity
class RecordKind:
    """A model whose records are reviewed as a whole, with the rows and links they own."""

    model: type
    rows: dict = field(default_factory=dict)  # relation name → (row model, its key to the record)
    links: tuple = ()  # many-to-many field names
    public_on_creation: bool = False  # a new record shows at once (the city's stated totals)

    def fields(self, model=None) -> list:
        model = model or self.model
        return [f for f in model._meta.concrete_fields if f.name not in BOOKKEEPING]


PROGRAM = RecordKind(
    Program,
    rows={
        "funding": (Funding, "program"),
        "budgets": (ProgramBudget, "program"),
        "outcomes": (Outcome, "program"),
        "executions": (Execution, "program"),
        "milestones": (Milestone, "program"),
        "partnerships": (ProgramPartner, "program"),
    },
    links=("facilities", "sources"),
)
KINDS = {
    kind.model: kind
    for kind in (
        PROGRAM,
        RecordKind(Facility),
        RecordKind(Site),
        RecordKind(Source),
        RecordKind(Organisation),
        RecordKind(Place),
        RecordKind(Category),
        RecordKind(PortfolioYear, public_on_creation=True),
    )
}
# A row belongs to the record its key points at.
ROW_OWNERS = {row: (kind, key) for kind in KINDS.values() for row, key in kind.rows.values()}
LINK_TABLES = {
    getattr(kind.model, name).through: (kind, name)
    for kind in KINDS.values()
    for name in kind.links
}


def plain(value):
    """A field value as JSON holds it (dates and decimals as text)."""
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))


def field_values(kind, model, obj) -> dict:
    values = {f.name: plain(f.value_from_object(obj)) for f in kind.fields(model)}
    for _relation, (row_model, key) in kind.rows.items():
        if model is row_model:
            values.pop(key, None)
    return values


def snapshot(kind: RecordKind, pk) -> dict | None:
    """The record ``pk`` of ``kind`` as it is now, or None when there is none."""
    record = kind.model.private_objects.filter(pk=pk).first() if pk is not None else None
    if record is None:
        return None
    return {
        "fields": field_values(kind, kind.model, record),
        "rows": {
            relation: {
                str(row.pk): field_values(kind, row_model, row)
                for row in row_model.private_objects.filter(**{key: record}).order_by("pk")
            }
            for relation, (row_model, key) in kind.rows.items()
        },
        "links": {
            name: sorted(getattr(record, name).values_list("pk", flat=True)) for name in kind.links
        },
    }


def is_public(kind: RecordKind, pk) -> bool:
    if pk is None:
        return kind.public_on_creation
    return kind.model.public_objects.filter(pk=pk).exists()


# What changed ------------------------------------------------------------------------------------


@dataclass
class Change:
    """One line of a revision as a reviewer reads it: what, before → after."""

    label: str
    before: str
    after: str
    path: tuple = ()  # ("fields", name) / ("rows", relation, id, name) / ("links", name, id)


def empty(kind: RecordKind) -> dict:
    return {
        "fields": {},
        "rows": {relation: {} for relation in kind.rows},
        "links": {name: [] for name in kind.links},
    }


def changed_paths(kind: RecordKind, before: dict | None, after: dict) -> list[tuple]:
    """Every field, row field and link the proposal changes."""
    before = before or empty(kind)
    paths = [
        ("fields", name)
        for name, value in after["fields"].items()
        if before["fields"].get(name, MISSING) != value
    ]
    for relation in kind.rows:
        old, new = before["rows"][relation], after["rows"][relation]
        for pk in sorted(old.keys() | new.keys(), key=int):
            if pk not in new:
                paths.append(("rows", relation, pk, None))  # removed
            elif pk not in old:
                paths.append(("rows", relation, pk, "*"))  # added
            else:
                paths += [
                    ("rows", relation, pk, name)
                    for name, value in new[pk].items()
                    if old[pk].get(name, MISSING) != value
                ]
    for name in kind.links:
        for pk in sorted(set(before["links"][name]) ^ set(after["links"][name])):
            paths.append(("links", name, pk))
    return paths


MISSING = object()


def value_at(snapshot_: dict | None, path: tuple):
    """What ``snapshot_`` holds at ``path`` (MISSING where it holds nothing)."""
    if snapshot_ is None:
        return MISSING
    if path[0] == "fields":
        return snapshot_["fields"].get(path[1], MISSING)
    if path[0] == "rows":
        _, relation, pk, name = path
        row = snapshot_["rows"][relation].get(pk, MISSING)
        if row is MISSING or name in (None, "*"):
            return row
        return row.get(name, MISSING)
    _, name, pk = path
    return pk in snapshot_["links"][name]


def conflicts(kind: RecordKind, before, after, live) -> list[tuple]:
    """The paths the proposal changes that the live record changed too since it was made."""
    return [
        path
        for path in changed_paths(kind, before, after)
        if value_at(live, path) != value_at(before, path)
    ]


# Reading a change in Korean ----------------------------------------------------------------------


def shown(model, name: str, value) -> str:
    if value is MISSING or value is None or value == "":
        return "(없음)"
    field_ = model._meta.get_field(name)
    if isinstance(field_, models.BigIntegerField) and (
        "(원)" in str(field_.verbose_name) or name in {"amount", "total_cost", "total_amount"}
    ):
        return format_won(int(value))
    if field_.choices:
        return str(dict(field_.flatchoices).get(value, value))
    if isinstance(field_, models.ForeignKey):
        target = field_.related_model._base_manager.filter(pk=value).first()
        return str(target) if target is not None else f"#{value}"
    if isinstance(field_, models.DateField) and not isinstance(field_, models.DateTimeField):
        return format_date(field_.to_python(value))
    if isinstance(field_, models.BooleanField):
        return "예" if value else "아니요"
    text = str(value)
    return text if len(text) <= 200 else text[:200] + "…"


def label(model, name: str) -> str:
    return str(model._meta.get_field(name).verbose_name).removesuffix("(원)")


def row_title(row_model, values: dict) -> str:
    if row_model is Funding:
        kind = shown(Funding, "kind", values.get("kind"))
        year = values.get("fiscal_year")
        return f"재원 {kind}" + (f" ({year}년)" if year else "")
    if row_model is ProgramBudget:
        return f"연도별 예산 {values.get('fiscal_year')}년"
    if row_model is Outcome:
        return f"성과 {values.get('label') or shown(Outcome, 'indicator', values.get('indicator'))}"
    if row_model is Execution:
        kind = values.get("kind")
        return f"집행 실적 {values.get('fiscal_year')}년" + (
            f" {shown(Execution, 'kind', kind)}" if kind else ""
        )
    if row_model is Milestone:
        return f"일정 {values.get('name') or shown(Milestone, 'phase', values.get('phase'))}"
    if row_model is ProgramPartner:
        return f"참여 기관 {shown(ProgramPartner, 'organisation', values.get('organisation'))}"
    return str(row_model._meta.verbose_name)


def describe(kind: RecordKind, before, after, paths=None) -> list[Change]:
    """Each change as 항목: 전 → 후, in Korean, amounts as 290억원."""
    changes = []
    for path in paths if paths is not None else changed_paths(kind, before, after):
        if path[0] == "fields":
            name = path[1]
            changes.append(
                Change(
                    label(kind.model, name),
                    shown(kind.model, name, value_at(before, path)),
                    shown(kind.model, name, value_at(after, path)),
                    path,
                )
            )
        elif path[0] == "rows":
            _, relation, pk, name = path
            row_model = kind.rows[relation][0]
            whole = (*path[:3], "*")
            old, new = value_at(before, whole), value_at(after, whole)
            title = row_title(row_model, new if new is not MISSING else old)
            if name is None:
                changes.append(Change(title, "있음", "삭제", path))
            elif name == "*":
                summary = ", ".join(
                    f"{label(row_model, n)} {shown(row_model, n, v)}"
                    for n, v in new.items()
                    if v not in (None, "") and n not in {"order", "note", "quote"}
                )
                changes.append(Change(title, "(없음)", f"추가: {summary}", path))
            else:
                changes.append(
                    Change(
                        f"{title} · {label(row_model, name)}",
                        shown(row_model, name, old.get(name, MISSING)),
                        shown(row_model, name, new.get(name, MISSING)),
                        path,
                    )
                )
        else:
            _, name, pk = path
            target_model = kind.model._meta.get_field(name).related_model
            target = target_model._base_manager.filter(pk=pk).first()
            linked = value_at(after, path)
            changes.append(
                Change(
                    f"{label(kind.model, name)}: {target or f'#{pk}'}",
                    "연결 없음" if linked else "연결됨",
                    "연결" if linked else "연결 끊음",
                    path,
                )
            )
    return changes


# Applying a change -------------------------------------------------------------------------------


def apply(kind: RecordKind, pk, before, after, *, provisional: bool, prepare=None):
    """Make the live record (``pk``, or a new one when ``before`` is None) carry what the proposal
    changed between ``before`` and ``after``; what it did not change is left as it is now.
    ``provisional``: a preview, rolled back afterwards, whose added rows keep their negative ids.
    ``prepare(instance)`` is called before each save (who, why, when for the history).
    Returns the record."""
    paths = changed_paths(kind, before, after)
    changed_fields = {path[1] for path in paths if path[0] == "fields"}
    record = (
        kind.model.private_objects.select_for_update().get(pk=pk)
        if before is not None
        else kind.model()
    )

    def save(instance):
        if prepare is not None:
            prepare(instance)
        instance.save()

    def assign(instance, model, values, names):
        for name in names:
            field_ = model._meta.get_field(name)
            setattr(instance, field_.attname, field_.to_python(values[name]))

    if before is None:
        assign(record, kind.model, after["fields"], after["fields"].keys())
        save(record)
        return record

    rows = {relation: dict(row_changes(paths, relation)) for relation in kind.rows}

    # Removed rows first, then rows whose amount shrinks, then the record, then the rest: the
    # known funding never passes above the total cost on the way (the database checks each write).
    for relation, (row_model, _key) in kind.rows.items():
        for row_pk, names in rows[relation].items():
            if names is None:
                row_model.private_objects.filter(pk=int(row_pk)).delete()
    pending = []
    for relation, (row_model, _key) in kind.rows.items():
        for row_pk, names in rows[relation].items():
            if names is None or names == {"*"}:
                continue
            row = row_model.private_objects.filter(pk=int(row_pk)).first()
            if row is None:
                continue  # removed meanwhile: nothing left to change
            values = after["rows"][relation][row_pk]
            shrinks = "amount" in names and values["amount"] < (row.amount or 0)
            pending.append((not shrinks, row, row_model, values, names))
    pending.sort(key=lambda item: item[0])
    for grows, row, row_model, values, names in pending:
        if grows:
            break
        assign(row, row_model, values, names)
        save(row)
    if changed_fields:
        assign(record, kind.model, after["fields"], changed_fields)
        save(record)
    for grows, row, row_model, values, names in pending:
        if grows:
            assign(row, row_model, values, names)
            save(row)
    for relation, (row_model, key) in kind.rows.items():
        for row_pk, names in rows[relation].items():
            if names != {"*"}:
                continue
            values = after["rows"][relation][row_pk]
            row = row_model(**{key: record})
            if provisional:
                row.pk = int(row_pk)
            assign(row, row_model, values, values.keys())
            save(row)
    for name in kind.links:
        added = [
            p[2] for p in paths if p[0] == "links" and p[1] == name and p[2] in after["links"][name]
        ]
        removed = [
            p[2]
            for p in paths
            if p[0] == "links" and p[1] == name and p[2] not in after["links"][name]
        ]
        if added:
            getattr(record, name).add(*added)
        if removed:
            getattr(record, name).remove(*removed)
    return record


def row_changes(paths, relation):
    """For one relation: row id → the names it changes ({"*"}: added; None: removed)."""
    found: dict = {}
    for path in paths:
        if path[0] != "rows" or path[1] != relation:
            continue
        _, _, pk, name = path
        if name is None:
            found[pk] = None
        elif name == "*":
            found[pk] = {"*"}
        else:
            found.setdefault(pk, set()).add(name)
    return found.items()


def number_added_rows(kind: RecordKind, before, after) -> dict:
    """``after`` with every row the proposal adds under a negative id (kept if it has one), so
    that a preview can insert them without taking an id the database will hand out."""
    known = {pk for relation in kind.rows for pk in (before or empty(kind))["rows"][relation]}
    lowest = min([0, *(int(pk) for r in kind.rows for pk in after["rows"][r])])
    renumbered = {**after, "rows": {}}
    for relation in kind.rows:
        renumbered["rows"][relation] = {}
        for pk, values in after["rows"][relation].items():
            if pk not in known and int(pk) > 0:
                lowest -= 1
                pk = str(lowest)
            renumbered["rows"][relation][pk] = values
    return renumbered
