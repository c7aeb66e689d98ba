from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.urls import reverse


class Revision(models.Model):
    """A change to a public record, proposed by an editor and waiting for an approver: the record
    as it was when the change was made (``before``) and as the editor left it (``after``), each a
    snapshot of the record with the rows it owns (review/records.py). The live tables keep the
    approved state until approval applies the change, at once or at its 공개 시각."""

    class Status(models.TextChoices):
        PENDING = "pending", "승인 대기"
        SCHEDULED = "scheduled", "공개 예약"
        PUBLISHED = "published", "반영됨"
        REJECTED = "rejected", "반려"
        WITHDRAWN = "withdrawn", "철회"

    OPEN = (Status.PENDING, Status.SCHEDULED)

    content_type = models.ForeignKey(
        ContentType, verbose_name="자료 종류", on_delete=models.PROTECT, related_name="+"
    )
    object_id = models.BigIntegerField("대상 ID", null=True, blank=True)
    title = models.CharField("대상", max_length=300)
    status = models.CharField(
        "상태", max_length=20, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    before = models.JSONField("제안 당시의 공개 내용", null=True, blank=True)
    after = models.JSONField("제안한 내용")
    reason = models.CharField("변경 사유", max_length=200, blank=True)
    editor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="편집자",
        on_delete=models.PROTECT,
        related_name="proposed_revisions",
    )
    created_at = models.DateTimeField("제안 일시", auto_now_add=True)
    updated_at = models.DateTimeField("마지막 수정", auto_now=True)
    publish_at = models.DateTimeField(
        "공개 시각",
        null=True,
        blank=True,
        help_text="비워 두면 승인하는 즉시 공개됩니다. 보도 시점처럼 정한 시각(한국 시간)에 공개하려면 적습니다.",
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="승인자",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reviewed_revisions",
    )
    decided_at = models.DateTimeField("결정 일시", null=True, blank=True)
    comment = models.TextField("검토 의견", blank=True)
    applied_at = models.DateTimeField("반영 일시", null=True, blank=True)

    class Meta:
        verbose_name = "변경 제안"
        verbose_name_plural = "변경 제안 (결재)"
        ordering = ["created_at", "pk"]
        default_permissions = ("view",)
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id"],
                condition=Q(status__in=["pending", "scheduled"]),
                name="revision_one_open_per_record",
            ),
            models.CheckConstraint(
                condition=Q(
                    status__in=["pending", "scheduled", "published", "rejected", "withdrawn"]
                ),
                name="revision_status_valid",
            ),
            models.CheckConstraint(
                condition=~Q(status="scheduled") | Q(publish_at__isnull=False),
                name="revision_scheduled_has_time",
            ),
        ]
        indexes = [models.Index(fields=["status", "publish_at"], name="revision_due_idx")]

    def __str__(self):
        return f"{self.title} ({self.get_status_display()})"

    def get_absolute_url(self):
        return reverse("admin:review_revision_change", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN

    @property
    def model(self):
        return self.content_type.model_class()
