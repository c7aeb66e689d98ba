"""Reads for the programs' public pages, each a fixed number of queries whatever the portfolio's
size: a program with its page rows, an explorer page's cards, and the home page's parts."""

from dataclasses import dataclass

from django.db.models import (
    Case,
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    Sum,
    Value,
    When,
)

from gyeongju.facilities.models import Facility
from gyeongju.funding.models import Funding
from gyeongju.outcomes.models import Outcome
from gyeongju.sources.models import Source

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
