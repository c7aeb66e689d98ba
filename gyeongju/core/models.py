from django.db import models


class ContentVersion(models.Model):
    """One row whose counter moves on every public-data change, in the same transaction, and which
    says when the next scheduled change (공개 예약) is due (core.versioning).

    Cache keys include it, so every app server sees an edit on its very next request even when
    each keeps its own local-memory cache.
    """

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    counter = models.BigIntegerField("버전", default=1)
    changed_at = models.DateTimeField("변경 시각", auto_now=True)
    next_due = models.DateTimeField("다음 공개 예약 시각", null=True, blank=True)

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
        ORGANISATION = "organisation", "기관"
        PLACE = "place", "지역"

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


class StoredPage(models.Model):
    """A public page rendered once for one version of what it shows, kept so that every app
    server answers it without rendering it again (core.page_cache, docs/architecture.md).

    Written when an edit commits and on the first request that finds none for the current
    version; a row whose ``stamp`` or ``release`` no longer matches is never read."""

    path = models.CharField("주소", max_length=300, unique=True)
    stamp = models.CharField("자료 버전", max_length=100)
    release = models.CharField("코드 버전", max_length=40)
    headers = models.JSONField("응답 헤더", default=list)
    content = models.BinaryField("본문(gzip)")
    rendered_at = models.DateTimeField("만든 시각", auto_now=True)

    class Meta:
        verbose_name = "저장된 페이지"
        verbose_name_plural = "저장된 페이지"
        default_permissions = ()

    def __str__(self):
        return f"{self.path} ({self.stamp})"
