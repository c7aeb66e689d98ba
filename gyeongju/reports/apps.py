from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "gyeongju.reports"
    label = "reports"
    verbose_name = "자료 오류 신고"
