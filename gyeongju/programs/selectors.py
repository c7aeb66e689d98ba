"""Read-side aggregates across programs, funding, facilities (each a fixed number of queries), and
the rows of one program's own pages."""

from dataclasses import dataclass
from functools import cache

from django.db.models import Count, Prefetch, Q, Sum

from gyeongju.core.rows import Part, Together, column, loaded, rows, table
from gyeongju.facilities.models import Facility, Site
from gyeongju.funding.models import Funding, FundingKind, funding_key
from gyeongju.organisations.models import Organisation
from gyeongju.outcomes.models import Outcome, outcome_key
from gyeongju.sources.models import Source

from .models import Category, PortfolioYear, Program, ProgramBudget, ProgramPartner


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
    years = list(PortfolioYear.objects.select_related("source").order_by("-year")[:2])
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
    published = Q(programs__publication_state=Program.PublicationState.PUBLISHED)
    latest_year = (
        ProgramBudget.objects.filter(program__publication_state=Program.PublicationState.PUBLISHED)
        .order_by("-fiscal_year")
        .values_list("fiscal_year", flat=True)
        .first()
    )
    categories = Category.objects.annotate(
        program_count=Count("programs", filter=published, distinct=True),
        costed_count=Count(
            "programs", filter=published & Q(programs__total_cost__isnull=False), distinct=True
        ),
        cost_sum=Sum("programs__total_cost", filter=published),
    ).order_by("order", "name")
    budgets = dict(
        ProgramBudget.objects.filter(
            program__publication_state=Program.PublicationState.PUBLISHED, fiscal_year=latest_year
        )
        .values_list("program__category")
        .annotate(total=Sum("amount"))
        .values_list("program__category", "total")
    )
    rows = [
        CategoryRow(
            category=c,
            program_count=c.program_count,
            costed_count=c.costed_count,
            total_cost=c.cost_sum,
            budget_year=latest_year,
            budget_total=budgets.get(c.pk),
        )
        for c in categories
        if c.program_count
    ]
    return rows, latest_year


@dataclass
class KindRow:
    kind: FundingKind
    amount: int
    program_count: int

    @property
    def url(self):
        return self.kind.url


def funding_by_kind():
    """Known funding by source kind, plus what the stated total costs leave unexplained."""
    published = Q(program__publication_state=Program.PublicationState.PUBLISHED)
    sums = {
        row["kind"]: row
        for row in Funding.objects.filter(published)
        .values("kind")
        .annotate(amount=Sum("amount"), programs=Count("program", distinct=True))
    }
    rows = [
        KindRow(
            kind=kind,
            amount=sums.get(kind.value, {}).get("amount") or 0,
            program_count=sums.get(kind.value, {}).get("programs") or 0,
        )
        for kind in FundingKind
    ]
    costed = Program.public_objects.filter(total_cost__isnull=False).aggregate(
        total=Sum("total_cost"), count=Count("id")
    )
    known_within_costed = (
        Funding.objects.filter(published, program__total_cost__isnull=False).aggregate(
            total=Sum("amount")
        )["total"]
        or 0
    )
    unexplained = (costed["total"] or 0) - known_within_costed
    return rows, {
        "costed_total": costed["total"],
        "costed_count": costed["count"],
        "unexplained": unexplained,
    }


CLUSTER_FACILITIES = 6
CLUSTER_PROGRAMS = 3


def featured_cluster() -> Site | None:
    """The industrial complex with the most public facilities, with its first few facilities and
    each one's first few programs (the page links to the full lists)."""
    public_facilities = Facility.objects.public()
    top = (
        public_facilities.filter(site__kind=Site.Kind.INDUSTRIAL_COMPLEX)
        .values("site")
        .annotate(facility_count=Count("pk"))
        .order_by("-facility_count", "site__name")
        .first()
    )
    if top is None:
        return None
    site = (
        Site.objects.filter(pk=top["site"])
        .prefetch_related(
            Prefetch(
                "facilities",
                queryset=public_facilities.order_by("name", "pk")
                .annotate(
                    program_count=Count(
                        "programs",
                        filter=Q(programs__publication_state=Program.PublicationState.PUBLISHED),
                    )
                )
                .prefetch_related(
                    Prefetch(
                        "programs",
                        queryset=Program.public_objects.order_by("name", "pk")[:CLUSTER_PROGRAMS],
                        to_attr="first_programs",
                    )
                )[:CLUSTER_FACILITIES],
                to_attr="public_facilities",
            )
        )
        .first()
    )
    site.facility_count = top["facility_count"]
    if site is not None:
        for facility in site.public_facilities:
            facility.more_programs = facility.program_count - len(facility.first_programs)
        site.more_facilities = site.facility_count - len(site.public_facilities)
    return site


