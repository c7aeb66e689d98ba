"""Filter forms for public lists: parse request.GET, ignore what is malformed, and say so in Korean.

A bad value never becomes a 500 or an empty page: the field is dropped, the rest still apply, and
the page shows a note naming what was ignored.
"""

from django import forms
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator

MAX_PARAM_LENGTH = 200


class PublicFilterForm(forms.Form):
    """Base: subclasses declare fields; `page` is handled by `paginate`."""

    known_extra_params = {"page"}

    @classmethod
    def param_names(cls) -> tuple[str, ...]:
        """Every query parameter the list reads, in the form's order (what the page cache keys
        on, in that order)."""
        return (*cls.base_fields, *sorted(cls.known_extra_params))

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

    def condition_count(self, *, besides: tuple[str, ...] = ("q",)) -> int:
        """How many conditions apply, one per chip, the search words aside: what the collapsed
        "검색 조건" panel says about what it holds (the search box sits outside it)."""
        return sum(
            len(value) if isinstance(value, list) else 1
            for name, value in self.values.items()
            if name not in besides
        )

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


class SearchField(forms.CharField):
    def __init__(self, **kwargs):
        super().__init__(max_length=MAX_PARAM_LENGTH, required=False, strip=True, **kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        # Control characters never belong in a search; collapse whitespace.
        return " ".join("".join(ch for ch in value if ch.isprintable()).split())


class RowsById:
    """A sorted queryset read ids first, for ``Paginator``: the count and the page's ids read only
    the ids (from a covering index where there is one), then ``fetch(ids)`` reads the page's rows
    whole, with what the page shows of them, in the order of ``ids``."""

    def __init__(self, queryset, fetch):
        self.queryset, self.fetch = queryset, fetch

    def count(self) -> int:
        return self.queryset.count()

    def __getitem__(self, index: slice) -> list:
        return self.fetch(list(self.queryset.values_list("pk", flat=True)[index]))


def paginate(request, queryset, *, per_page: int, notes: list[str], fetch=None):
    """A page of results; a malformed or out-of-range page number shows the nearest page + a note.
    With ``fetch``, the page is read ids first (``RowsById``)."""
    paginator = Paginator(queryset if fetch is None else RowsById(queryset, fetch), per_page)
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
