from django.http import Http404
from django.views.decorators.http import require_safe

from gyeongju.core.data_views import respond
from gyeongju.core.datasets import DATASETS, FORMATS, program_rows
from gyeongju.core.seo import absolute

from .filters import ProgramFilterForm
from .models import Program


@require_safe
def program_download(request, fmt):
    """Exactly the explorer's filtered, sorted list, in every row (not just the current page)."""
    if fmt not in FORMATS:
        raise Http404("지원하지 않는 형식입니다. csv, xlsx, json 가운데 하나를 고르세요.")
    form = ProgramFilterForm(request.GET)
    programs = form.filter(Program.public_objects.all())
    query = form.query_without_page()
    return respond(
        DATASETS["programs"],
        program_rows(programs),
        fmt,
        filename="gyeongju-invest-programs-filtered" if query else "gyeongju-invest-programs",
        url=absolute(request.get_full_path()),
        query=query,
    )
