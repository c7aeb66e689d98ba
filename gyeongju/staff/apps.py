from django.apps import AppConfig


class StaffConfig(AppConfig):
    name = "gyeongju.staff"
    label = "staff"
    verbose_name = "직원 도구"
