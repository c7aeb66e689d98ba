from django.db import models


class ContentVersion(models.Model):
    """One row whose counter moves on every public-data change, in the same transaction.

    Cache keys include it, so every app server sees an edit on its very next request even when
    each keeps its own local-memory cache.
    """

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    counter = models.BigIntegerField("버전", default=1)
    changed_at = models.DateTimeField("변경 시각", auto_now=True)

    class Meta:
        verbose_name = "콘텐츠 버전"
        verbose_name_plural = "콘텐츠 버전"
        constraints = [
            models.CheckConstraint(condition=models.Q(id=1), name="contentversion_single_row")
        ]

    def __str__(self):
        return f"콘텐츠 버전 {self.counter}"


class SlugRedirect(models.Model):
    """An old slug of a renamed record, so its public URL answers 301 to the new one forever."""

    class Kind(models.TextChoices):
        PROGRAM = "program", "사업"
        FACILITY = "facility", "시설"

    kind = models.CharField("종류", max_length=20, choices=Kind.choices)
    old_slug = models.SlugField("이전 주소(slug)", max_length=100)
    object_id = models.BigIntegerField("대상 ID")
    created_at = models.DateTimeField("변경 일시", auto_now_add=True)

    class Meta:
        verbose_name = "이전 주소"
        verbose_name_plural = "이전 주소"
        ordering = ["kind", "old_slug"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "old_slug"], name="slugredirect_unique_old_slug"
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.old_slug} → #{self.object_id}"
