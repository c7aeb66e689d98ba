from django.urls import path

from . import views

app_name = "funding"

urlpatterns = [
    path("", views.funding_list, name="list"),
    path("<slug:slug>/", views.funding_detail, name="detail"),
]
