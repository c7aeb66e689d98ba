"""What the facility pages tell search engines and link previews."""

from gyeongju.core.links import page_url
from gyeongju.core.seo import PageMeta, absolute, breadcrumb_jsonld, collection_jsonld

LIST_DESCRIPTION = (
    "경주시 투자사업이 짓거나 확장하는 센터와 기반시설, 입지와 장비, 관련 사업입니다."
)


def facility_jsonld(facility, *, item=False) -> dict:
    """The facility as a schema.org Place (``item``: as an entry of a list, without @context)."""
    data = {
        "@type": "Place",
        "name": facility.name,
        "description": facility.description,
        "url": absolute(facility.get_absolute_url()),
        "address": (
            facility.site.address if facility.site and facility.site.address else "경상북도 경주시"
        ),
    }
    if facility.has_coordinates:
        data["geo"] = {
            "@type": "GeoCoordinates",
            "latitude": float(facility.latitude),
            "longitude": float(facility.longitude),
        }
    if facility.site:
        data["containedInPlace"] = {"@type": "Place", "name": facility.site.name}
    return data if item else {"@context": "https://schema.org", **data}


def list_meta(page) -> PageMeta:
    title = "시설" + (f" ({page.number}쪽)" if page.number > 1 else "")
    path = page_url("facilities:list") + (f"?page={page.number}" if page.number > 1 else "")
    return PageMeta(
        title=title,
        path=path,
        description=LIST_DESCRIPTION,
        jsonld=[
            collection_jsonld(
                name=title,
                path=path,
                description=LIST_DESCRIPTION,
                items=[facility_jsonld(facility, item=True) for facility in page.object_list],
                total=page.paginator.count,
            )
        ],
    )


def detail_meta(facility) -> PageMeta:
    path = facility.get_absolute_url()
    return PageMeta(
        title=facility.name,
        path=path,
        description=facility.description or f"{facility.name}의 입지, 장비, 관련 사업입니다.",
        modified=facility.updated_at,
        jsonld=[
            facility_jsonld(facility),
            breadcrumb_jsonld(
                [("홈", "/"), ("시설", page_url("facilities:list")), (facility.name, path)]
            ),
        ],
    )
