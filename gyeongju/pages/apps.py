from django.apps import AppConfig


class PagesConfig(AppConfig):
    name = "gyeongju.pages"
    label = "pages"
    verbose_name = "누리집 공통 페이지"
