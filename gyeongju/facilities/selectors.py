"""Reads for the facility pages and the home page's industrial-complex cluster."""

from django.db.models import Count, Prefetch

from gyeongju.programs.managers import published
from gyeongju.programs.models import Program

from .models import Facility, Site

CLUSTER_FACILITIES = 6
CLUSTER_PROGRAMS = 3


def public_programs(**options) -> Prefetch:
    """A facility's published programs, by name, with their 분야."""
    queryset = Program.public_objects.select_related("category").order_by("name")
    return Prefetch("programs", queryset=queryset, **options)


def counting_public_programs(facilities):
    return facilities.annotate(program_count=Count("programs", filter=published("programs__")))


def facility_list():
    return (
        Facility.public_objects.select_related("site", "operator")
        .prefetch_related(public_programs())
        .order_by("site__name", "name")
    )


def facility_with_programs(slug: str) -> Facility | None:
    return (
        Facility.public_objects.select_related("site__place__parent", "operator", "source")
        .prefetch_related(public_programs())
        .filter(slug=slug)
        .first()
    )


def neighbours(facility: Facility) -> list[Facility]:
    """The other public facilities on the same site, with how many programs each serves."""
    if not facility.site_id:
        return []
    others = Facility.public_objects.filter(site_id=facility.site_id).exclude(pk=facility.pk)
    return list(counting_public_programs(others.order_by("name")))


def featured_cluster() -> Site | None:
    """The industrial complex with the most public facilities, with its first few facilities and
    each one's first few programs (the page links to the full lists)."""
    top = (
        Facility.public_objects.filter(site__kind=Site.Kind.INDUSTRIAL_COMPLEX)
        .values("site")
        .annotate(facility_count=Count("pk"))
        .order_by("-facility_count", "site__name")
        .first()
    )
    if top is None:
        return None
    first_programs = Program.public_objects.order_by("name", "pk")[:CLUSTER_PROGRAMS]
    facilities = counting_public_programs(Facility.public_objects.order_by("name", "pk"))
    site = (
        Site.public_objects.filter(pk=top["site"])
        .prefetch_related(
            Prefetch(
                "facilities",
                queryset=facilities.prefetch_related(
                    Prefetch("programs", queryset=first_programs, to_attr="first_programs")
                )[:CLUSTER_FACILITIES],
                to_attr="public_facilities",
            )
        )
        .first()
    )
    site.facility_count = top["facility_count"]
    for facility in site.public_facilities:
        facility.more_programs = facility.program_count - len(facility.first_programs)
    site.more_facilities = site.facility_count - len(site.public_facilities)
    return site
