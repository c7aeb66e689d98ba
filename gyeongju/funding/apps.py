from django.apps import AppConfig
from django.db.models.signals import post_migrate, pre_migrate


class FundingConfig(AppConfig):
    name = "gyeongju.funding"
    label = "funding"
    verbose_name = "재원"

    def ready(self):
        from .triggers import create_sqlite_triggers, drop_sqlite_triggers

        pre_migrate.connect(drop_sqlite_triggers, dispatch_uid="funding_drop_sqlite_triggers")
        post_migrate.connect(create_sqlite_triggers, dispatch_uid="funding_create_sqlite_triggers")
