from django.apps import AppConfig


class ProgramsConfig(AppConfig):
    name = "gyeongju.programs"
    label = "programs"
    verbose_name = "사업"

    def ready(self):
        from . import signals, versioning

        signals.connect()
        versioning.register()
