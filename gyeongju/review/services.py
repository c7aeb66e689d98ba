"""The approval workflow (결재): an editor's proposal becomes a revision; an approver approves it
(live at once, or at its 공개 시각) or rejects it with a comment; a scheduled revision goes live
at its minute on the first request after it, on whichever app server (core.versioning)."""

from contextlib import contextmanager
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.db.models import Min
from django.utils import timezone

from gyeongju.core.history import Review
from gyeongju.core.versioning import schedule_next

from . import notifications
from .models import Revision
from .records import KINDS, apply, conflicts, describe, snapshot


class ReviewError(Exception):
    """A step the workflow refuses, with the Korean message to show."""


@dataclass
class Conflict(ReviewError):
    changes: list  # records.Change: what the live record now holds, per conflicting path

    def __str__(self):
        return "제안을 만든 뒤 공개된 내용이 바뀐 항목이 있습니다. 확인한 뒤 덮어쓸지 정해 주세요."


def kind_of(revision: Revision):
    return KINDS[revision.model]


def open_revision(model, pk) -> Revision | None:
    if pk is None:
        return None
    return (
        Revision.objects.filter(
            content_type=ContentType.objects.get_for_model(model),
            object_id=pk,
            status__in=Revision.OPEN,
        )
        .select_related("editor")
        .first()
    )


def submit(capture, editor, *, publish_at=None, approver=None) -> list[Revision]:
    """Store each record a capture proposes as a revision (amending the editor's open one).
    ``approver``: an approver scheduling their own change, approved as it is made."""
    revisions = []
    for kind, pk, before, after, reason in capture.proposed:
        object_id = pk if before is not None else None
        title = (
            after["fields"].get("name")
            or after["fields"].get("title")
            or str(kind.model._meta.verbose_name)
        )
        existing = open_revision(kind.model, object_id)
        if existing is not None and (existing.editor_id != editor.pk or approver is not None):
            raise ReviewError(
                f"‘{existing.title}’에는 {existing.editor}님의 처리되지 않은 변경 제안이 있습니다"
                f"(결재 화면: {existing.get_absolute_url()}). 그 제안이 처리된 뒤에 고칠 수 있습니다."
            )
        revision = existing or Revision(
            content_type=ContentType.objects.get_for_model(kind.model),
            object_id=object_id,
            editor=editor,
            before=before,
        )
        revision.title = title[:300]
        revision.after = after
        revision.reason = reason or revision.reason
        revision.publish_at = publish_at
        if approver is not None:
            revision.status = Revision.Status.SCHEDULED
            revision.reviewer = approver
            revision.decided_at = timezone.now()
        else:
            revision.status = Revision.Status.PENDING
        try:
            with transaction.atomic():
                revision.save()
        except IntegrityError as error:
            raise ReviewError(
                "다른 편집자가 방금 이 항목의 변경 제안을 올렸습니다. 결재 목록에서 확인해 주세요."
            ) from error
        revisions.append(revision)
    if approver is not None:
        schedule_next()
    elif revisions:
        transaction.on_commit(lambda: notifications.awaiting_review(revisions), robust=True)
    return revisions


def changes(revision: Revision):
    return describe(kind_of(revision), revision.before, revision.after)


def live_conflicts(revision: Revision):
    """What changed in the live record since the revision was made, on the paths it changes."""
    kind = kind_of(revision)
    if revision.before is None:
        return []
    live = snapshot(kind, revision.object_id)
    paths = conflicts(kind, revision.before, revision.after, live)
    return describe(kind, revision.before, live or {"fields": {}, "rows": {}, "links": {}}, paths)


def approve(revision_id: int, approver, *, publish_at=None, overwrite=False) -> Revision:
    """Approve a pending revision: live now (one transaction) or scheduled for ``publish_at``."""
    with transaction.atomic():
        revision = Revision.objects.select_for_update().get(pk=revision_id)
        if revision.status != Revision.Status.PENDING:
            raise ReviewError("승인 대기 중인 제안만 승인할 수 있습니다.")
        if revision.before is not None and snapshot(kind_of(revision), revision.object_id) is None:
            raise ReviewError("제안의 대상이 삭제되어 승인할 수 없습니다. 반려해 주세요.")
        found = live_conflicts(revision)
        if found and not overwrite:
            raise Conflict(found)
        revision.reviewer = approver
        revision.decided_at = timezone.now()
        when = publish_at or revision.publish_at
        if when is not None and when > timezone.now():
            revision.publish_at = when
            revision.status = Revision.Status.SCHEDULED
            revision.save()
            schedule_next()
        else:
            revision.publish_at = None
            publish(revision, approver=approver, when=timezone.now())
    transaction.on_commit(lambda: notifications.decided(revision), robust=True)
    return revision


