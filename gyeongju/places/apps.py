from django.apps import AppConfig


class PlacesConfig(AppConfig):
    name = "gyeongju.places"
    label = "places"
    verbose_name = "지역"

    def ready(self):
        from . import versioning

        versioning.register()
