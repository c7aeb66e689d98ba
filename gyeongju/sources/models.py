from django.db import models

from gyeongju.core.history import history
from gyeongju.core.managers import managers

from .managers import SourceQuerySet


class Source(models.Model):
    """A press release or document that states figures shown on the site."""

    class Kind(models.TextChoices):
        PRESS_RELEASE = "press_release", "보도자료"
        NOTICE = "notice", "공고·고시"
        BUDGET = "budget", "예산서"
        REPORT = "report", "보고서"
        OTHER = "other", "기타"

    title = models.CharField("제목", max_length=300)
    publisher = models.CharField("발행 기관", max_length=100)
    kind = models.CharField("종류", max_length=20, choices=Kind.choices, default=Kind.PRESS_RELEASE)
    published_on = models.DateField("발행일")
    url = models.URLField("원문 주소", max_length=500, blank=True)
    text = models.TextField("원문", blank=True, help_text="인용 확인용 원문 전체 또는 발췌")
    note = models.TextField("메모", blank=True, help_text="날짜 추정 근거 등 출처에 관한 설명")
    updated_at = models.DateTimeField("수정 일시", auto_now=True)

    history = history("출처 변경 이력")
    public_objects, private_objects = managers(SourceQuerySet)

    class Meta:
        verbose_name = "출처"
        verbose_name_plural = "출처"
        ordering = ["-published_on", "title"]
        default_manager_name = "private_objects"

    def __str__(self):
        return f"{self.publisher}, 「{self.title}」"
