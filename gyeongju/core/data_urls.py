from django.urls import path

from . import data_views

urlpatterns = [
    path("", data_views.data_page, name="data"),
    path("<str:dataset>.<str:fmt>", data_views.dataset_download, name="dataset"),
]
