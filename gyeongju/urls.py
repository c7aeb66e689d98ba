from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from gyeongju.core import views as core_views
from gyeongju.core.page_cache import cached_page
from gyeongju.core.sitemaps import SITEMAPS, sitemap_index

urlpatterns = [
    path("", core_views.home, name="home"),
    path("data/", include("gyeongju.core.data_urls")),
    path("privacy/", core_views.privacy, name="privacy"),
    path("copyright/", core_views.copyright_policy, name="copyright"),
    path("robots.txt", core_views.robots_txt, name="robots"),
    path(
        "sitemap.xml",
        cached_page()(sitemap_index),
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap_section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        cached_page()(sitemap),
        {"sitemaps": SITEMAPS},
        name="sitemap_section",
    ),
    path("oembed/", core_views.oembed, name="oembed"),
    path("feeds/", include("gyeongju.core.feed_urls")),
    path("programs/", include("gyeongju.programs.urls")),
    path("facilities/", include("gyeongju.facilities.urls")),
    path("funding/", include("gyeongju.funding.urls")),
    path("outcomes/", include("gyeongju.outcomes.urls")),
    path("admin/", admin.site.urls),
]

handler400 = "gyeongju.core.views.bad_request"
handler404 = "gyeongju.core.views.page_not_found"
handler500 = "gyeongju.core.views.server_error"
