"""Reads for the programs' public pages, each a fixed number of queries whatever the portfolio's
size: a program with its page rows, an explorer page's cards, and the home page's parts."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import (
    Case,
    Count,
    Exists,
    IntegerField,
    Max,
    Min,
    OuterRef,
    Prefetch,
    Q,
    Sum,
    Value,
    When,
)
from django.utils import timezone

from gyeongju.facilities.models import Facility
from gyeongju.funding.models import Funding, FundingKind
from gyeongju.outcomes.models import Outcome
from gyeongju.progress.models import Execution, Milestone
from gyeongju.progress.rules import NO_EXECUTION, execution_rate, execution_rate_label
from gyeongju.sources.models import Source

from .filters import runs_in_year
from .models import Category, PortfolioYear, Program, ProgramBudget, ProgramPartner

# A source as the pages cite it: not its full text (a whole press release).
SOURCE_CITED = ("title", "publisher", "kind", "published_on", "url", "note")


def cited(queryset):
    """``queryset`` with the source each row cites, read in the same query."""
    return queryset.select_related("source").defer("source__text")


# A program's own rows belong to it: they are shown with it, draft (staff's preview) or published.
PAGE_ROWS = (
    Prefetch("funding", queryset=cited(Funding.private_objects.all())),
    Prefetch("budgets", queryset=cited(ProgramBudget.private_objects.all())),
    Prefetch("outcomes", queryset=cited(Outcome.private_objects.all())),
    Prefetch("executions", queryset=cited(Execution.private_objects.all())),
    Prefetch(
        "milestones",
        queryset=cited(Milestone.private_objects.all())
        .select_related("actual_source")
        .defer("actual_source__text"),
    ),
    Prefetch(
        "facilities", queryset=Facility.private_objects.select_related("site__place", "operator")
    ),
    Prefetch(
        "partnerships", queryset=ProgramPartner.private_objects.select_related("organisation")
    ),
    Prefetch("sources", queryset=Source.private_objects.only(*SOURCE_CITED)),
)


def program_with_page_rows(slug: str, *, preview: bool = False) -> Program | None:
    """The program ``slug`` names with everything its page shows, or None. Drafts only for
    ``preview`` (staff)."""
    programs = Program.private_objects if preview else Program.public_objects
    return (
        programs.select_related("category", "site__place__parent", "cost_source")
        .defer("search_text", "cost_source__text")
        .prefetch_related(*PAGE_ROWS)
        .filter(slug=slug)
        .first()
    )


# What an explorer card and its JSON-LD item read of a program: not its body or search text.
CARD_FIELDS = (
    "name",
    "slug",
    "summary",
    "category__name",
    "status",
    "start_year",
    "end_year",
    "total_cost",
    "site__name",
    "publication_state",
)


def cards(ids: list[int]) -> list[Program]:
    """The programs an explorer page shows, in the order of ``ids`` (from a public query), with
    their 분야, 입지 and funding rows."""
    programs = (
        Program.public_objects.filter(pk__in=ids)
        .select_related("category", "site")
        .only(*CARD_FIELDS)
        .prefetch_related(
            Prefetch("funding", queryset=Funding.private_objects.only("program", "kind", "amount"))
        )
    )
    found = {program.pk: program for program in programs}
    return [found[pk] for pk in ids if pk in found]


def recently_updated(limit: int = 5) -> list[Program]:
    ids = list(Program.public_objects.order_by("-updated_at", "name")[:limit].values_list("pk"))
    return cards([pk for (pk,) in ids])


@dataclass
class YearComparison:
    current: PortfolioYear | None
    previous: PortfolioYear | None

    @property
    def count_change(self):
        if self.current and self.previous:
            return self.current.program_count - self.previous.program_count
        return None

    @property
    def amount_change(self):
        if self.current and self.previous:
            return self.current.total_amount - self.previous.total_amount
        return None

    @property
    def amount_change_percent(self):
        if self.current and self.previous and self.previous.total_amount:
            return round(100 * self.amount_change / self.previous.total_amount)
        return None


def stated_totals() -> YearComparison:
    """The city's two latest stated yearly totals (statements, never sums of programs)."""
    years = list(PortfolioYear.public_objects.select_related("source").order_by("-year")[:2])
    return YearComparison(
        current=years[0] if years else None, previous=years[1] if len(years) > 1 else None
    )


