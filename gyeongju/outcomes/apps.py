from django.apps import AppConfig


class OutcomesConfig(AppConfig):
    name = "gyeongju.outcomes"
    label = "outcomes"
    verbose_name = "성과"
