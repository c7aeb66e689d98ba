"""The program explorer's filters (/programs/): parsed from the query string, applied to a queryset."""

import copy

from django import forms
from django.core.cache import cache
from django.db.models import F, Max, Min, Q
from django.utils import timezone

from gyeongju.core.filters import PublicFilterForm, SearchField
from gyeongju.core.forms import FastCheckboxSelectMultiple, FastSelect, FastTextInput, WonField
from gyeongju.core.money import format_won
from gyeongju.core.versioning import Version, content_version
from gyeongju.facilities.models import Facility, Site
from gyeongju.funding.models import Funding, FundingKind
from gyeongju.places.models import Place
from gyeongju.progress.selectors import late_program_ids

from .models import Category, Program, ProgramBudget
from .search import search_q

Link = Program.facilities.through  # program ↔ facility

# Unknown amounts and years sort last in both directions, on SQLite and PostgreSQL alike (their
# defaults differ: NULL is smallest on SQLite and largest on PostgreSQL).
SORTS = {
    "updated": ("최근 수정순", ["-updated_at", "name", "pk"]),
    "name": ("사업명순", ["name", "pk"]),
    "cost_desc": ("총사업비 많은 순", [F("total_cost").desc(nulls_last=True), "name", "pk"]),
    "cost_asc": ("총사업비 적은 순", [F("total_cost").asc(nulls_last=True), "name", "pk"]),
    "start": (
        "사업 시작 연도순",
        [F("start_year").asc(nulls_last=True), F("end_year").asc(nulls_last=True), "name", "pk"],
    ),
    "end": (
        "사업 종료 연도순",
        [F("end_year").asc(nulls_last=True), F("start_year").asc(nulls_last=True), "name", "pk"],
    ),
}
DEFAULT_SORT = "updated"
FACILITY_SELECT_LIMIT = 100
COMPLEX_MARK = "└ "  # a complex listed under its 읍·면 in the place select


