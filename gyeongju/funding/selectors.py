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


def funding_by_kind():
    """Known funding by source kind, plus what the stated total costs leave unexplained."""
    sums = {
        row["kind"]: row
        for row in Funding.public_objects.values("kind")
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
    costed = Program.public_objects.filter(total_cost__isnull=False).aggregate(
        total=Sum("total_cost"), count=Count("id")
    )
    known_within_costed = (
        Funding.public_objects.filter(program__total_cost__isnull=False).aggregate(
            total=Sum("amount")
        )["total"]
        or 0
    )
    return rows, {
        "costed_total": costed["total"],
        "costed_count": costed["count"],
        "unexplained": (costed["total"] or 0) - known_within_costed,
    }


def programs_without_funding() -> int:
    return Program.public_objects.filter(funding__isnull=True).count()


def funding_of_kind(kind: FundingKind):
    """One kind's public funding rows, the largest first, with their programs."""
    return (
        Funding.public_objects.filter(kind=kind)
        .select_related("program", "program__category", "source")
        .order_by("-amount", "program__name", "pk")
    )
