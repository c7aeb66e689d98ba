"""The change history every public record keeps (django-simple-history), with who proposed a
change and when, and when an approver approved it. The approver is the record's ``history_user``;
``history_date`` is when the change went public (a 공개 예약's minute)."""

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db import models
from django.dispatch import receiver
from simple_history.models import HistoricalRecords
from simple_history.signals import pre_create_historical_record


class ReviewedChange(models.Model):
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="제안한 사람",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        db_constraint=False,
    )
    proposed_at = models.DateTimeField("제안 일시", null=True, blank=True)
    approved_at = models.DateTimeField("승인 일시", null=True, blank=True)

    class Meta:
        abstract = True


def history(verbose_name: str) -> HistoricalRecords:
    """The history of a public record (its verbose name in Korean)."""
    return HistoricalRecords(verbose_name=verbose_name, bases=[ReviewedChange])


@dataclass(frozen=True)
class Review:
    """Set on an instance as ``_review`` before it is saved for an approved revision."""

    proposed_by: object
    proposed_at: datetime
    approved_at: datetime


@receiver(pre_create_historical_record)
def record_review(sender, instance, history_instance, **kwargs):
    review = getattr(instance, "_review", None)
    if review is not None and isinstance(history_instance, ReviewedChange):
        history_instance.proposed_by = review.proposed_by
        history_instance.proposed_at = review.proposed_at
        history_instance.approved_at = review.approved_at
