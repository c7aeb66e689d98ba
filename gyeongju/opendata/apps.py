from django.apps import AppConfig


class OpenDataConfig(AppConfig):
    name = "gyeongju.opendata"
    label = "opendata"
    verbose_name = "공공데이터"
