from django.urls import path

from . import views

urlpatterns = [
    path("data/", views.data_page, name="data"),
    path("data/datapackage.json", views.datapackage, name="datapackage"),
    path("data/<str:dataset>.<str:fmt>", views.dataset_download, name="dataset"),
    path("programs/download.<str:fmt>", views.program_download, name="program_download"),
]