class ProgramFilterForm(PublicFilterForm):
    q = SearchField(
        label="검색어",
        widget=FastTextInput(
            attrs={
                "type": "search",
                "class": "krds-input",
                "placeholder": "예: 배터리, 탄소, 수출, 구어2산단",
            }
        ),
    )
    category = forms.MultipleChoiceField(
        label="분야", required=False, widget=FastCheckboxSelectMultiple
    )
    status = forms.MultipleChoiceField(
        label="상태",
        required=False,
        choices=Program.Status.choices,
        widget=FastCheckboxSelectMultiple,
    )
    year = forms.TypedChoiceField(
        label="연도",
        required=False,
        coerce=int,
        empty_value=None,
        widget=FastSelect(attrs={"class": "krds-form-select"}),
    )
    funding = forms.MultipleChoiceField(
        label="재원",
        required=False,
        choices=FundingKind.choices,
        widget=FastCheckboxSelectMultiple,
    )
    schedule = forms.MultipleChoiceField(
        label="일정",
        required=False,
        choices=[("late", "일정 지연")],
        widget=FastCheckboxSelectMultiple,
        help_text="예정일이 지났는데 완료 기록이 없거나, 예정보다 늦게 완료된 단계가 있는 사업",
    )
    site = forms.ChoiceField(
        label="지역(입지)", required=False, widget=FastSelect(attrs={"class": "krds-form-select"})
    )
    place = forms.ChoiceField(
        label="읍·면·동·산업단지",
        required=False,
        widget=FastSelect(attrs={"class": "krds-form-select"}),
    )
    facility = forms.ChoiceField(
        label="시설", required=False, widget=FastSelect(attrs={"class": "krds-form-select"})
    )
    min_cost = WonField(label="최소 총사업비", required=False, help_text="")
    max_cost = WonField(label="최대 총사업비", required=False, help_text="")
    sort = forms.ChoiceField(
        label="정렬",
        required=False,
        choices=[(key, label) for key, (label, _) in SORTS.items()],
        widget=FastSelect(attrs={"class": "krds-form-select"}),
    )

    def __init__(self, data, *args, version: Version | None = None, **kwargs):
        self.choices = explorer_choices(version)
        # Django deep-copies every declared field for each form and normalises each list of
        # choices again. These fields are the same for every request of a content version, and
        # rendering only reads them: they are set up once per version (prepared_fields) and
        # shared; only a field given this request's choices is copied.
        self.base_fields = {}
        super().__init__(data, *args, **kwargs)

    def set_choices(self):
        self.fields = dict(prepared_fields(self.choices))
        # A select of every facility would grow with the portfolio: past a hundred, list only the
        # chosen one (links from facility pages carry ?facility=<slug>).
        self.facility_listed = self.choices["facilities"] is not None
        if not self.facility_listed:
            chosen = (self.data.get("facility") or "")[:100]
            listed = (
                list(Facility.public_objects.filter(slug=chosen).values_list("slug", "name"))
                if chosen
                else []
            )
            self.fields["facility"] = field = copy.deepcopy(self.fields["facility"])
            field.choices = [("", "전체"), *listed]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("sort") == DEFAULT_SORT:
            cleaned["sort"] = ""  # the default order is no filter: no chip, same results
        low, high = cleaned.get("min_cost"), cleaned.get("max_cost")
        if low is not None and high is not None and low > high:
            cleaned["min_cost"], cleaned["max_cost"] = high, low
        return cleaned

    @property
    def sort_key(self) -> str:
        return self.values.get("sort") or DEFAULT_SORT

    def display(self, name, value):
        if name in {"min_cost", "max_cost"}:
            return format_won(value)
        if name == "year":
            return f"{value}년"
        if name == "place":
            return super().display(name, value).removeprefix(COMPLEX_MARK)
        return super().display(name, value)

    def filter(self, programs):
        values = self.values
        # Conditions are gathered and applied in one filter(): each filter() call clones the
        # query built so far, subqueries included.
        conditions = []
        if q := values.get("q"):
            conditions.append(search_q(q))
        if categories := values.get("category"):
            conditions.append(Q(category__slug__in=categories))
        if statuses := values.get("status"):
            conditions.append(Q(status__in=statuses))
        if (year := values.get("year")) is not None:
            conditions.append(runs_in_year(year))
        # Related rows are matched with uncorrelated ``pk IN (SELECT program_id …)``: the database
        # reads the matching ids once, where EXISTS(…) would probe once per program.
        if kinds := values.get("funding"):
            conditions.append(Q(pk__in=program_ids(Funding, kind__in=kinds)))
        if "late" in values.get("schedule", []):
            conditions.append(Q(pk__in=late_program_ids(timezone.localdate())))
        if site := values.get("site"):
            conditions.append(
                Q(site__slug=site) | Q(pk__in=program_ids(Link, facility__site__slug=site))
            )
        if place := values.get("place"):
            # The place's pages list the same programs (places.selectors.programs_in).
            sites = Site.private_objects.filter(
                Q(place__slug=place) | Q(place__parent__slug=place)
            ).values("pk")
            conditions.append(
                Q(site__in=sites) | Q(pk__in=program_ids(Link, facility__site__in=sites))
            )
        if facility := values.get("facility"):
            conditions.append(Q(pk__in=program_ids(Link, facility__slug=facility)))
        if (low := values.get("min_cost")) is not None:
            conditions.append(Q(total_cost__gte=low))
        if (high := values.get("max_cost")) is not None:
            conditions.append(Q(total_cost__lte=high))
        if conditions:
            programs = programs.filter(*conditions)
        return programs.order_by(*SORTS[self.sort_key][1])


_prepared: dict = {}


