"""Reads for the place pages, each a fixed number of queries whatever the portfolio's size."""

from dataclasses import dataclass, field

from django.db.models import F, Func, IntegerField, OuterRef, Q, Subquery

from gyeongju.facilities.models import Facility, Site
from gyeongju.funding.selectors import money_by_source
from gyeongju.outcomes.models import Outcome
from gyeongju.programs.models import Program
from gyeongju.programs.selectors import cited

from .models import Place

RECENT_OUTCOMES = 10


def sites_in(place: Place):
    """The ids of the sites in ``place`` (a 읍·면·동: also those in its complexes), a subquery."""
    return Site.private_objects.filter(Q(place=place) | Q(place__parent=place)).values("pk")


def programs_in(place: Place):
    """The published programs located in ``place``: on a site there, or with a facility there."""
    sites = sites_in(place)
    facility_links = Program.facilities.through.objects.filter(facility__site__in=sites)
    return Program.public_objects.filter(
        Q(site__in=sites) | Q(pk__in=facility_links.values("program_id"))
    )


def facilities_in(place: Place) -> list[Facility]:
    return list(
        Facility.public_objects.filter(site__in=sites_in(place))
        .select_related("site", "operator")
        .order_by("site__name", "name", "pk")
    )


def outcomes_in(place: Place, limit: int = RECENT_OUTCOMES):
    """The latest outcomes reported for the programs there, and how many there are."""
    outcomes = Outcome.public_objects.filter(program__in=programs_in(place).values("pk"))
    latest = list(cited(outcomes.select_related("program")).order_by("-as_of", "-pk")[:limit])
    return latest, outcomes.count()


def money(place: Place):
    return money_by_source(programs_in(place))


def place(slug: str) -> Place | None:
    return Place.public_objects.select_related("parent").filter(slug=slug).first()


def complexes_of(place: Place) -> list[Place]:
    if place.is_complex:
        return []
    return list(Place.public_objects.filter(parent=place).order_by("name"))


@dataclass
class District:
    """A 읍·면·동 of the index, with its public complexes and how much is there."""

    place: Place
    complexes: list = field(default_factory=list)


def index() -> list[District]:
    """Every public 읍·면·동 with its public complexes under it, each with how many published
    programs and public facilities are there (one query)."""
    places = list(counting(Place.public_objects.select_related("parent")).order_by("name"))
    districts = {p.pk: District(p) for p in places if not p.is_complex}
    for p in places:
        if p.is_complex and p.parent_id in districts:
            districts[p.parent_id].complexes.append(p)
    return list(districts.values())


def counting(places):
    """``places`` with how many published programs and public facilities each holds (a 읍·면·동
    counts its complexes'), as two subqueries of the same query."""
    return places.annotate(
        program_count=counted(Program.public_objects.filter(located_in(OuterRef("pk")))),
        facility_count=counted(
            Facility.public_objects.filter(
                Q(site__place=OuterRef("pk")) | Q(site__place__parent=OuterRef("pk"))
            )
        ),
    )


def located_in(place_ref) -> Q:
    """Programs located in the place ``place_ref`` (an OuterRef) or in a complex under it."""
    links = Program.facilities.through.objects.filter(
        Q(facility__site__place=OuterRef(place_ref))
        | Q(facility__site__place__parent=OuterRef(place_ref))
    )
    return (
        Q(site__place=place_ref)
        | Q(site__place__parent=place_ref)
        | Q(pk__in=links.values("program_id"))
    )


def counted(queryset):
    """How many rows ``queryset`` (correlated with OuterRef) has, as a subquery expression."""
    return Subquery(
        queryset.order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n")[:1],
        output_field=IntegerField(),
    )
