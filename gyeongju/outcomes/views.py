from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe
from django.views.decorators.vary import vary_on_headers

from gyeongju.core.filters import page_links, paginate
from gyeongju.core.page_cache import cached_page
from gyeongju.core.seo import PageMeta, collection_jsonld, thing
from gyeongju.programs.models import Program

from .filters import OutcomeFilterForm
from .models import Outcome

PER_PAGE = 30


@require_safe
@cached_page()
@vary_on_headers("HX-Request", "HX-Target")
def outcome_list(request):
    form = OutcomeFilterForm(request.GET)
    notes = form.notes
    outcomes = form.filter(
        Outcome.objects.filter(
            program__publication_state=Program.PublicationState.PUBLISHED
        ).select_related("program", "source")
    )
    page = paginate(request, outcomes, per_page=PER_PAGE, notes=notes)
    query = form.query_without_page()
    title = (
        "성과"
        + (" 검색" if form.values else "")
        + (f" ({page.number}쪽)" if page.number > 1 else "")
    )
    path = reverse("outcomes:list") + (f"?{query}" if query else "")
    description = (
        "경주시 투자사업의 성과 지표를 근거와 성숙도(예정·체결·실현)와 함께 봅니다. "
        "MOU는 계약이 아닙니다."
    )
    context = {
        "nav": "outcomes",
        "form": form,
        "notes": notes,
        "chips": form.chips(),
        "page": page,
        "page_links": page_links(page),
        "query": query,
        "meta": PageMeta(
            title=title,
            path=path,
            description=description,
            jsonld=[
                collection_jsonld(
                    name=title,
                    path=path,
                    description=description,
                    items=[
                        thing(
                            "Observation",
                            f"{outcome.program.name}: {outcome.title}",
                            outcome.get_absolute_url(),
                            value=outcome.display_value,
                            observationDate=outcome.as_of.isoformat(),
                        )
                        for outcome in page.object_list
                    ],
                    total=page.paginator.count,
                )
            ],
        ),
    }
    template = "outcomes/outcome_list.html"
    if request.htmx and not request.htmx.history_restore_request:
        partial = "results" if request.htmx.target == "results" else "explorer"
        context["partial"] = partial  # the fragment then carries the live region's new text
        template += f"#{partial}"
    return render(request, template, context)
