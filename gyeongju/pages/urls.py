"""The site-wide pages: home, policies, robots.txt, security.txt, sitemaps, oEmbed and programs'
preview cards."""

from django.contrib.sitemaps.views import sitemap
from django.urls import path

from gyeongju.core.page_cache import cached_page

from . import views
from .sitemaps import SITEMAPS, sitemap_index

urlpatterns = [
    path("", views.home, name="home"),
    path("years/", views.years, name="years"),
    path("privacy/", views.privacy, name="privacy"),
    path("copyright/", views.copyright_policy, name="copyright"),
    path("robots.txt", views.robots_txt, name="robots"),
    path(".well-known/security.txt", views.security_txt, name="security_txt"),
    path(
        "sitemap.xml",
        cached_page()(sitemap_index),
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap_section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        cached_page(params=("p",))(sitemap),
        {"sitemaps": SITEMAPS},
        name="sitemap_section",
    ),
    path("oembed/", views.oembed, name="oembed"),
    path("programs/<slug:slug>/og.png", views.program_card, name="program_card"),
]
