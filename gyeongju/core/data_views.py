from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from .datasets import DATASETS, FORMATS
from .exports import csv_response, export_meta, json_response, xlsx_response
from .page_cache import cached_page
from .seo import PageMeta, absolute
from .versioning import content_version


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
        "core/data.html",
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
