from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("gyeongju.pages.urls")),
    path("", include("gyeongju.opendata.urls")),
    path("", include("gyeongju.api.urls")),
    path("feeds/", include("gyeongju.programs.feed_urls")),
    path("programs/", include("gyeongju.programs.urls")),
    path("facilities/", include("gyeongju.facilities.urls")),
    path("funding/", include("gyeongju.funding.urls")),
    path("outcomes/", include("gyeongju.outcomes.urls")),
    path("organisations/", include("gyeongju.organisations.urls")),
    path("places/", include("gyeongju.places.urls")),
    path("reports/", include("gyeongju.reports.urls")),
    path("admin/", admin.site.urls),
]

handler400 = "gyeongju.core.errors.bad_request"
handler404 = "gyeongju.core.errors.page_not_found"
handler500 = "gyeongju.core.errors.server_error"
