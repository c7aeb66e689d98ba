"""datapackage.json: every download described for machines (Frictionless Data Package v1), made
from the same column definitions the downloads are written with (``datasets``)."""

from django.conf import settings

from gyeongju.core.links import page_url, url_with_args
from gyeongju.core.seo import absolute
from gyeongju.sources.models import Source

from .datasets import DATASETS
from .presenters import LICENCE

LICENCES = [{"name": "KOGL-Type1", "path": LICENCE, "title": "공공누리 제1유형(출처표시)"}]


def field(column) -> dict:
    described = {
        "name": column.header,  # the CSV's header row
        "title": column.key,  # the JSON key of the same column
        "description": column.description,
        "type": column.type,
    }
    if column.format:
        described["format"] = column.format
    if column.unit:
        described["unit"] = column.unit
    if column.type == "datetime":
        described["format"] = "any"
    return described


def resource(key, dataset) -> dict:
    return {
        "name": key,
        "title": f"경주시 투자사업 {dataset.title}",
        "description": dataset.description,
        "path": absolute(url_with_args("dataset", (key, "csv"))),
        "profile": "tabular-data-resource",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8-sig",
        "licenses": LICENCES,
        "schema": {"fields": [field(column) for column in dataset.columns]},
    }


def datapackage(version) -> dict:
    sources = [
        {"title": f"{source.publisher}, 「{source.title}」", "path": source.url}
        if source.url
        else {"title": f"{source.publisher}, 「{source.title}」"}
        for source in Source.public_objects.only("title", "publisher", "url").order_by(
            "-published_on", "title", "pk"
        )
    ]
    return {
        "profile": "tabular-data-package",
        "name": "gyeongju-invest",
        "title": f"{settings.SITE_NAME} 공공데이터",
        "description": (
            "경주시가 경제 활성화와 일자리를 위해 투자하는 사업, 재원, 시설, 성과. 금액은 원 단위 "
            "정수이고, 비어 있는 칸은 출처가 밝히지 않은 값입니다(0과 다름)."
        ),
        "homepage": absolute(page_url("data")),
        "version": version.token,
        "created": version.changed_at.isoformat(timespec="seconds"),
        "keywords": ["경주시", "투자사업", "재정", "예산", "공공데이터"],
        "licenses": LICENCES,
        "contributors": [{"title": "경주시", "role": "publisher"}],
        "sources": [{"title": settings.SITE_NAME, "path": settings.SITE_URL + "/"}, *sources],
        "resources": [resource(key, dataset) for key, dataset in DATASETS.items()],
    }
