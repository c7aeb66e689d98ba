"""What a page tells search engines and link previews: title, description, canonical, OpenGraph,
Twitter card and JSON-LD. Views build one PageMeta; base.html renders it."""

import json
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property

from django.conf import settings
from django.templatetags.static import static
from django.utils.html import strip_tags
from django.utils.safestring import mark_safe
from django.utils.text import Truncator

DEFAULT_DESCRIPTION = (
    "경주시가 경제 활성화를 위해 투자하는 사업의 예산, 재원, 시설, 성과를 출처와 기준일과 함께 "
    "공개하는 누리집입니다."
)
# What static/portal/img/og-default.png says, for those who cannot see it (og:image:alt and
# twitter:image:alt).
# 공공누리 제1유형(출처표시): the licence of everything the site publishes.
LICENCE_URL = "https://www.kogl.or.kr/info/licenseType1.do"
DEFAULT_IMAGE = "portal/img/og-default.png"
DEFAULT_IMAGE_ALT = (
    "경주시 투자사업 포털 안내 카드: 경주시가 경제에 투자하는 사업, 출처와 기준일과 함께. "
    "사업의 예산·재원, 시설의 입지·장비, 성과의 근거·성숙도."
)


def absolute(path: str) -> str:
    if path.startswith("http://") or path.startswith("https://"):
        return path
    return settings.SITE_URL + path


@dataclass
class PageMeta:
    title: str
    path: str
    description: str = DEFAULT_DESCRIPTION
    og_type: str = "website"
    image: str | None = None  # absolute or site path of a 1200×630 PNG
    image_alt: str = ""  # what the image shows; the default image has its own
    image_type: str = "image/png"
    image_width: int = 1200
    image_height: int = 630
    modified: datetime | None = None
    jsonld: list[dict] = field(default_factory=list)
    noindex: bool = False
    feed_url: str | None = None
    feed_title: str = ""

    @property
    def full_title(self) -> str:
        return f"{self.title} | {settings.SITE_NAME}"

    @cached_property
    def canonical_url(self) -> str:
        return absolute(self.path)

    @cached_property
    def short_description(self) -> str:
        return Truncator(strip_tags(self.description).replace("\n", " ")).chars(160)

    @cached_property
    def image_url(self) -> str:
        return absolute(self.image or static(DEFAULT_IMAGE))

    @property
    def image_description(self) -> str:
        """The card image's alt text, for OpenGraph and the Twitter card alike."""
        if self.image is None:
            return DEFAULT_IMAGE_ALT
        return self.image_alt or self.title

    @property
    def jsonld_script(self):
        """JSON-LD for a <script type="application/ld+json"> data block (not executed, so the
        CSP allows it); <, > and & are escaped so no text can close the element."""
        if not self.jsonld:
            return ""
        data = (
            self.jsonld[0]
            if len(self.jsonld) == 1
            else {"@context": "https://schema.org", "@graph": self.jsonld}
        )
        text = json.dumps(data, ensure_ascii=False, default=str)
        text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
        return mark_safe(text)


def site_jsonld() -> dict:
    return {
        "@context": "https://schema.org",
        "@type": "WebSite",
        "name": settings.SITE_NAME,
        "url": absolute("/"),
        "inLanguage": "ko-KR",
        "publisher": {"@type": "GovernmentOrganization", "name": "경주시"},
    }


def breadcrumb_jsonld(items: list[tuple[str, str]]) -> dict:
    return {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": i, "name": name, "item": absolute(path)}
            for i, (name, path) in enumerate(items, start=1)
        ],
    }


def webpage_jsonld(*, name: str, path: str, description: str = DEFAULT_DESCRIPTION) -> dict:
    return {
        "@context": "https://schema.org",
        "@type": "WebPage",
        "name": name,
        "description": description,
        "url": absolute(path),
        "inLanguage": "ko-KR",
        "isPartOf": {"@type": "WebSite", "name": settings.SITE_NAME, "url": absolute("/")},
    }


def collection_jsonld(
    *, name: str, path: str, description: str, items: list[dict], total: int | None = None
) -> dict:
    """A list page: what it lists (the items shown on this page, each a schema.org thing)."""
    data = webpage_jsonld(name=name, path=path, description=description)
    data["@type"] = "CollectionPage"
    data["mainEntity"] = {
        "@type": "ItemList",
        "numberOfItems": len(items) if total is None else total,
        "itemListElement": [
            {"@type": "ListItem", "position": position, "item": item}
            for position, item in enumerate(items, start=1)
        ],
    }
    return data


def thing(type_: str, name: str, path: str, **extra) -> dict:
    return {"@type": type_, "name": name, "url": absolute(path), **extra}


def monetary_grant(name: str, amount: int, funder: dict | None = None) -> dict:
    """An amount of money for something, as a schema.org MonetaryGrant (in 원)."""
    grant = {
        "@type": "MonetaryGrant",
        "name": name,
        "amount": {"@type": "MonetaryAmount", "currency": "KRW", "value": amount},
    }
    if funder:
        grant["funder"] = funder
    return grant


def organization(name: str, path: str, *, government: bool, **extra) -> dict:
    """An organisation as schema.org sees it: a GovernmentOrganization for a ministry, public
    agency, local government or government committee, else an Organization."""
    return thing("GovernmentOrganization" if government else "Organization", name, path, **extra)


def place(name: str, path: str, *, latitude=None, longitude=None, **extra) -> dict:
    """A place (a 읍·면·동, an industrial complex) as a schema.org Place, with its coordinates."""
    data = thing("Place", name, path, **extra)
    if latitude is not None and longitude is not None:
        data["geo"] = {
            "@type": "GeoCoordinates",
            "latitude": float(latitude),
            "longitude": float(longitude),
        }
    return data
