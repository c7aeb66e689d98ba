from django.apps import AppConfig
from django.db.models.signals import post_migrate


class ReportsConfig(AppConfig):
    name = "gyeongju.reports"
    label = "reports"
    verbose_name = "자료 오류 신고"

    def ready(self):
        from gyeongju.core.versioning import when_due

        from . import services

        when_due(services.purge, services.next_purge)
        post_migrate.connect(services.schedule_after_migrate, sender=self)
