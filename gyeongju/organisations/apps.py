from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "gyeongju.organisations"
    label = "organisations"
    verbose_name = "기관"
