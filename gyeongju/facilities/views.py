from django.db.models import Count, Prefetch, Q
from django.http import Http404, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from gyeongju.core.filters import page_links, paginate
from gyeongju.core.models import SlugRedirect
from gyeongju.core.page_cache import cached_page
from gyeongju.core.seo import PageMeta, breadcrumb_jsonld, collection_jsonld
from gyeongju.programs.models import Program

from .models import Facility

PER_PAGE = 30


def public_programs():
    return Prefetch(
        "programs",
        queryset=Program.public_objects.select_related("category").order_by("name"),
    )


@require_safe
@cached_page()
def facility_list(request):
    facilities = (
        Facility.objects.public()
        .select_related("site", "operator")
        .prefetch_related(public_programs())
        .order_by("site__name", "name")
    )
    notes = []
    page = paginate(request, facilities, per_page=PER_PAGE, notes=notes)
    title = "시설" + (f" ({page.number}쪽)" if page.number > 1 else "")
    path = reverse("facilities:list") + (f"?page={page.number}" if page.number > 1 else "")
    description = "경주시 투자사업이 짓거나 확장하는 센터와 기반시설, 입지와 장비, 관련 사업입니다."
    context = {
        "nav": "facilities",
        "page": page,
        "page_links": page_links(page),
        "notes": notes,
        "query": "",
        "meta": PageMeta(
            title=title,
            path=path,
            description=description,
            jsonld=[
                collection_jsonld(
                    name=title,
                    path=path,
                    description=description,
                    items=[facility_jsonld(facility, item=True) for facility in page.object_list],
                    total=page.paginator.count,
                )
            ],
        ),
    }
    return render(request, "facilities/facility_list.html", context)


@require_safe
@cached_page()
def facility_detail(request, slug):
    facility = (
        Facility.objects.public()
        .select_related("site", "operator", "source")
        .prefetch_related(public_programs())
        .filter(slug=slug)
        .first()
    )
    if facility is None:
        redirect = SlugRedirect.objects.filter(
            kind=SlugRedirect.Kind.FACILITY, old_slug=slug
        ).first()
        target = (
            Facility.objects.public().filter(pk=redirect.object_id).first() if redirect else None
        )
        if target:
            return HttpResponsePermanentRedirect(target.get_absolute_url())
        raise Http404("시설을 찾을 수 없습니다.")
    neighbours = []
    if facility.site_id:
        neighbours = list(
            Facility.objects.public()
            .filter(site_id=facility.site_id)
            .exclude(pk=facility.pk)
            .order_by("name")
            .annotate(
                program_count=Count(
                    "programs",
                    filter=Q(programs__publication_state=Program.PublicationState.PUBLISHED),
                )
            )
        )
    path = facility.get_absolute_url()
    context = {
        "nav": "facilities",
        "facility": facility,
        "neighbours": neighbours,
        "meta": PageMeta(
            title=facility.name,
            path=path,
            description=facility.description or f"{facility.name}의 입지, 장비, 관련 사업입니다.",
            modified=facility.updated_at,
            jsonld=[
                facility_jsonld(facility),
                breadcrumb_jsonld(
                    [("홈", "/"), ("시설", reverse("facilities:list")), (facility.name, path)]
                ),
            ],
        ),
    }
    return render(request, "facilities/facility_detail.html", context)


def facility_jsonld(facility, *, item=False):
    """The facility as a schema.org Place (``item``: as an entry of a list, without @context)."""
    from gyeongju.core.seo import absolute

    data = {
        "@type": "Place",
        "name": facility.name,
        "description": facility.description,
        "url": absolute(facility.get_absolute_url()),
        "address": (
            facility.site.address if facility.site and facility.site.address else "경상북도 경주시"
        ),
    }
    if facility.has_coordinates:
        data["geo"] = {
            "@type": "GeoCoordinates",
            "latitude": float(facility.latitude),
            "longitude": float(facility.longitude),
        }
    if facility.site:
        data["containedInPlace"] = {"@type": "Place", "name": facility.site.name}
    return data if item else {"@context": "https://schema.org", **data}
