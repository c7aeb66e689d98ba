from django.shortcuts import render
from django.views.decorators.http import require_safe

from gyeongju.core.filters import page_links, paginate
from gyeongju.core.page_cache import cached_page
from gyeongju.core.slugs import redirect_renamed

from . import presenters, selectors
from .models import Facility

PER_PAGE = 30


@require_safe
@cached_page(params=("page",))
def facility_list(request):
    notes = []
    page = paginate(request, selectors.facility_list(), per_page=PER_PAGE, notes=notes)
    context = {
        "nav": "facilities",
        "page": page,
        "page_links": page_links(page),
        "notes": notes,
        "query": "",
        "meta": presenters.list_meta(page),
    }
    return render(request, "facilities/facility_list.html", context)


@require_safe
@cached_page()
def facility_detail(request, slug):
    facility = selectors.facility_with_programs(slug)
    if facility is None:
        return redirect_renamed(
            request, slug, Facility.public_objects.all(), not_found="시설을 찾을 수 없습니다."
        )
    context = {
        "nav": "facilities",
        "facility": facility,
        "neighbours": selectors.neighbours(facility),
        "report": {"kind": "facility", "object": facility},
        "meta": presenters.detail_meta(facility),
    }
    return render(request, "facilities/facility_detail.html", context)
