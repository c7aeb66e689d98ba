"""Model rows read with plain SQL, for the pages a first visit renders most.

Building a query costs the ORM about a millisecond of Python (joins, ordering, compilation) while
the database answers a primary-key lookup in a few microseconds. A program page needs a dozen small
reads, so they are written out here once. Each row still becomes a model instance through
``Model.from_db`` and Django's own type converters (dates on SQLite, time zones, decimals), worked
out once per model rather than per query as ``Model.raw()`` does. The callers attach the rows where
``prefetch_related`` would have put them, so templates and presenters read them the same way.

Anything that filters on publication must say so in its SQL: plain SQL does not pass through the
public managers.
"""

import datetime as dt
import json
from collections.abc import Iterable
from decimal import Decimal
from functools import lru_cache
from weakref import WeakKeyDictionary

from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.db.models import QuerySet


@lru_cache(maxsize=512)
def _quoted(name: str, vendor: str) -> str:
    return connection.ops.quote_name(name)


def quoted(name: str) -> str:
    return _quoted(name, connection.vendor)


def table(model) -> str:
    return quoted(model._meta.db_table)


def column(model, field_name: str) -> str:
    return quoted(model._meta.get_field(field_name).column)


def _fields(model, only: tuple | None) -> list:
    fields = model._meta.concrete_fields
    return list(fields) if only is None else [f for f in fields if f.attname in only]


@lru_cache(maxsize=64)
def _layout(model, vendor: str, only: tuple | None = None):
    """The columns to select (as ``t.column``), their attribute names and column expressions:
    every concrete field, or those named in ``only``."""
    fields = _fields(model, only)
    columns = ", ".join(f"t.{quoted(field.column)}" for field in fields)
    return columns, [field.attname for field in fields], [field.get_col("t") for field in fields]


# Per database connection (its converters are bound to it), per model and set of columns.
_converters: WeakKeyDictionary = WeakKeyDictionary()


def _converters_for(db, model, expressions, only: tuple | None = None):
    by_model = _converters.setdefault(db, {})
    if (model, only) not in by_model:
        by_model[model, only] = [
            (index, found, expression)
            for index, expression in enumerate(expressions)
            if (found := db.ops.get_db_converters(expression) + expression.get_db_converters(db))
        ]
    return by_model[model, only]


def rows(model, sql: str, params: Iterable = ()) -> list:
    """Instances of ``model`` for ``SELECT <its columns> FROM <its table> t`` + ``sql``."""
    db = connections[DEFAULT_DB_ALIAS]
    columns, attnames, expressions = _layout(model, db.vendor)
    converters = _converters_for(db, model, expressions)
    with db.cursor() as cursor:
        cursor.execute(f"SELECT {columns} FROM {table(model)} t {sql}", list(params))
        found = cursor.fetchall()
    instances = []
    for row in found:
        if converters:
            row = list(row)
            for index, functions, expression in converters:
                for function in functions:
                    row[index] = function(row[index], expression, db)
        instances.append(model.from_db(db.alias, attnames, row))
    return instances


def where_in(model, field_name: str, values: Iterable, *, order_by: str = "") -> list:
    """The rows whose ``field_name`` is one of ``values`` (no query when there are none)."""
    values = sorted({value for value in values if value is not None})
    if not values:
        return []
    marks = ", ".join(["%s"] * len(values))
    sql = f"WHERE t.{column(model, field_name)} IN ({marks})"
    return rows(model, sql + (f" ORDER BY {order_by}" if order_by else ""), values)


def by_pk(model, pks: Iterable) -> dict:
    return {row.pk: row for row in where_in(model, model._meta.pk.name, pks)}


class Loaded(QuerySet):
    """Rows already read, kept where ``prefetch_related`` keeps them: a template or presenter may
    iterate, index, count or test them. Building a new query from them (``filter``, ``order_by``,
    ``first``…) raises: the query behind them is the model's, not the owner's, and would read
    other records' rows. Filter them in Python instead."""

    def _chain(self):
        raise TypeError(
            f"{self.model.__name__} rows already read: filter them in Python, not with a query"
        )


def loaded(model, rows: list) -> Loaded:
    """``rows`` as a related manager's prefetched queryset (cheaper than building the manager's
    own filtered queryset per record: that was a third of a program page's row reading)."""
    queryset = Loaded(model=model)
    queryset._result_cache = list(rows)
    queryset._prefetch_done = True
    return queryset


# Several kinds of rows in one statement ------------------------------------------------------------
# On PostgreSQL each statement is a round trip and ~0.2 ms of psycopg and server work, whatever it
# reads: a program page's ten small reads cost ~3.7 ms there (~1 ms on SQLite). ``Together`` reads
# them as one ``UNION ALL``, each row packed as a JSON array so that different tables fit one
# result. The JSON values are what the driver would have handed back for the columns themselves
# (SQLite: its storage classes; PostgreSQL: ISO dates and exact decimals, turned into Python
# values here), then Django's converters run as they do in ``rows()``.