def publish(revision: Revision, *, approver, when) -> None:
    """Apply the revision to the live tables, the history saying who proposed it and when, who
    approved it and when, and that it went public at ``when``."""
    review = Review(
        proposed_by=revision.editor if revision.editor_id != approver.pk else None,
        proposed_at=revision.created_at,
        approved_at=revision.decided_at or when,
    )

    def prepare(instance):
        instance._history_user = approver
        instance._history_date = when
        instance._change_reason = revision.reason or None
        instance._review = review

    kind = kind_of(revision)
    record = apply(
        kind,
        revision.object_id,
        revision.before,
        revision.after,
        provisional=False,
        prepare=prepare,
    )
    revision.object_id = record.pk
    revision.status = Revision.Status.PUBLISHED
    revision.applied_at = timezone.now()
    revision.save()


def reject(revision_id: int, approver, *, comment: str) -> Revision:
    if not comment.strip():
        raise ReviewError("반려 사유를 적어 주세요. 편집자에게 그대로 전달됩니다.")
    with transaction.atomic():
        revision = Revision.objects.select_for_update().get(pk=revision_id)
        if not revision.is_open:
            raise ReviewError("이미 처리된 제안입니다.")
        revision.status = Revision.Status.REJECTED
        revision.reviewer = approver
        revision.decided_at = timezone.now()
        revision.comment = comment.strip()
        revision.save()
        schedule_next()
    transaction.on_commit(lambda: notifications.decided(revision), robust=True)
    return revision


def withdraw(revision_id: int, editor) -> Revision:
    with transaction.atomic():
        revision = Revision.objects.select_for_update().get(pk=revision_id)
        if revision.status != Revision.Status.PENDING or revision.editor_id != editor.pk:
            raise ReviewError("내가 올린, 승인 대기 중인 제안만 철회할 수 있습니다.")
        revision.status = Revision.Status.WITHDRAWN
        revision.save()
    return revision


def reopen(revision_id: int, editor) -> Revision:
    """A rejected revision back to pending, to be amended: nothing the editor typed is lost."""
    with transaction.atomic():
        revision = Revision.objects.select_for_update().get(pk=revision_id)
        if revision.status != Revision.Status.REJECTED or revision.editor_id != editor.pk:
            raise ReviewError("내가 올린, 반려된 제안만 다시 열 수 있습니다.")
        if open_revision(revision.model, revision.object_id) is not None:
            raise ReviewError("이 항목에는 이미 승인 대기 중인 다른 제안이 있습니다.")
        revision.status = Revision.Status.PENDING
        revision.reviewer = None
        revision.decided_at = None
        revision.save()
    return revision


def next_scheduled():
    """When the next scheduled revision is due (None: none is). core.versioning's schedule_next
    records the earliest of this and the other apps' scheduled work for every app server."""
    scheduled = Revision.objects.filter(status=Revision.Status.SCHEDULED)
    return scheduled.aggregate(first=Min("publish_at"))["first"]


def publish_due() -> None:
    """Apply the scheduled revisions whose 공개 시각 has come, dated at that minute. Registered
    with core.versioning: the first request after the minute, on any app server, runs it."""
    now = timezone.now()
    with transaction.atomic():
        due = (
            Revision.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(status=Revision.Status.SCHEDULED, publish_at__lte=now)
            .select_related("editor", "reviewer")
            .order_by("publish_at", "pk")
        )
        for revision in due:
            if (
                revision.before is not None
                and snapshot(kind_of(revision), revision.object_id) is None
            ):
                revision.status = Revision.Status.REJECTED
                revision.comment = "공개 시각에 대상이 없어(삭제됨) 반영하지 못했습니다."
                revision.save()
                continue
            publish(revision, approver=revision.reviewer, when=revision.publish_at)
        schedule_next()


@contextmanager
def previewing(revision: Revision):
    """The block sees the live tables as if ``revision`` were approved; nothing of it stays."""
    with transaction.atomic():
        apply_provisionally(kind_of(revision), revision.object_id, revision.before, revision.after)
        yield
        transaction.set_rollback(True)


def apply_provisionally(kind, pk, before, after):
    apply(kind, pk, before, after, provisional=True)
