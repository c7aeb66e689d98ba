"""Money by source kind across the published portfolio, with what the sources leave unexplained."""

from dataclasses import dataclass

from django.db.models import Count, Sum

from gyeongju.programs.models import Program

from .models import Funding, FundingKind


@dataclass
class KindRow:
    kind: FundingKind
    amount: int
    program_count: int

    @property
    def url(self):
        return self.kind.url


def funding_by_kind(programs=None):
    """Known funding by source kind, plus what the stated total costs leave unexplained; of the
    whole published portfolio, or of ``programs`` (a public Program queryset: an organisation's,
    a place's)."""
    funding = Funding.public_objects.all()
    if programs is None:
        programs = Program.public_objects.all()
    else:
        funding = funding.filter(program__in=programs.values("pk"))
    sums = {
        row["kind"]: row
        for row in funding.values("kind")
        .annotate(amount=Sum("amount"), programs=Count("program", distinct=True))
        .order_by()
    }
    rows = [
        KindRow(
            kind=kind,
            amount=sums.get(kind.value, {}).get("amount") or 0,
            program_count=sums.get(kind.value, {}).get("programs") or 0,
        )
        for kind in FundingKind
    ]
    costed = programs.filter(total_cost__isnull=False).aggregate(
        total=Sum("total_cost"), count=Count("id")
    )
    known_within_costed = (
        funding.filter(program__total_cost__isnull=False).aggregate(total=Sum("amount"))["total"]
        or 0
    )
    return rows, {
        "costed_total": costed["total"],
        "costed_count": costed["count"],
        "unexplained": (costed["total"] or 0) - known_within_costed,
    }


def programs_without_funding(programs=None) -> int:
    if programs is None:
        programs = Program.public_objects.all()
    return programs.filter(funding__isnull=True).count()


@dataclass
class MoneyBySource:
    """The money of a set of programs by source, with the honest gaps: what the sources give per
    kind, what stated total costs leave unexplained, and how many programs state no total cost or
    no funding at all (shown by templates/funding/includes/_money_by_source.html)."""

    kinds: list
    gap: dict
    program_count: int
    uncosted_count: int
    without_funding: int

    @property
    def known_total(self) -> int:
        return sum(row.amount for row in self.kinds)


def money_by_source(programs) -> MoneyBySource:
    """``programs`` (a public Program queryset) by source kind: four queries, at any size."""
    kinds, gap = funding_by_kind(programs)
    counts = programs.aggregate(total=Count("pk"), costed=Count("total_cost"))
    return MoneyBySource(
        kinds=kinds,
        gap=gap,
        program_count=counts["total"],
        uncosted_count=counts["total"] - counts["costed"],
        without_funding=programs_without_funding(programs),
    )


def funding_of_kind(kind: FundingKind):
    """One kind's public funding rows, the largest first, with their programs."""
    return (
        Funding.public_objects.filter(kind=kind)
        .select_related("program", "program__category", "source")
        .order_by("-amount", "program__name", "pk")
    )
