"""What the open-data page tells dataset search engines: each dataset and its downloads."""

from gyeongju.core.links import page_url, url_with_args
from gyeongju.core.seo import LICENCE_URL, PageMeta, absolute

from .datasets import DATASETS, FORMATS

DESCRIPTION = (
    "경주시 투자사업 자료를 CSV, 엑셀, JSON으로 내려받을 수 있습니다. 공공누리 제1유형(출처표시)."
)
LICENCE = LICENCE_URL
MEDIA_TYPES = {
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
}


def dataset_jsonld(key, dataset) -> dict:
    return {
        "@context": "https://schema.org",
        "@type": "Dataset",
        "name": f"경주시 투자사업 {dataset.title}",
        "description": dataset.description,
        "url": absolute(page_url("data")),
        "license": LICENCE,
        "isAccessibleForFree": True,
        "inLanguage": "ko-KR",
        "creator": {"@type": "GovernmentOrganization", "name": "경주시"},
        "publisher": {"@type": "GovernmentOrganization", "name": "경주시"},
        "spatialCoverage": {"@type": "Place", "name": "경상북도 경주시"},
        "variableMeasured": [column.header for column in dataset.columns],
        "distribution": [
            {
                "@type": "DataDownload",
                "name": f"{dataset.title} ({label})",
                "encodingFormat": MEDIA_TYPES[fmt],
                "contentUrl": absolute(url_with_args("dataset", (key, fmt))),
            }
            for fmt, label in FORMATS.items()
        ],
        "subjectOf": {
            "@type": "DigitalDocument",
            "name": "datapackage.json (Frictionless 데이터 패키지)",
            "encodingFormat": "application/json",
            "url": absolute(page_url("datapackage")),
        },
    }


def data_page_meta() -> PageMeta:
    return PageMeta(
        title="공공데이터",
        path=page_url("data"),
        description=DESCRIPTION,
        jsonld=[dataset_jsonld(key, dataset) for key, dataset in DATASETS.items()],
    )
