from django.shortcuts import render
from django.views.decorators.http import require_safe

from gyeongju.core.filters import page_links, paginate
from gyeongju.core.page_cache import cached_page
from gyeongju.core.slugs import redirect_renamed

from . import presenters, selectors
from .models import Place

PROGRAMS_PER_PAGE = 20


@require_safe
@cached_page()
def place_list(request):
    districts = selectors.index()
    context = {"nav": "places", "districts": districts, "meta": presenters.list_meta(districts)}
    return render(request, "places/place_list.html", context)


@require_safe
@cached_page(params=("page",))
def place_detail(request, slug):
    place = selectors.place(slug)
    if place is None:
        return redirect_renamed(
            request, slug, Place.public_objects.all(), not_found="지역을 찾을 수 없습니다."
        )
    notes = []
    programs = selectors.programs_in(place).select_related("category", "site")
    page = paginate(
        request, programs.order_by("name", "pk"), per_page=PROGRAMS_PER_PAGE, notes=notes
    )
    outcomes, outcome_count = selectors.outcomes_in(place)
    context = {
        "nav": "places",
        "place": place,
        "complexes": selectors.complexes_of(place),
        "page": page,
        "page_links": page_links(page),
        "notes": notes,
        "query": "",
        "facilities": selectors.facilities_in(place),
        "money": selectors.money(place),
        "outcomes": outcomes,
        "outcome_count": outcome_count,
        "report": {"kind": "place", "object": place},
        "meta": presenters.detail_meta(place, page),
    }
    return render(request, "places/place_detail.html", context)
