"""E-mail in Korean when a revision awaits approvers, and to its editor when it is decided."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db.models import Q

from gyeongju.core.dates import format_datetime

from .roles import PUBLISH


def admin_link(revision) -> str:
    return settings.SITE_URL + revision.get_absolute_url()


def approvers():
    User = get_user_model()
    people = User.objects.filter(is_active=True, is_staff=True).exclude(email="")
    return [
        user
        for user in people.filter(
            Q(is_superuser=True)
            | Q(groups__permissions__codename="publish_program")
            | Q(user_permissions__codename="publish_program")
        ).distinct()
        if user.has_perm(PUBLISH)
    ]


def awaiting_review(revisions) -> None:
    to = [user.email for user in approvers()]
    if not to:
        return
    for revision in revisions:
        lines = [
            f"{revision.editor}님이 ‘{revision.title}’의 변경을 제안했습니다.",
            f"변경 사유: {revision.reason or '(적지 않음)'}",
            f"제안 일시: {format_datetime(revision.updated_at)}",
        ]
        if revision.publish_at:
            lines.append(f"요청한 공개 시각: {format_datetime(revision.publish_at)}")
        lines += ["", f"결재 화면: {admin_link(revision)}"]
        send_mail(
            f"[{settings.SITE_NAME}] 승인 요청: {revision.title}",
            "\n".join(lines),
            None,
            to,
        )


def decided(revision) -> None:
    email = revision.editor.email
    if not email:
        return
    status = revision.get_status_display()
    lines = [f"‘{revision.title}’ 변경 제안이 {status} 처리되었습니다."]
    if revision.reviewer:
        lines.append(f"승인자: {revision.reviewer} ({format_datetime(revision.decided_at)})")
    if revision.status == revision.Status.SCHEDULED:
        lines.append(f"공개 시각: {format_datetime(revision.publish_at)}")
    if revision.comment:
        lines.append(f"검토 의견: {revision.comment}")
    lines += ["", f"자세히 보기: {admin_link(revision)}"]
    send_mail(f"[{settings.SITE_NAME}] {status}: {revision.title}", "\n".join(lines), None, [email])
