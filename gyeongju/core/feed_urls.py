from django.urls import path

from . import feeds

app_name = "feeds"

urlpatterns = [
    path("updates/", feeds.UpdatesFeed(), name="updates"),
    path("programs/", feeds.SearchFeed(), name="search"),
    path("programs/<slug:slug>/", feeds.ProgramFeed(), name="program"),
]
