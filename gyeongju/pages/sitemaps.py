from functools import cached_property
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import sitemaps
from django.contrib.sitemaps.views import SitemapIndexItem, x_robots_tag
from django.template.response import TemplateResponse
from django.urls import reverse

from gyeongju.core.versioning import content_version
from gyeongju.facilities.models import Facility
from gyeongju.funding.models import FundingKind
from gyeongju.organisations.models import Organisation
from gyeongju.places.models import Place
from gyeongju.programs.models import Program


class Sitemap(sitemaps.Sitemap):
    """URLs on the canonical SITE_URL, whatever host the request came in on."""

    def get_domain(self, site=None):
        return urlsplit(settings.SITE_URL).netloc

    def get_protocol(self, protocol=None):
        return urlsplit(settings.SITE_URL).scheme


class SiteWideSitemap(Sitemap):
    """Pages that show the whole portfolio: they change whenever any public record does."""

    @cached_property
    def changed_at(self):
        return content_version().changed_at

    def lastmod(self, item):
        return self.changed_at


class StaticSitemap(SiteWideSitemap):
    changefreq = "weekly"

    def items(self):
        return [
            "home",
            "years",
            "programs:list",
            "facilities:list",
            "organisations:list",
            "places:list",
            "funding:list",
            "outcomes:list",
            "data",
        ]

    def location(self, item):
        return reverse(item)


class ProgramSitemap(Sitemap):
    changefreq = "weekly"
    limit = 5000

    def items(self):
        return Program.public_objects.only("slug", "updated_at").order_by("pk")

    def lastmod(self, program):
        return program.updated_at


class ProgramHistorySitemap(ProgramSitemap):
    def location(self, program):
        return reverse("programs:history", kwargs={"slug": program.slug})


class FacilitySitemap(Sitemap):
    changefreq = "monthly"
    limit = 5000

    def items(self):
        return Facility.public_objects.only("slug", "updated_at").order_by("pk")

    def lastmod(self, facility):
        return facility.updated_at


class OrganisationSitemap(Sitemap):
    changefreq = "monthly"
    limit = 5000

    def items(self):
        return Organisation.public_objects.only("slug", "updated_at").order_by("pk")

    def lastmod(self, organisation):
        return organisation.updated_at


class PlaceSitemap(Sitemap):
    changefreq = "monthly"
    limit = 5000

    def items(self):
        return Place.public_objects.only("slug", "updated_at").order_by("pk")

    def lastmod(self, place):
        return place.updated_at


class FundingSitemap(SiteWideSitemap):
    changefreq = "monthly"

    def items(self):
        return list(FundingKind)

    def location(self, kind):
        return reverse("funding:detail", kwargs={"slug": kind.value})


SITEMAPS = {
    "pages": StaticSitemap,
    "programs": ProgramSitemap,
    "history": ProgramHistorySitemap,
    "facilities": FacilitySitemap,
    "organisations": OrganisationSitemap,
    "places": PlaceSitemap,
    "funding": FundingSitemap,
}


@x_robots_tag
def sitemap_index(request, sitemaps, sitemap_url_name):
    """Django's index names sections on the requesting host; ours names them on SITE_URL, like
    every URL inside them (a search engine only trusts a sitemap on its own canonical host)."""
    items = []
    for section, site in sitemaps.items():
        site = site() if callable(site) else site
        location = settings.SITE_URL + reverse(sitemap_url_name, kwargs={"section": section})
        lastmod = site.get_latest_lastmod()
        items.append(SitemapIndexItem(location, lastmod))
        for page in range(2, site.paginator.num_pages + 1):
            items.append(SitemapIndexItem(f"{location}?p={page}", lastmod))
    return TemplateResponse(
        request, "sitemap_index.xml", {"sitemaps": items}, content_type="application/xml"
    )
