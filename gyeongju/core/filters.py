"""Filter forms for public lists: parse request.GET, ignore what is malformed, and say so in Korean.

A bad value never becomes a 500 or an empty page: the field is dropped, the rest still apply, and
the page shows a note naming what was ignored.
"""

import re

from django import forms
from django.core.exceptions import EmptyResultSet
from django.core.paginator import EmptyPage, InvalidPage, PageNotAnInteger, Paginator

MAX_PARAM_LENGTH = 200


class PublicFilterForm(forms.Form):
    """Base: subclasses declare fields; `page` is handled by `paginate`."""

    known_extra_params = {"page"}

    def __init__(self, data, *args, **kwargs):
        self.raw = data
        super().__init__(data, *args, **kwargs)
        self.set_choices()
        self.is_valid()

    def set_choices(self):
        """Fill choices that come from the database (on this instance's own field copies)."""

    @property
    def values(self) -> dict:
        """The filters that parsed, without empty ones."""
        return {
            name: value
            for name, value in self.cleaned_data.items()
            if value not in (None, "", [], ())
        }

    @property
    def notes(self) -> list[str]:
        notes = []
        for name, _errors in self.errors.items():
            field = self.fields.get(name)
            label = field.label if field else name
            raw = self.raw.getlist(name) if hasattr(self.raw, "getlist") else [self.raw.get(name)]
            shown = ", ".join(str(v)[:40] for v in raw if v)
            notes.append(f"‘{label}’ 조건의 값 ‘{shown}’은(는) 올바르지 않아 무시했습니다.")
        unknown = sorted(set(self.raw.keys()) - set(self.fields) - self.known_extra_params)
        if unknown:
            names = ", ".join(f"‘{name[:30]}’" for name in unknown[:5])
            notes.append(f"알 수 없는 조건 {names}은(는) 무시했습니다.")
        return notes

    def chips(self) -> list[dict]:
        """One removable chip per active value: its label and the URL query without it."""
        chips = []
        for name, value in self.values.items():
            field = self.fields[name]
            values = value if isinstance(value, list) else [value]
            for item in values:
                remaining = self.raw.copy()
                remaining.pop("page", None)
                if isinstance(value, list):
                    kept = [v for v in remaining.getlist(name) if v != str(item)]
                    remaining.setlist(name, kept)
                else:
                    remaining.pop(name, None)
                chips.append(
                    {
                        "label": f"{field.label}: {self.display(name, item)}",
                        "query": remaining.urlencode(),
                    }
                )
        return chips

    def display(self, name, value) -> str:
        field = self.fields[name]
        choices = dict(getattr(field, "choices", []) or [])
        if choices:
            flat = {}
            for key, label in choices.items():
                if isinstance(label, (list, tuple)):
                    flat.update(dict(label))
                else:
                    flat[key] = label
            return str(flat.get(str(value), flat.get(value, value)))
        return str(value)

    def query_without_page(self) -> str:
        params = self.raw.copy()
        params.pop("page", None)
        return params.urlencode()


