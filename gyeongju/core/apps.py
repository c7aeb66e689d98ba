from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "gyeongju.core"
    label = "core"
    verbose_name = "공통"

    def ready(self):
        from . import checks, signals  # noqa: F401
