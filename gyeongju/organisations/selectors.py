"""Reads for the organisation pages, each a fixed number of queries whatever the portfolio's size."""

from dataclasses import dataclass

from django.db.models import Count, Q

from gyeongju.facilities.models import Facility
from gyeongju.funding.selectors import money_by_source
from gyeongju.programs.managers import published
from gyeongju.programs.models import Program, ProgramPartner

from .models import Organisation

MOST_FREQUENT_PARTNERS = 5


def organisation_list(organisations=None):
    """Public organisations by name, each with how many published programs it takes part in and
    how many public facilities it operates."""
    organisations = organisations if organisations is not None else Organisation.public_objects
    return organisations.annotate(
        program_count=Count(
            "partnerships__program", filter=published("partnerships__program__"), distinct=True
        ),
    ).order_by("name", "pk")


def kind_counts() -> dict[str, int]:
    """How many public organisations of each kind (the index's filters)."""
    return dict(
        Organisation.public_objects.values("kind")
        .annotate(count=Count("pk"))
        .values_list("kind", "count")
        .order_by()
    )


def organisation(slug: str) -> Organisation | None:
    return Organisation.public_objects.filter(slug=slug).first()


def programs_of(organisation: Organisation):
    """The published programs ``organisation`` takes part in, by name (a queryset)."""
    ids = ProgramPartner.public_objects.filter(organisation=organisation).values("program_id")
    return Program.public_objects.filter(pk__in=ids)


@dataclass
class Participation:
    program: Program
    roles: list[str]


def participations(programs: list[Program], organisation: Organisation) -> list[Participation]:
    """Each program of a page with the organisation's roles in it (one query for the page)."""
    roles: dict[int, list[str]] = {}
    for program_id, role in (
        ProgramPartner.public_objects.filter(organisation=organisation, program__in=programs)
        .order_by("program_id", "order", "pk")
        .values_list("program_id", "role")
    ):
        roles.setdefault(program_id, []).append(role)
    return [Participation(program, roles.get(program.pk, [])) for program in programs]


def operated_facilities(organisation: Organisation) -> list[Facility]:
    return list(
        Facility.public_objects.filter(operator=organisation)
        .select_related("site")
        .order_by("name", "pk")
    )


def frequent_partners(organisation: Organisation, limit: int = MOST_FREQUENT_PARTNERS) -> list:
    """The organisations that share the most published programs with ``organisation``."""
    shared = programs_of(organisation).values("pk")
    return list(
        Organisation.public_objects.exclude(pk=organisation.pk)
        .annotate(
            shared_count=Count(
                "partnerships__program",
                filter=Q(partnerships__program__in=shared),
                distinct=True,
            )
        )
        .filter(shared_count__gt=0)
        .order_by("-shared_count", "name")[:limit]
    )


def money(organisation: Organisation):
    return money_by_source(programs_of(organisation))