class Part:
    """One kind of row: ``model``'s rows for ``SELECT … FROM <its table> t`` + ``where``, sorted
    by ``key`` (a function of an instance; by primary key when None). The rows are sorted in
    Python: SQLite's sorter, sized by the connection's large page cache, costs ~0.2 ms per
    ORDER BY, more than the rows themselves. ``only`` names the columns to read (attnames); the
    others are deferred, and reading one would cost a query per row."""

    def __init__(self, model, where: str, key=None, *, only: tuple | None = None):
        self.model, self.where, self.key, self.only = model, where, key, only


_JSON_LOADERS = {
    "DateField": dt.date.fromisoformat,
    "DateTimeField": dt.datetime.fromisoformat,
    "TimeField": dt.time.fromisoformat,
    "DecimalField": lambda value: value if isinstance(value, Decimal) else Decimal(value),
}
# What JSON holds as it is: numbers, strings, booleans.
_JSON_PLAIN = {
    "AutoField",
    "BigAutoField",
    "BigIntegerField",
    "BooleanField",
    "CharField",
    "EmailField",
    "ForeignKey",
    "IntegerField",
    "OneToOneField",
    "PositiveBigIntegerField",
    "PositiveIntegerField",
    "PositiveSmallIntegerField",
    "SlugField",
    "SmallAutoField",
    "SmallIntegerField",
    "TextField",
    "URLField",
}


def _json_loaders(model, vendor: str, only: tuple | None = None) -> list:
    """Per column, what turns its JSON value into the driver's own value (None: nothing to do)."""
    loaders = []
    for field in _fields(model, only):
        kind = field.get_internal_type()
        if vendor == "sqlite" or kind in _JSON_PLAIN:
            loaders.append(None)  # SQLite's JSON holds the stored values themselves
        elif kind in _JSON_LOADERS:
            loaders.append(_JSON_LOADERS[kind])
        else:
            raise TypeError(f"{model.__name__}.{field.name}: {kind} is not read through JSON here")
    return loaders


class Together:
    """``parts`` (name → Part) read in one statement. ``read(with_sql, params)`` runs them after
    ``with_sql``, a ``WITH`` clause the parts refer to and that holds every parameter, and gives
    name → instances, each list in its part's order.

    Parameters are named (``%(slug)s``, ``params`` a dict): for positional ones, Django's SQLite
    backend rewrites ``%s`` with a look-behind regular expression over the whole statement, 0.12 ms
    for a program page's 3.7 KB."""

    def __init__(self, parts: dict):
        self.parts = parts
        self._compiled = {}

    def _compile(self, vendor: str):
        if vendor not in self._compiled:
            pack = "json_build_array({})::text" if vendor == "postgresql" else "json_array({})"
            selects, layouts = [], []
            for index, (name, part) in enumerate(self.parts.items()):
                columns, attnames, expressions = _layout(part.model, vendor, part.only)
                selects.append(
                    f"SELECT {index} AS part, {pack.format(columns)} AS data "
                    f"FROM {table(part.model)} t {part.where}"
                )
                loaders = _json_loaders(part.model, vendor, part.only)
                layouts.append((name, part, attnames, loaders, expressions))
            self._compiled[vendor] = " UNION ALL ".join(selects), layouts
        return self._compiled[vendor]

    def read(self, with_sql: str, params: dict) -> dict:
        db = connections[DEFAULT_DB_ALIAS]
        union, layouts = self._compile(db.vendor)
        with db.cursor() as cursor:
            cursor.execute(f"{with_sql} {union}", params)
            found = cursor.fetchall()
        # Exact decimals on PostgreSQL; SQLite stores them as floats, as its converter expects.
        parse_float = Decimal if db.vendor == "postgresql" else float
        read = [[] for _ in layouts]
        for index, data in found:
            read[index].append(json.loads(data, parse_float=parse_float))
        result = {}
        for (name, part, attnames, loaders, expressions), packed in zip(layouts, read, strict=True):
            converters = _converters_for(db, part.model, expressions, part.only)
            instances = []
            for values in packed:
                for column, load in enumerate(loaders):
                    if load is not None and values[column] is not None:
                        values[column] = load(values[column])
                for column, functions, expression in converters:
                    for function in functions:
                        values[column] = function(values[column], expression, db)
                instances.append(part.model.from_db(db.alias, attnames, values))
            instances.sort(key=part.key or (lambda row: row.pk))
            result[name] = instances
        return result