@dataclass
class CategoryRow:
    category: Category
    program_count: int
    costed_count: int
    total_cost: int | None
    budget_year: int | None
    budget_total: int | None


def spending_by_category() -> tuple[list[CategoryRow], int | None]:
    """Per 분야: programs, the sum of known multi-year total costs, and the latest year's budgets."""
    budgets = ProgramBudget.public_objects
    latest_year = budgets.order_by("-fiscal_year").values_list("fiscal_year", flat=True).first()
    sums = {
        row["category"]: row
        for row in Program.public_objects.values("category")
        .annotate(programs=Count("pk"), costed=Count("total_cost"), cost=Sum("total_cost"))
        .order_by()
    }
    budget_totals = dict(
        budgets.filter(fiscal_year=latest_year)
        .values("program__category")
        .annotate(total=Sum("amount"))
        .values_list("program__category", "total")
        .order_by()
    )
    return [
        CategoryRow(
            category=category,
            program_count=sums[category.pk]["programs"],
            costed_count=sums[category.pk]["costed"],
            total_cost=sums[category.pk]["cost"],
            budget_year=latest_year,
            budget_total=budget_totals.get(category.pk),
        )
        for category in Category.public_objects.order_by("order", "name")
    ], latest_year


@dataclass
class PortfolioExecution:
    """One fiscal year's execution across the published portfolio, counting only the programs that
    report it; the rate only over those that also state that year's budget."""

    year: int
    active_count: int  # programs running that year (period, budget or funding), or reporting
    reporting_count: int  # of which report an execution for the year
    executed: int | None  # the reporting programs' executed amounts added up
    rated_count: int  # reporting programs with a budget for the year
    rated_executed: int | None
    rated_budget: int | None
    first_as_of: dt.date | None
    last_as_of: dt.date | None

    @property
    def silent_count(self) -> int:
        return self.active_count - self.reporting_count

    @property
    def rate(self) -> float | None:
        return execution_rate(budget=self.rated_budget, executed=self.rated_executed)

    @property
    def rate_label(self) -> str:
        if not self.reporting_count:
            return NO_EXECUTION
        return execution_rate_label(budget=self.rated_budget, executed=self.rated_executed)

    @property
    def bar_percent(self) -> float:
        return min(self.rate or 0.0, 100.0)


def portfolio_execution(year: int | None = None) -> PortfolioExecution:
    """This year's (Seoul) execution across published programs, in three queries whatever the
    portfolio's size. A program's executed amount is its whole-year row, or else the sum of its
    rows by funding kind (never both)."""
    year = year or timezone.localdate().year
    of_year = Execution.public_objects.filter(fiscal_year=year)
    whole_year = Execution._base_manager.filter(fiscal_year=year, kind="").values("program_id")
    budgeted = ProgramBudget._base_manager.filter(fiscal_year=year, amount__gt=0)
    rated = Q(program__in=budgeted.values("program_id"))
    sums = of_year.filter(Q(kind="") | ~Q(program__in=whole_year)).aggregate(
        executed=Sum("amount"),
        reporting=Count("program", distinct=True),
        rated_executed=Sum("amount", filter=rated),
        rated=Count("program", distinct=True, filter=rated),
        first=Min("as_of"),
        last=Max("as_of"),
    )
    rated_budget = budgeted.filter(
        program__in=Program.public_objects.values("pk"),
        program_id__in=of_year.values("program_id"),
    ).aggregate(total=Sum("amount"))["total"]
    reporting = Q(pk__in=of_year.values("program_id"))
    active = Program.public_objects.filter(runs_in_year(year) | reporting).count()
    return PortfolioExecution(
        year=year,
        active_count=active,
        reporting_count=sums["reporting"],
        executed=sums["executed"],
        rated_count=sums["rated"],
        rated_executed=sums["rated_executed"],
        rated_budget=rated_budget,
        first_as_of=sums["first"],
        last_as_of=sums["last"],
    )


