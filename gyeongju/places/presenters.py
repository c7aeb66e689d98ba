"""What the place pages tell search engines: schema.org Places, a complex inside its 읍·면·동."""

from gyeongju.core import seo
from gyeongju.core.links import page_url
from gyeongju.core.seo import PageMeta, breadcrumb_jsonld, collection_jsonld

from .models import Place

LIST_DESCRIPTION = (
    "경주시 투자사업이 자리한 읍·면·동과 산업단지입니다. 지역마다 사업, 시설, 사업비와 성과를 "
    "모아 봅니다."
)
CITY = {"@type": "City", "name": "경주시"}


def place_jsonld(place: Place, *, item=False) -> dict:
    container = (
        seo.place(place.parent.name, place.parent.get_absolute_url()) if place.parent_id else CITY
    )
    data = seo.place(
        place.name,
        place.get_absolute_url(),
        latitude=place.latitude,
        longitude=place.longitude,
        containedInPlace=container,
    )
    if place.description:
        data["description"] = place.description
    return data if item else {"@context": "https://schema.org", **data}


def list_meta(districts) -> PageMeta:
    path = page_url("places:list")
    items = []
    for district in districts:
        items.append(place_jsonld(district.place, item=True))
        items.extend(place_jsonld(c, item=True) for c in district.complexes)
    return PageMeta(
        title="지역",
        path=path,
        description=LIST_DESCRIPTION,
        jsonld=[
            collection_jsonld(name="지역", path=path, description=LIST_DESCRIPTION, items=items)
        ],
    )


def detail_meta(place: Place, page) -> PageMeta:
    path = place.get_absolute_url()
    description = place.description or (
        f"경주시 {place.name}({place.get_kind_display()})에 자리한 투자사업과 시설, 사업비의 재원, "
        "보고된 성과입니다."
    )
    crumbs = [("홈", "/"), ("지역", page_url("places:list"))]
    if place.parent_id:
        crumbs.append((place.parent.name, place.parent.get_absolute_url()))
    crumbs.append((place.name, path))
    return PageMeta(
        title=place.name + (f" ({page.number}쪽)" if page.number > 1 else ""),
        path=path + (f"?page={page.number}" if page.number > 1 else ""),
        description=description,
        modified=place.updated_at,
        jsonld=[place_jsonld(place), breadcrumb_jsonld(crumbs)],
    )
