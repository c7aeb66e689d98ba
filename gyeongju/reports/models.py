from django.conf import settings
from django.db import models
from django.db.models import Q

RECORD_FIELDS = ("program", "facility", "organisation", "place")


def at_most_one_record() -> Q:
    condition = Q(**{f"{name}__isnull": True for name in RECORD_FIELDS})
    for name in RECORD_FIELDS:
        others = {f"{other}__isnull": True for other in RECORD_FIELDS if other != name}
        condition |= Q(**{f"{name}__isnull": False}, **others)
    return condition


class ErrorReport(models.Model):
    """자료 오류 신고: a citizen's note that a public page is wrong, kept for staff only.

    Never shown on a public page. The reporter's e-mail is erased after the retention period
    (scheduled work: ``services.purge``); the note itself after ``REPORT_RETENTION_DAYS``."""

    class Status(models.TextChoices):
        RECEIVED = "received", "접수"
        REVIEWING = "reviewing", "검토 중"
        APPLIED = "applied", "반영"
        REJECTED = "rejected", "반려"

    DONE = (Status.APPLIED, Status.REJECTED)

    page_url = models.CharField("신고한 페이지", max_length=300)
    # The record the report is about: one of these, or none (a page that names no record).
    program = models.ForeignKey(
        "programs.Program",
        verbose_name="사업",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="error_reports",
    )
    facility = models.ForeignKey(
        "facilities.Facility",
        verbose_name="시설",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="error_reports",
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name="기관",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="error_reports",
    )
    place = models.ForeignKey(
        "places.Place",
        verbose_name="지역",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="error_reports",
    )
    record_name = models.CharField(
        "신고 당시 자료 이름",
        max_length=200,
        blank=True,
        help_text="자료 이름이 나중에 바뀌어도 남습니다.",
    )
    message = models.TextField("신고 내용", max_length=2000)
    email = models.EmailField("회신 전자우편", blank=True)
    status = models.CharField(
        "처리 상태", max_length=20, choices=Status.choices, default=Status.RECEIVED, db_index=True
    )
    staff_note = models.TextField("처리 메모(직원용)", blank=True)
    reply = models.TextField(
        "회신 내용",
        blank=True,
        help_text="반영이나 반려로 바꾸면 신고자가 남긴 전자우편으로 처리 결과와 함께 보냅니다.",
    )
    created_at = models.DateTimeField("접수 일시", auto_now_add=True, db_index=True)
    handled_at = models.DateTimeField("처리 일시", null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="처리한 직원",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reply_sent_at = models.DateTimeField("회신 발송 일시", null=True, blank=True)
    email_erased_at = models.DateTimeField("전자우편 삭제 일시", null=True, blank=True)

    class Meta:
        verbose_name = "자료 오류 신고"
        verbose_name_plural = "자료 오류 신고"
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["received", "reviewing", "applied", "rejected"]),
                name="errorreport_status_valid",
            ),
            models.CheckConstraint(
                condition=at_most_one_record(), name="errorreport_at_most_one_record"
            ),
        ]

    def __str__(self):
        about = self.record_name or self.page_url
        return f"{about}: {self.message[:30]}"

    def get_absolute_url(self):
        return self.page_url

    @property
    def record(self):
        """The program, facility, organisation or place the report is about, or None."""
        for name in RECORD_FIELDS:
            if getattr(self, f"{name}_id") is not None:
                return getattr(self, name)
        return None

    @property
    def is_done(self):
        return self.status in self.DONE
