from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_safe

from gyeongju.core.page_cache import cached_page
from gyeongju.core.seo import absolute
from gyeongju.core.versioning import content_version
from gyeongju.programs.filters import ProgramFilterForm
from gyeongju.programs.models import Program

from . import presenters
from .datasets import DATASETS, FORMATS, program_rows
from .exports import csv_response, export_meta, json_response, xlsx_response


@require_safe
@cached_page()
def data_page(request):
    meta = presenters.data_page_meta()
    return render(
        request,
        "opendata/data.html",
        {"nav": "data", "datasets": DATASETS, "formats": FORMATS, "meta": meta},
    )


def respond(dataset, objects, fmt, *, filename, url, query=""):
    if fmt == "csv":
        return csv_response(dataset, objects, filename)
    meta = export_meta(dataset, url=url, query=query)
    if fmt == "json":
        return json_response(dataset, objects, filename, meta=meta)
    return xlsx_response(dataset, objects, filename, meta=meta)


@require_safe
def dataset_download(request, dataset, fmt):
    if dataset not in DATASETS or fmt not in FORMATS:
        raise Http404("그런 자료나 형식은 없습니다.")
    chosen = DATASETS[dataset]
    # The rows stream after the view returns: one small query now, so an unreachable database
    # answers with the 503 page instead of a download that breaks off after its header.
    content_version()
    return respond(
        chosen,
        chosen.rows(),
        fmt,
        filename=f"gyeongju-invest-{dataset}",
        url=absolute(request.path),
    )


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
