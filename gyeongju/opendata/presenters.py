"""What the open-data page tells dataset search engines: each dataset and its downloads."""

from gyeongju.core.links import page_url, url_with_args
from gyeongju.core.seo import PageMeta, absolute

from .datasets import DATASETS, FORMATS

DESCRIPTION = (
    "경주시 투자사업 자료를 CSV, 엑셀, JSON으로 내려받을 수 있습니다. 공공누리 제1유형(출처표시)."
)
LICENCE = "https://www.kogl.or.kr/info/licenseType1.do"


def dataset_jsonld(key, dataset) -> dict:
    return {
        "@context": "https://schema.org",
        "@type": "Dataset",
        "name": f"경주시 투자사업 {dataset.title}",
        "description": dataset.description,
        "url": absolute(page_url("data")),
        "license": LICENCE,
        "inLanguage": "ko-KR",
        "creator": {"@type": "GovernmentOrganization", "name": "경주시"},
        "distribution": [
            {
                "@type": "DataDownload",
                "encodingFormat": fmt,
                "contentUrl": absolute(url_with_args("dataset", (key, fmt))),
            }
            for fmt in FORMATS
        ],
    }


def data_page_meta() -> PageMeta:
    return PageMeta(
        title="공공데이터",
        path=page_url("data"),
        description=DESCRIPTION,
        jsonld=[dataset_jsonld(key, dataset) for key, dataset in DATASETS.items()],
    )
