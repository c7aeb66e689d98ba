from django.apps import AppConfig


class ReviewConfig(AppConfig):
    name = "gyeongju.review"
    label = "review"
    verbose_name = "결재"

    def ready(self):
        from gyeongju.core.versioning import when_due

        from . import capture, services  # noqa: F401 - capture's receivers connect on import

        when_due(services.publish_due, services.next_scheduled)