def prepared_fields(choices: dict) -> dict:
    """ProgramFilterForm's fields with these ``choices`` (from explorer_choices), made once for
    each set of choices and shared by the forms that use them. Keyed on the choices themselves,
    not a version number, which a restored database may repeat."""
    key = tuple(
        tuple(map(tuple, value)) if isinstance(value, list) else value
        for value in (
            choices[name] for name in ("years", "categories", "sites", "places", "facilities")
        )
    )
    if key not in _prepared:
        fields = copy.deepcopy(ProgramFilterForm.base_fields)
        for name in ("min_cost", "max_cost"):
            fields[name].widget.attrs.update({"class": "krds-input", "placeholder": "예: 10억"})
        first, last = choices["years"]
        fields["year"].choices = [("", "전체")] + (
            [(str(y), f"{y}년") for y in range(last, first - 1, -1)] if first else []
        )
        fields["category"].choices = choices["categories"]
        fields["site"].choices = [("", "전체"), *choices["sites"]]
        fields["place"].choices = [("", "전체"), *choices["places"]]
        fields["facility"].choices = [("", "전체"), *(choices["facilities"] or [])]
        _prepared.clear()  # only the current choices are needed
        _prepared[key] = fields
    return _prepared[key]


def explorer_choices(version: Version | None = None) -> dict:
    """The explorer's select options, the same for every search until the data changes: read once
    per content version (``version``, or read now) and kept in the cache (five queries saved on
    every explorer render)."""
    key = f"explorer-choices:{(version or content_version()).token}"
    choices = cache.get(key)
    if choices is None:
        # Only what published programs use: a draft's own 분야 or 입지 must not show up here.
        facilities = list(
            Facility.public_objects.order_by("name").values_list("slug", "name")[
                : FACILITY_SELECT_LIMIT + 1
            ]
        )
        choices = {
            "years": program_years(),
            "categories": list(Category.public_objects.values_list("slug", "name")),
            "sites": list(Site.public_objects.order_by("name").values_list("slug", "name")),
            "places": place_choices(),
            "facilities": facilities if len(facilities) <= FACILITY_SELECT_LIMIT else None,
        }
        cache.set(key, choices, 60 * 60 * 24)
    return choices


def place_choices() -> list[tuple[str, str]]:
    """Public 읍·면·동 by name, each followed by its public complexes ("└ 구어2산단")."""
    places = list(
        Place.public_objects.order_by("name").values_list("pk", "slug", "name", "parent_id")
    )
    choices = []
    for pk, slug, name, parent in places:
        if parent is None:
            choices.append((slug, name))
            choices += [(s, f"{COMPLEX_MARK}{n}") for _, s, n, p in places if p == pk]
    return choices


def program_years() -> tuple[int | None, int | None]:
    """The span of years the published portfolio covers (periods and yearly budgets)."""
    span = Program.public_objects.aggregate(
        first_start=Min("start_year"),
        last_end=Max("end_year"),
        first_end=Min("end_year"),
        first_budget=Min("budgets__fiscal_year"),
        last_budget=Max("budgets__fiscal_year"),
    )
    starts = [y for y in (span["first_start"], span["first_budget"], span["first_end"]) if y]
    ends = [y for y in (span["last_end"], span["last_budget"]) if y]
    if not starts or not ends:
        return None, None
    return min(starts), max(ends)


def runs_in_year(year: int) -> Q:
    """In a year's portfolio: the period covers it (an unstated start counts as 'until the end
    year'), or a yearly budget or funding row is set for it."""
    by_period = (Q(start_year__lte=year) | Q(start_year__isnull=True, end_year__isnull=False)) & (
        Q(end_year__gte=year) | Q(end_year__isnull=True, start_year__isnull=False)
    )
    by_budget = Q(pk__in=program_ids(ProgramBudget, fiscal_year=year))
    by_funding = Q(pk__in=program_ids(Funding, fiscal_year=year))
    return by_period | by_budget | by_funding


def program_ids(model, **conditions):
    """The ids of programs that have a ``model`` row matching ``conditions``, as a subquery."""
    return model._base_manager.filter(**conditions).values("program_id")
