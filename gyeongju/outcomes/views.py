from django.views.decorators.http import require_safe

from gyeongju.core.filters import page_links, paginate
from gyeongju.core.htmx import render_page
from gyeongju.core.page_cache import cached_page

from . import presenters
from .filters import OutcomeFilterForm
from .models import Outcome

PER_PAGE = 30
PARTIALS = ("explorer", "results")  # the blocks of outcome_list.html htmx swaps


@require_safe
@cached_page(params=OutcomeFilterForm.param_names(), partials=PARTIALS)
def outcome_list(request):
    form = OutcomeFilterForm(request.GET)
    notes = form.notes
    outcomes = form.filter(Outcome.public_objects.select_related("program", "source"))
    page = paginate(request, outcomes, per_page=PER_PAGE, notes=notes)
    query = form.query_without_page()
    context = {
        "nav": "outcomes",
        "form": form,
        "notes": notes,
        "chips": form.chips(),
        "page": page,
        "page_links": page_links(page),
        "query": query,
        "meta": presenters.list_meta(form, page, query),
    }
    return render_page(request, "outcomes/outcome_list.html", context, partials=PARTIALS)
