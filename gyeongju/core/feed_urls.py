from django.urls import path

from . import feeds
from .page_cache import cached_page

app_name = "feeds"

urlpatterns = [
    path("updates/", cached_page()(feeds.UpdatesFeed()), name="updates"),
    path("programs/", cached_page()(feeds.SearchFeed()), name="search"),
    path("programs/<slug:slug>/", cached_page()(feeds.ProgramFeed()), name="program"),
]
