from django.apps import AppConfig


class ProgramsConfig(AppConfig):
    name = "gyeongju.programs"
    label = "programs"
    verbose_name = "사업"
