from django.apps import AppConfig


class ProgressConfig(AppConfig):
    name = "gyeongju.progress"
    label = "progress"
    verbose_name = "집행과 일정"
