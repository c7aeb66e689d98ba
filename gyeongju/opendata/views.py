import json

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from gyeongju.core.page_cache import cached_page
from gyeongju.core.seo import absolute
from gyeongju.core.versioning import content_version
from gyeongju.programs.filters import ProgramFilterForm
from gyeongju.programs.models import Program

from . import presenters
from .datasets import DATASETS, FORMATS, program_rows
from .exports import (
    csv_lines,
    csv_response,
    export_meta,
    json_chunks,
    json_response,
    write_xlsx,
    xlsx_response,
)
from .package import datapackage as describe_package
from .stored import stored_download


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
@cached_page()
def datapackage(request):
    """Every download described for machines (Frictionless): fields, types, units, licence."""
    version = getattr(request, "content_version", None) or content_version()
    body = json.dumps(describe_package(version), ensure_ascii=False, indent=1)
    return HttpResponse(body, content_type="application/json; charset=utf-8")


def writer(dataset, rows, fmt, *, url):
    """What writes every row of ``dataset`` in ``fmt`` to a file (``stored.stored_file``)."""

    def build(handle):
        if fmt == "csv":
            for line in csv_lines(dataset, rows()):
                handle.write(line.encode())
        elif fmt == "json":
            for chunk in json_chunks(dataset, rows(), meta=export_meta(dataset, url=url)):
                handle.write(chunk.encode())
        else:
            write_xlsx(dataset, rows(), handle, meta=export_meta(dataset, url=url))

    return build


@require_safe
def dataset_download(request, dataset, fmt):
    """Every row: built once per content version and sent as a stored file."""
    if dataset not in DATASETS or fmt not in FORMATS:
        raise Http404("그런 자료나 형식은 없습니다.")
    chosen = DATASETS[dataset]
    url = absolute(request.path)
    return stored_download(
        request,
        dataset,
        fmt,
        writer(chosen, chosen.rows, fmt, url=url),
        filename=f"gyeongju-invest-{dataset}",
    )


@require_safe
def program_download(request, fmt):
    """Exactly the explorer's filtered, sorted list, in every row (not just the current page)."""
    if fmt not in FORMATS:
        raise Http404("지원하지 않는 형식입니다. csv, xlsx, json 가운데 하나를 고르세요.")
    form = ProgramFilterForm(request.GET)
    programs = form.filter(Program.public_objects.all())
    query = form.query_without_page()
    if not form.values and not request.GET:  # every row, in the explorer's order: one file
        return stored_download(
            request,
            "programs-explorer",
            fmt,
            writer(
                DATASETS["programs"],
                lambda: program_rows(programs),
                fmt,
                url=absolute(request.path),
            ),
            filename="gyeongju-invest-programs",
        )
    return respond(
        DATASETS["programs"],
        program_rows(programs),
        fmt,
        filename="gyeongju-invest-programs-filtered" if query else "gyeongju-invest-programs",
        url=absolute(request.get_full_path()),
        query=query,
    )