def recently_updated(limit: int = 5):
    return list(Program.public_objects.for_list().order_by("-updated_at", "name")[:limit])


# One program's pages -----------------------------------------------------------------------------
# A first visit to a program page must not pay the ORM's ~1 ms of query building eight times over,
# nor, on PostgreSQL, a round trip per kind of row (see gyeongju.core.rows): ``program_page(slug)``
# gives a program what ``ProgramQuerySet.for_detail()`` prefetches, in one plain-SQL statement
# whatever the portfolio's size. Both must stay in step: tests/programs/test_page_rows.py compares
# them row by row.


def program_by_slug(slug: str, *, include_drafts: bool) -> Program | None:
    sql = f"WHERE t.{column(Program, 'slug')} = %s"
    params = [slug]
    if not include_drafts:
        sql += f" AND t.{column(Program, 'publication_state')} = %s"
        params.append(Program.PublicationState.PUBLISHED)
    found = rows(Program, sql, params)
    return found[0] if found else None


# What an explorer card and its JSON-LD item read of a program: not its body, search text or
# timestamps (a fifth of the page's row reading). tests/core/test_query_counts.py would see a
# card that read another field (a query per card).
CARD_FIELDS = (
    "id",
    "name",
    "slug",
    "summary",
    "category_id",
    "status",
    "start_year",
    "end_year",
    "total_cost",
    "site_id",
    "publication_state",
)


@cache
def _list_parts() -> Together:
    """An explorer page's programs (``page``: their ids) with what a card reads."""
    programs = f"SELECT {{}} FROM {table(Program)} WHERE id IN (SELECT id FROM page)"
    return Together(
        {
            "programs": Part(Program, "WHERE t.id IN (SELECT id FROM page)", only=CARD_FIELDS),
            "categories": Part(Category, f"WHERE t.id IN ({programs.format('category_id')})"),
            "sites": Part(Site, f"WHERE t.id IN ({programs.format('site_id')})"),
            "funding": Part(Funding, "WHERE t.program_id IN (SELECT id FROM page)", funding_key),
        }
    )


def list_rows(ids: list[int]) -> list[Program]:
    """The programs an explorer page shows, in the order of ``ids`` (taken from a public query),
    with what a card reads: category, site and ``funding_rows``, as ``for_list()`` gives them, in
    one statement. Only ``funding_rows`` is filled, not ``funding.all()``: a related manager per
    program costs more than the rest of the page's reads (tests/core/test_query_counts.py would
    catch a card that asked for it)."""
    if not ids:
        return []
    marks = ", ".join(f"(%(id{index})s)" for index in range(len(ids)))
    params = {f"id{index}": pk for index, pk in enumerate(ids)}
    read = _list_parts().read(f"WITH page (id) AS (VALUES {marks})", params)
    programs = {program.pk: program for program in read["programs"]}
    categories = {category.pk: category for category in read["categories"]}
    sites = {site.pk: site for site in read["sites"]}
    funding = {pk: [] for pk in programs}
    for row in read["funding"]:
        funding[row.program_id].append(row)
    for program in programs.values():
        program.category = categories[program.category_id]
        program.site = sites.get(program.site_id)
        program.funding_rows = funding[program.pk]
    return [programs[pk] for pk in ids if pk in programs]


