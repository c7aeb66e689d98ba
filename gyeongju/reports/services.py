"""Taking a report in (the per-address limit), telling the reporter the outcome, and forgetting the
reporter's e-mail when its time is up."""

import datetime as dt
import hashlib

from django.conf import settings
from django.core.cache import cache
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Min, Q
from django.utils import timezone

from gyeongju.core.client_ip import client_address
from gyeongju.core.links import page_url
from gyeongju.core.versioning import schedule_next

from .models import ErrorReport

RATE_WINDOW = 60 * 60  # seconds


def rate_key(request) -> str:
    """The cache key counting one address's reports: the address hashed, never stored as such."""
    address = client_address(request)
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{address}".encode()).hexdigest()[:32]
    return f"report-rate:{digest}"


def over_limit(request) -> bool:
    """Count this report against the address's hourly allowance (``REPORTS_PER_HOUR``); True when
    it is over. Counted in the shared cache, so every app server sees the same count."""
    key = rate_key(request)
    cache.add(key, 0, RATE_WINDOW)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, RATE_WINDOW)
        count = 1
    return count > settings.REPORTS_PER_HOUR


OUTCOME_SUBJECT = {
    ErrorReport.Status.APPLIED: "[경주시 투자사업 포털] 보내 주신 자료 오류 신고를 반영했습니다",
    ErrorReport.Status.REJECTED: "[경주시 투자사업 포털] 보내 주신 자료 오류 신고의 처리 결과입니다",
}
OUTCOME_TEXT = {
    ErrorReport.Status.APPLIED: (
        "신고해 주신 내용을 확인해 자료를 고쳤습니다. 고친 내용은 승인을 거쳐 공개되며, "
        "사업 페이지의 변경 이력에 ‘시민 제보 반영’으로 남습니다."
    ),
    ErrorReport.Status.REJECTED: (
        "신고해 주신 내용을 확인했으나 이번에는 자료를 고치지 않았습니다. 아래 회신 내용을 참고해 "
        "주세요."
    ),
}


def outcome_mail(report: ErrorReport) -> tuple[str, str]:
    lines = [
        "안녕하세요, 경주시 투자사업 포털입니다.",
        "",
        f"{report.created_at.astimezone(timezone.get_current_timezone()):%Y. %-m. %-d.}에 "
        f"보내 주신 자료 오류 신고({report.record_name or report.page_url})의 처리 결과를 "
        "알려 드립니다.",
        "",
        f"처리 결과: {report.get_status_display()}",
        OUTCOME_TEXT[report.status],
    ]
    if report.reply.strip():
        lines += ["", "회신 내용:", report.reply.strip()]
    lines += [
        "",
        f"신고한 페이지: {settings.SITE_URL}{report.page_url}",
        "",
        "보내 주신 신고 내용:",
        report.message,
        "",
        f"이 회신을 위해 받은 전자우편 주소는 접수일부터 {settings.REPORT_EMAIL_RETENTION_DAYS}일이 "
        "지나면 지웁니다.",
        f"개인정보처리방침: {settings.SITE_URL}{page_url('privacy')}",
    ]
    return OUTCOME_SUBJECT[report.status], "\n".join(lines)


def decided(report: ErrorReport, *, previous_status: str | None, user=None) -> bool:
    """Record a status change; when it became 반영 or 반려, say so to the reporter (once, after
    the change commits). Saves the report. True when a reply will be mailed."""
    if report.status == previous_status:
        report.save()
        return False
    now = timezone.now()
    if report.is_done:
        report.handled_at = now
        report.handled_by = user
    will_mail = report.is_done and bool(report.email) and report.reply_sent_at is None
    if will_mail:
        report.reply_sent_at = now
    report.save()
    if will_mail:
        subject, body = outcome_mail(report)
        recipient = report.email
        transaction.on_commit(
            lambda: send_mail(subject, body, None, [recipient], fail_silently=False)
        )
    return will_mail


def purge(now: dt.datetime | None = None) -> tuple[int, int]:
    """Erase the e-mails past ``REPORT_EMAIL_RETENTION_DAYS`` and delete the reports past
    ``REPORT_RETENTION_DAYS``. Returns (e-mails erased, reports deleted). Registered as scheduled
    work (core.versioning): the first request after a retention ends runs it, on any app server,
    so nothing depends on a cron line."""
    now = now or timezone.now()
    email_cutoff = now - dt.timedelta(days=settings.REPORT_EMAIL_RETENTION_DAYS)
    report_cutoff = now - dt.timedelta(days=settings.REPORT_RETENTION_DAYS)
    deleted, _ = ErrorReport.objects.filter(created_at__lt=report_cutoff).delete()
    erased = (
        ErrorReport.objects.filter(created_at__lt=email_cutoff)
        .exclude(email="")
        .update(email="", email_erased_at=now)
    )
    return erased, deleted


def next_purge() -> dt.datetime | None:
    """When the oldest e-mail or report reaches the end of its retention (None: nothing kept)."""
    first = ErrorReport.objects.aggregate(
        report=Min("created_at"),
        email=Min("created_at", filter=~Q(email="")),
    )
    due = []
    if first["email"] is not None:
        due.append(first["email"] + dt.timedelta(days=settings.REPORT_EMAIL_RETENTION_DAYS))
    if first["report"] is not None:
        due.append(first["report"] + dt.timedelta(days=settings.REPORT_RETENTION_DAYS))
    return min(due, default=None)


def received() -> None:
    """A report was stored: its retention is scheduled work from now on."""
    transaction.on_commit(schedule_next, robust=True)


def schedule_after_migrate(**kwargs) -> None:
    """A deployment that kept reports before the purge became scheduled work learns when it is
    due (post_migrate)."""
    schedule_next()
