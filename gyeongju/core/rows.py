"""Model rows read with plain SQL, for the pages a first visit renders most.

Building a query costs the ORM about a millisecond of Python (joins, ordering, compilation) while
the database answers a primary-key lookup in a few microseconds. A program page needs a dozen small
reads, so they are written out here once: ``Model._base_manager.raw()`` still turns each row into
a model instance with Django's own type converters (dates on SQLite, time zones), and the callers
attach the rows where ``prefetch_related`` would have put them, so templates and presenters read
them the same way. Anything that filters on publication must say so in its SQL: raw SQL does not
pass through the public managers.
"""

from collections.abc import Iterable

from django.db import connection


def quoted(name: str) -> str:
    return connection.ops.quote_name(name)


def table(model) -> str:
    return quoted(model._meta.db_table)


def column(model, field_name: str) -> str:
    return quoted(model._meta.get_field(field_name).column)


def rows(model, sql: str, params: Iterable = ()) -> list:
    """Instances of ``model`` for ``sql``, which must select the model's own columns."""
    return list(model._base_manager.raw(sql, list(params)))


def where_in(model, field_name: str, values: Iterable, *, order_by: str = "") -> list:
    """The rows whose ``field_name`` is one of ``values`` (no query when there are none)."""
    values = sorted({value for value in values if value is not None})
    if not values:
        return []
    marks = ", ".join(["%s"] * len(values))
    sql = f"SELECT * FROM {table(model)} WHERE {column(model, field_name)} IN ({marks})"
    return rows(model, sql + (f" ORDER BY {order_by}" if order_by else ""), values)


def by_pk(model, pks: Iterable) -> dict:
    return {row.pk: row for row in where_in(model, model._meta.pk.name, pks)}


def linked(model, m2m_field, owner_id: int, *, order_by: str) -> list:
    """The ``model`` rows a many-to-many field links to one owner row, in ``order_by`` order
    (columns of ``model`` written as ``t.column``)."""
    through = m2m_field.remote_field.through
    sql = (
        f"SELECT t.* FROM {table(model)} t INNER JOIN {table(through)} link "
        f"ON link.{quoted(m2m_field.m2m_reverse_name())} = t.{quoted(model._meta.pk.column)} "
        f"WHERE link.{quoted(m2m_field.m2m_column_name())} = %s ORDER BY {order_by}"
    )
    return rows(model, sql, [owner_id])


def with_rows(queryset, rows: list):
    """A queryset already evaluated to ``rows`` (what prefetch_related stores)."""
    queryset._result_cache = list(rows)
    queryset._prefetch_done = True
    return queryset