class IdsFirstPaginator(Paginator):
    """Sorts and slices ids only, then fetches the page's rows by id.

    The filtered count and the sorted slice then read a covering index (program_explorer_idx),
    and only the shown rows are read whole: sorting every matching wide row to keep a page costs
    SQLite ~15 ms at 10,000 programs, the ids alone ~1 ms. `fetch(ids)` returns those rows, in
    the order of ``ids``, with what the page reads of them.

    The count comes with the page's ids, in one statement (``count_with_ids``): the ORM builds
    the filtered query once, not twice, and PostgreSQL gets one round trip. A page number past
    the end reads the last page, which ``paginate`` then shows with its note. ``gather``: see
    ``count_with_ids``.
    """

    def __init__(self, object_list, per_page, *, fetch, gather=False, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.fetch = fetch
        self.gather = gather
        self._read = None  # (offset, ids) read with the count

    def page(self, number):
        if "count" not in self.__dict__ and self.orphans == 0:
            try:
                wanted = self.validate_number_low(number)
            except InvalidPage:
                wanted = 1  # paginate shows the first page instead
            found = count_with_ids(
                self.object_list,
                offset=(wanted - 1) * self.per_page,
                limit=self.per_page,
                gather=self.gather,
            )
            if found is not None:
                self.__dict__["count"], offset, ids = found
                self._read = (offset, ids)
        return super().page(number)

    def validate_number_low(self, number) -> int:
        """Django's checks that need no count: an integer, at least 1."""
        if isinstance(number, float) and not number.is_integer():
            raise PageNotAnInteger(self.error_messages["invalid_page"])
        try:
            number = int(number)
        except (TypeError, ValueError):
            raise PageNotAnInteger(self.error_messages["invalid_page"]) from None
        if number < 1:
            raise EmptyPage(self.error_messages["min_page"])
        return number

    def _get_page(self, object_list, number, paginator):
        if self._read is not None and self._read[0] == (number - 1) * self.per_page:
            ids = self._read[1]
        else:
            ids = list(object_list.values_list("pk", flat=True))
        return super()._get_page(self.fetch(ids), number, paginator)


def count_with_ids(
    queryset, *, offset: int, limit: int, gather: bool = False
) -> tuple[int, int, list] | None:
    """(rows matched, offset read, ids) in one statement: the ids of ``limit`` rows from
    ``offset``, or of the last page's rows when ``offset`` is past the end.

    The ORM compiles the sliced query once; its parts become
    ``WITH total AS (SELECT COUNT(*) …) SELECT id, total FROM … ORDER BY … LIMIT … OFFSET …``.
    The count and the page each test the condition, the page in the sort's index order until it
    has its rows: cheap when the condition reads only that index's columns.

    ``gather`` is for a condition that costs more per row (a word in the search text, a
    subquery on related rows): the rows that meet it are gathered once, with the columns they
    sort on, then counted and sorted. Testing it twice, the page's test in index order over rows
    the planner misjudges, cost 2–6× more (PostgreSQL and SQLite, 10,000 programs); gathering
    every row when nothing narrows them costs the other way (1.2 → 8 ms).

    None when the compiled query is not of that plain shape (the caller then counts and slices
    with the ORM)."""
    ids = queryset.values_list("pk", flat=True)[: offset + limit]
    compiler = ids.query.get_compiler(using=queryset.db)
    try:
        sql, params = compiler.as_sql()
    except EmptyResultSet:  # a condition no row can meet (e.g. ``none()``)
        return 0, 0, []
    select, from_, rest = sql.partition(" FROM ")
    body, order_by, tail = rest.rpartition(" ORDER BY ")
    ordering, limited, _limit = tail.rpartition(" LIMIT ")
    columns = select.removeprefix("SELECT ")
    plain = from_ and order_by and limited and ordering.count("(") == ordering.count(")")
    if not plain or any("SELECT" in part or "%s" in part for part in (columns, ordering)):
        return None
    # Past the end: the last page's offset, ((total - 1) / limit) * limit, 0 when nothing matched
    # (integer division on both databases).
    last = f"CASE WHEN n > {offset} THEN {offset} WHEN n = 0 THEN 0 ELSE ((n - 1) / {limit}) * {limit} END"
    # LIMIT 0 when nothing matched: the sorted rows are then never read.
    page = (
        f"ORDER BY {ordering} LIMIT (SELECT CASE WHEN n = 0 THEN 0 ELSE {limit} END FROM total) "
        f"OFFSET (SELECT {last} FROM total)"
    )
    gathered = gather and gathering(compiler, columns, ordering)
    if gathered:
        # The gathered rows take the table's name, so the ORDER BY reads them unchanged.
        kept, table, pk = gathered
        statement = (
            f"WITH matched AS MATERIALIZED (SELECT {kept} FROM {body}), "
            f"total (n) AS (SELECT COUNT(*) FROM matched) "
            f"SELECT {table}.{pk}, (SELECT n FROM total) FROM matched {table} {page}"
        )
        params = list(params)
    else:
        statement = (
            f"WITH total (n) AS (SELECT COUNT(*) FROM {body}) "
            f"SELECT {columns}, (SELECT n FROM total) FROM {body} {page}"
        )
        params = [*params, *params]
    with compiler.connection.cursor() as cursor:
        cursor.execute(statement, params)
        rows = cursor.fetchall()
    if not rows:
        return 0, 0, []
    total = rows[0][1]
    return total, offset if offset < total else (total - 1) // limit * limit, [r[0] for r in rows]


def gathering(compiler, columns: str, ordering: str) -> tuple[str, str, str] | None:
    """For ``count_with_ids(gather=True)``: (the columns to gather, the table's quoted name, the
    id's quoted alias), or None when the sort reads anything but the table's own columns (the
    plain statement is then used)."""
    table = compiler.connection.ops.quote_name(compiler.query.get_meta().db_table)
    own = re.escape(table) + r'\."[^"]+"'
    selected = re.fullmatch(rf'({own}) AS ("[^"]+")', columns)
    if selected is None or re.search(r'["()]', re.sub(own, "", ordering)):
        return None
    kept = dict.fromkeys([columns, *re.findall(own, ordering)])
    return ", ".join(kept), table, selected.group(2)


def paginate(
    request, queryset, *, per_page: int, notes: list[str], fetch=None, gather: bool = False
):
    """A page of results; a malformed or out-of-range page number shows the nearest page + a note.

    With `fetch`, the page is read ids first (IdsFirstPaginator; `gather`: see count_with_ids)."""
    if fetch is None:
        paginator = Paginator(queryset, per_page)
    else:
        paginator = IdsFirstPaginator(queryset, per_page, fetch=fetch, gather=gather)
    number = request.GET.get("page", "1")
    try:
        page = paginator.page(number)
    except PageNotAnInteger:
        notes.append(f"쪽 번호 ‘{str(number)[:20]}’은(는) 올바르지 않아 첫 쪽을 보여 드립니다.")
        page = paginator.page(1)
    except EmptyPage:
        last = paginator.num_pages
        if int(number) < 1:
            notes.append(f"{number}쪽은 없어서 첫 쪽을 보여 드립니다.")
            page = paginator.page(1)
        else:
            notes.append(f"{number}쪽은 없어서 마지막 쪽({last}쪽)을 보여 드립니다.")
            page = paginator.page(last)
    return page


def page_links(page, *, window: int = 2) -> list[int | None]:
    """Page numbers to show: first, last and a window around the current page; None is a gap."""
    last = page.paginator.num_pages
    shown = sorted(
        {1, last, *range(max(1, page.number - window), min(last, page.number + window) + 1)}
    )
    links: list[int | None] = []
    previous = 0
    for number in shown:
        if number - previous > 1:
            links.append(None)
        links.append(number)
        previous = number
    return links
