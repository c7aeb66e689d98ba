from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from gyeongju.core.page_cache import cached_page
from gyeongju.core.seo import PageMeta, absolute
from gyeongju.core.versioning import content_version
from gyeongju.programs.filters import ProgramFilterForm
from gyeongju.programs.models import Program

from .datasets import DATASETS, FORMATS, program_rows
from .exports import csv_response, export_meta, json_response, xlsx_response


@require_safe
@cached_page()
def data_page(request):
    meta = PageMeta(
        title="공공데이터",
        path=reverse("data"),
        description="경주시 투자사업 자료를 CSV, 엑셀, JSON으로 내려받을 수 있습니다. 공공누리 제1유형(출처표시).",
        jsonld=[
            {
                "@context": "https://schema.org",
                "@type": "Dataset",
                "name": f"경주시 투자사업 {dataset.title}",
                "description": dataset.description,
                "url": absolute(reverse("data")),
                "license": "https://www.kogl.or.kr/info/licenseType1.do",
                "inLanguage": "ko-KR",
                "creator": {"@type": "GovernmentOrganization", "name": "경주시"},
                "distribution": [
                    {
                        "@type": "DataDownload",
                        "encodingFormat": fmt,
                        "contentUrl": absolute(
                            reverse("dataset", kwargs={"dataset": key, "fmt": fmt})
                        ),
                    }
                    for fmt in FORMATS
                ],
            }
            for key, dataset in DATASETS.items()
        ],
    )
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
