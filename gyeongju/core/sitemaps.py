from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import sitemaps
from django.urls import reverse

from gyeongju.facilities.models import Facility
from gyeongju.funding.models import FundingKind
from gyeongju.programs.models import Program


class Sitemap(sitemaps.Sitemap):
    """URLs on the canonical SITE_URL, whatever host the request came in on."""

    def get_domain(self, site=None):
        return urlsplit(settings.SITE_URL).netloc

    def get_protocol(self, protocol=None):
        return urlsplit(settings.SITE_URL).scheme


class StaticSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        return ["home", "programs:list", "facilities:list", "funding:list", "outcomes:list", "data"]

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
        return Facility.objects.public().only("slug", "updated_at").order_by("pk")

    def lastmod(self, facility):
        return facility.updated_at


class FundingSitemap(Sitemap):
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
    "funding": FundingSitemap,
}