@dataclass
class YearColumn:
    year: int
    stated: PortfolioYear | None  # the city's own total for the year
    has_program_figures: bool  # any yearly budget (분야) or yearly funding row (재원)


@dataclass
class YearOnYear:
    """Years compared by 분야 (yearly budgets) and by 재원 (yearly funding rows): only amounts
    stated for one fiscal year, never a multi-year total; a year without them shows the city's
    stated total instead, said so."""

    years: list[YearColumn]
    by_category: list[tuple[str, list[int | None]]]  # 분야 → amount per year
    by_kind: list[tuple[str, list[int | None]]]  # 재원 → amount per year
    category_totals: list[int | None]
    kind_totals: list[int | None]

    @property
    def stated_only(self) -> list[YearColumn]:
        return [column for column in self.years if not column.has_program_figures and column.stated]


def year_on_year() -> YearOnYear:
    """Four queries whatever the portfolio's size."""
    budgets = {
        (row["fiscal_year"], row["program__category"]): row["total"]
        for row in ProgramBudget.public_objects.values("fiscal_year", "program__category")
        .annotate(total=Sum("amount"))
        .order_by()
    }
    funding = {
        (row["fiscal_year"], row["kind"]): row["total"]
        for row in Funding.public_objects.filter(fiscal_year__isnull=False)
        .values("fiscal_year", "kind")
        .annotate(total=Sum("amount"))
        .order_by()
    }
    stated = {row.year: row for row in PortfolioYear.public_objects.select_related("source")}
    categories = list(Category.public_objects.order_by("order", "name"))
    figure_years = {year for year, _ in budgets} | {year for year, _ in funding}
    years = [
        YearColumn(year, stated.get(year), year in figure_years)
        for year in sorted(figure_years | set(stated))
    ]

    def per_year(source, key):
        return [source.get((column.year, key)) for column in years]

    def totals(source):
        """Each year's sum of ``source``, None (not 0원) for a year it has nothing for."""
        sums = {}
        for (year, _), amount in source.items():
            sums[year] = sums.get(year, 0) + amount
        return [sums.get(column.year) for column in years]

    by_category = [(c.name, per_year(budgets, c.pk)) for c in categories]
    by_kind = [(kind.label, per_year(funding, kind.value)) for kind in FundingKind]
    return YearOnYear(years, by_category, by_kind, totals(budgets), totals(funding))


# Related programs on a program page ----------------------------------------------------------

RELATED_AT_MOST = 4
WHY = {1: "같은 시설", 2: "같은 입지", 3: "같은 참여 기관", 4: "같은 분야"}


def related_programs(program: Program, rows, limit: int = RELATED_AT_MOST) -> list[Program]:
    """Up to ``limit`` published programs near ``program``: those sharing a facility, then a site
    (its own or a facility's), then a partner, then the 분야; by name within each. Each has
    ``why``. One query: the facilities and partners come from the page's rows already read."""
    facility_ids = [facility.pk for facility in rows.facilities]
    site_ids = {facility.site_id for facility in rows.facilities} | {program.site_id}
    site_ids.discard(None)
    organisation_ids = [p.organisation_id for p in rows.partnerships]
    links = Program.facilities.through.objects.filter(program=OuterRef("pk"))
    ranks = []
    if facility_ids:
        ranks.append(When(Exists(links.filter(facility__in=facility_ids)), then=Value(1)))
    if site_ids:
        ranks.append(
            When(
                Q(site__in=site_ids) | Exists(links.filter(facility__site__in=site_ids)),
                then=Value(2),
            )
        )
    if organisation_ids:
        partners = ProgramPartner.private_objects.filter(
            program=OuterRef("pk"), organisation__in=organisation_ids
        )
        ranks.append(When(Exists(partners), then=Value(3)))
    ranks.append(When(category=program.category_id, then=Value(4)))
    related = list(
        Program.public_objects.exclude(pk=program.pk)
        .annotate(rank=Case(*ranks, default=Value(None), output_field=IntegerField()))
        .filter(rank__isnull=False)
        .only("name", "slug", "summary", "status")
        .order_by("rank", "name", "pk")[:limit]
    )
    for other in related:
        other.why = WHY[other.rank]
    return related
