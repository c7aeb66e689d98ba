from django.apps import AppConfig


class FacilitiesConfig(AppConfig):
    name = "gyeongju.facilities"
    label = "facilities"
    verbose_name = "시설"
