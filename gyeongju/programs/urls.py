from django.urls import path

from . import downloads, views

app_name = "programs"

urlpatterns = [
    path("", views.program_list, name="list"),
    path("download.<str:fmt>", downloads.program_download, name="download"),
    path("<slug:slug>/", views.program_detail, name="detail"),
    path("<slug:slug>/history/", views.program_history, name="history"),
    path("<slug:slug>/embed/", views.program_embed, name="embed"),
    path("<slug:slug>/og.png", views.program_og_image, name="og_image"),
]
