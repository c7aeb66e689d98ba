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

from collections.abc import Iterable
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


@lru_cache(maxsize=64)
def _layout(model, vendor: str):
    """The columns to select (as ``t.column``), their attribute names and column expressions."""
    fields = model._meta.concrete_fields
    columns = ", ".join(f"t.{quoted(field.column)}" for field in fields)
    return columns, [field.attname for field in fields], [field.get_col("t") for field in fields]


# Per database connection (its converters are bound to it), per model.
_converters: WeakKeyDictionary = WeakKeyDictionary()


def _converters_for(db, model, expressions):
    by_model = _converters.setdefault(db, {})
    if model not in by_model:
        by_model[model] = [
            (index, found, expression)
            for index, expression in enumerate(expressions)
            if (found := db.ops.get_db_converters(expression) + expression.get_db_converters(db))
        ]
    return by_model[model]


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


def linked(model, m2m_field, owner_id: int, *, order_by: str) -> list:
    """The ``model`` rows a many-to-many field links to one owner row, in ``order_by`` order
    (columns of ``model`` written as ``t.column``)."""
    through = m2m_field.remote_field.through
    sql = (
        f"INNER JOIN {table(through)} link "
        f"ON link.{quoted(m2m_field.m2m_reverse_name())} = t.{quoted(model._meta.pk.column)} "
        f"WHERE link.{quoted(m2m_field.m2m_column_name())} = %s ORDER BY {order_by}"
    )
    return rows(model, sql, [owner_id])


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
