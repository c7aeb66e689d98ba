from django.apps import AppConfig


class FundingConfig(AppConfig):
    name = "gyeongju.funding"
    label = "funding"
    verbose_name = "재원"
