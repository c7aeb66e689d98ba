from django.urls import path

from gyeongju.core.page_cache import cached_page

from . import feeds
from .filters import ProgramFilterForm

app_name = "feeds"

urlpatterns = [
    path("updates/", cached_page()(feeds.UpdatesFeed()), name="updates"),
    path(
        "programs/",
        cached_page(params=ProgramFilterForm.param_names())(feeds.SearchFeed()),
        name="search",
    ),
    path("programs/<slug:slug>/", cached_page()(feeds.ProgramFeed()), name="program"),
]