@cache
def _page_parts(*, include_drafts: bool, by_id: bool) -> tuple[str, Together]:
    """A program page's rows, as ``for_detail()`` prefetches them, in one statement: the program
    named by ``%(slug)s``, its own rows, and the records those link to. ``by_id``: its id is
    known too (``%(id)s``, from the page cache's stamp), so each part looks it up directly instead
    of through a ``WITH`` clause (~0.3 ms less of PostgreSQL's work)."""
    program_table, state = table(Program), column(Program, "publication_state")
    # Plain SQL passes no public manager: drafts are left out here unless asked for.
    published = "" if include_drafts else f" AND t.{state} = 'published'"
    slug = f"t.{column(Program, 'slug')} = %(slug)s"
    if by_id:
        with_sql, ids = "", "(%(id)s)"
        program_column = f"(SELECT {{}} FROM {program_table} WHERE id = %(id)s)".format
        program_where = f"WHERE t.id = %(id)s AND {slug}{published}"
    else:
        with_sql = (
            "WITH p AS (SELECT t.id, t.category_id, t.site_id, t.cost_source_id "
            f"FROM {program_table} t WHERE {slug}{published})"
        )
        ids = "(SELECT id FROM p)"
        program_column = "(SELECT {} FROM p)".format
        program_where = f"WHERE t.id IN {ids}"
    facility_link = Program._meta.get_field("facilities").remote_field.through
    source_link = Program._meta.get_field("sources").remote_field.through
    owned = f"program_id IN {ids}"
    of_program = f"WHERE t.{owned}"
    facility_ids = f"SELECT facility_id FROM {table(facility_link)} WHERE {owned}"
    program_facilities = f"SELECT f.{{}} FROM {table(Facility)} f WHERE f.id IN ({facility_ids})"
    rows_of = lambda model: f"SELECT source_id FROM {table(model)} WHERE {owned}"  # noqa: E731
    return with_sql, Together(
        {
            "program": Part(Program, program_where),
            "funding": Part(Funding, of_program, funding_key),
            "budgets": Part(ProgramBudget, of_program, lambda row: row.fiscal_year),
            "outcomes": Part(Outcome, of_program, outcome_key),
            "partnerships": Part(ProgramPartner, of_program, lambda row: (row.order, row.pk)),
            "facilities": Part(
                Facility, f"WHERE t.id IN ({facility_ids})", lambda row: (row.name, row.pk)
            ),
            "sources": Part(
                Source,
                f"WHERE t.id IN (SELECT source_id FROM {table(source_link)} WHERE {owned})",
                lambda row: (-row.published_on.toordinal(), row.title, row.pk),
            ),
            "category": Part(Category, f"WHERE t.id IN {program_column('category_id')}"),
            "sites": Part(
                Site,
                f"WHERE t.id IN {program_column('site_id')} "
                f"OR t.id IN ({program_facilities.format('site_id')})",
            ),
            # The sources a figure cites (not only the program's listed sources).
            "cited": Part(
                Source,
                f"WHERE t.id IN {program_column('cost_source_id')} "
                f"OR t.id IN ({rows_of(Funding)}) OR t.id IN ({rows_of(ProgramBudget)}) "
                f"OR t.id IN ({rows_of(Outcome)})",
            ),
            "organisations": Part(
                Organisation,
                f"WHERE t.id IN (SELECT organisation_id FROM {table(ProgramPartner)} WHERE {owned}) "
                f"OR t.id IN ({program_facilities.format('operator_id')})",
            ),
        },
    )


def program_page(slug: str, *, include_drafts: bool, known_id: int | None = None) -> Program | None:
    """The program named by ``slug`` with everything its page shows, in one statement (see
    ``core.rows.Together``), or None. Drafts only with ``include_drafts``. ``known_id``: the id
    the slug had a moment ago (the page cache's stamp); if it no longer does, the slug decides."""
    with_sql, together = _page_parts(include_drafts=include_drafts, by_id=known_id is not None)
    read = together.read(with_sql, {"slug": slug, "id": known_id})
    if not read["program"]:
        if known_id is not None:
            return program_page(slug, include_drafts=include_drafts)
        return None
    program = read["program"][0]
    funding, budgets, outcomes = read["funding"], read["budgets"], read["outcomes"]
    facilities, partnerships, sources = read["facilities"], read["partnerships"], read["sources"]
    sites = {site.pk: site for site in read["sites"]}
    known_sources = {source.pk: source for source in [*read["cited"], *sources]}
    organisations = {organisation.pk: organisation for organisation in read["organisations"]}

    program.category = read["category"][0]
    program.site = sites.get(program.site_id)
    program.cost_source = known_sources.get(program.cost_source_id)
    for row in [*funding, *budgets, *outcomes]:
        row.source = known_sources.get(row.source_id)
    for facility in facilities:
        facility.site = sites.get(facility.site_id)
        facility.operator = organisations.get(facility.operator_id)
    for partnership in partnerships:
        partnership.organisation = organisations[partnership.organisation_id]
    program._prefetched_objects_cache = {
        "funding": loaded(Funding, funding),
        "budgets": loaded(ProgramBudget, budgets),
        "outcomes": loaded(Outcome, outcomes),
        "facilities": loaded(Facility, facilities),
        "partnerships": loaded(ProgramPartner, partnerships),
        "sources": loaded(Source, sources),
    }
    return program
