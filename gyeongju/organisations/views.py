from django.shortcuts import render
from django.views.decorators.http import require_safe

from gyeongju.core.filters import page_links, paginate
from gyeongju.core.page_cache import cached_page
from gyeongju.core.slugs import redirect_renamed

from . import presenters, selectors
from .filters import OrganisationFilterForm
from .models import Organisation

PER_PAGE = 30
PROGRAMS_PER_PAGE = 20


@require_safe
@cached_page(params=OrganisationFilterForm.param_names())
def organisation_list(request):
    form = OrganisationFilterForm(request.GET)
    notes = form.notes
    organisations = form.filter(Organisation.public_objects.all())
    page = paginate(
        request, selectors.organisation_list(organisations), per_page=PER_PAGE, notes=notes
    )
    kind = form.values.get("kind", "")
    query = f"kind={kind}" if kind else ""
    counts = selectors.kind_counts()
    context = {
        "nav": "organisations",
        "page": page,
        "page_links": page_links(page),
        "notes": notes,
        "query": query,
        "kind": kind,
        "kinds": [
            (value, label, counts[value])
            for value, label in Organisation.Kind.choices
            if counts.get(value)
        ],
        "total": sum(counts.values()),
        "meta": presenters.list_meta(page, Organisation.Kind(kind).label if kind else "", query),
    }
    return render(request, "organisations/organisation_list.html", context)


@require_safe
@cached_page(params=("page",))
def organisation_detail(request, slug):
    organisation = selectors.organisation(slug)
    if organisation is None:
        return redirect_renamed(
            request,
            slug,
            Organisation.public_objects.all(),
            not_found="기관을 찾을 수 없습니다.",
        )
    notes = []
    programs = selectors.programs_of(organisation).select_related("category")
    page = paginate(
        request, programs.order_by("name", "pk"), per_page=PROGRAMS_PER_PAGE, notes=notes
    )
    page.object_list = selectors.participations(list(page.object_list), organisation)
    context = {
        "nav": "organisations",
        "organisation": organisation,
        "page": page,
        "page_links": page_links(page),
        "notes": notes,
        "query": "",
        "money": selectors.money(organisation),
        "facilities": selectors.operated_facilities(organisation),
        "partners": selectors.frequent_partners(organisation),
        "report": {"kind": "organisation", "object": organisation},
        "meta": presenters.detail_meta(organisation, page),
    }
    return render(request, "organisations/organisation_detail.html", context)
