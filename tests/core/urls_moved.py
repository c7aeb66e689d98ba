from django.http import HttpResponse
from django.urls import path

urlpatterns = [path("moved/", lambda request: HttpResponse(), name="home")]
