from django.apps import AppConfig


class SourcesConfig(AppConfig):
    name = "gyeongju.sources"
    label = "sources"
    verbose_name = "출처"
