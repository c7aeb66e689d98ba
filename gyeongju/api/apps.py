from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "gyeongju.api"
    label = "api"
    verbose_name = "공개 API"
