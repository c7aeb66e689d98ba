from django.db.models import Count, Sum
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_safe

from gyeongju.core.filters import page_links, paginate
from gyeongju.core.page_cache import cached_page
from gyeongju.programs.selectors import portfolio_execution

from . import presenters, selectors
from .models import FundingKind

PER_PAGE = 30


@require_safe
@cached_page()
def funding_list(request):
    kinds, gap = selectors.funding_by_kind()
    context = {
        "nav": "funding",
        "kinds": kinds,
        "gap": gap,
        "descriptions": FundingKind.descriptions(),
        "undisclosed_programs": selectors.programs_without_funding(),
        "execution": portfolio_execution(),
        "meta": presenters.list_meta(kinds),
    }
    return render(request, "funding/funding_list.html", context)


@require_safe
@cached_page(params=("page",))
def funding_detail(request, slug):
    try:
        kind = FundingKind(slug)
    except ValueError as error:
        raise Http404("그런 재원은 없습니다.") from error
    rows = selectors.funding_of_kind(kind)
    summary = rows.aggregate(total=Sum("amount"), programs=Count("program", distinct=True))
    notes = []
    page = paginate(request, rows, per_page=PER_PAGE, notes=notes)
    context = {
        "nav": "funding",
        "kind": kind,
        "description": FundingKind.descriptions()[kind],
        "summary": summary,
        "page": page,
        "page_links": page_links(page),
        "notes": notes,
        "query": "",
        "meta": presenters.detail_meta(kind, page),
    }
    return render(request, "funding/funding_detail.html", context)
