"""Every public change is approved (결재): the admin's saves, deletions, history reverts and imports
run as proposals (gyeongju/review). A 편집자's change to anything the public sees becomes a revision
awaiting a 승인자; a 승인자's change goes live at once, or at the 공개 시각 they set."""

from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db import router, transaction
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.html import format_html

from gyeongju.core.dates import format_datetime
from gyeongju.review.capture import capturing
from gyeongju.review.records import KINDS, ROW_OWNERS
from gyeongju.review.roles import can_publish
from gyeongju.review.services import ReviewError, open_revision, previewing, submit


def record_of(obj):
    """(model, pk) of the reviewed record ``obj`` belongs to (a row: its program)."""
    if obj is None:
        return None, None
    model = type(obj)
    if model in KINDS:
        return model, obj.pk
    if model in ROW_OWNERS:
        kind, key = ROW_OWNERS[model]
        return kind.model, getattr(obj, f"{key}_id")
    return None, None


class ReviewedAdminMixin:
    """For the ModelAdmin of a model public pages show (a record, or a row of one)."""

    import_template_name = "admin/import_export/reviewed_import.html"

    def message_user(self, request, message, level=messages.INFO, *args, **kwargs):
        held = getattr(request, "review_held_messages", None)
        if held is not None:  # a proposal says its own message when it ends
            held.append((message, level, args, kwargs))
            return
        super().message_user(request, message, level, *args, **kwargs)

    def save_model(self, request, obj, form, change):
        # A 공개 시각 schedules a change to an existing record (a new one is saved as a draft).
        publish_at = form.cleaned_data.get("publish_at") if change else None
        if publish_at is not None:
            request.review_publish_at = publish_at
        super().save_model(request, obj, form, change)

    def has_delete_permission(self, request, obj=None):
        """Deleting a published record, not a row of one, is the approvers' (rows: a revision)."""
        allowed = super().has_delete_permission(request, obj)
        if obj is None or type(obj) not in KINDS or can_publish(request.user):
            return allowed
        return allowed and not type(obj).public_objects.filter(pk=obj.pk).exists()

    # The views that write ---------------------------------------------------------------------

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        obj = self.get_object(request, unquote(object_id)) if object_id else None
        model, pk = record_of(obj)
        revision = open_revision(model, pk) if model else None
        if request.method == "POST":
            return self.proposing(
                request,
                revision,
                lambda: super(ReviewedAdminMixin, self).changeform_view(
                    request, object_id, form_url, extra_context
                ),
            )
        if revision is not None:
            return self.showing(request, revision, obj, object_id, form_url, extra_context)
        return super().changeform_view(request, object_id, form_url, extra_context)

    def delete_view(self, request, object_id, extra_context=None):
        if request.method != "POST":
            return super().delete_view(request, object_id, extra_context)
        model, pk = record_of(self.get_object(request, unquote(object_id)))
        revision = open_revision(model, pk) if model else None
        return self.proposing(
            request,
            revision,
            lambda: super(ReviewedAdminMixin, self).delete_view(request, object_id, extra_context),
        )

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method != "POST":
            return super().history_form_view(request, object_id, version_id, extra_context)
        obj = self.get_object(request, unquote(object_id))
        if obj is None or not self.has_change_permission(request, obj):
            raise PermissionDenied  # viewing history is not changing the record (issue 19)
        model, pk = record_of(obj)
        return self.proposing(
            request,
            open_revision(model, pk),
            lambda: super(ReviewedAdminMixin, self).history_form_view(
                request, object_id, version_id, extra_context
            ),
        )

    def process_import(self, request, **kwargs):
        """A confirmed spreadsheet import: an editor's makes a revision per public record."""
        if request.method != "POST" or can_publish(request.user):
            return super().process_import(request, **kwargs)
        return self.proposing(
            request, None, lambda: super(ReviewedAdminMixin, self).process_import(request, **kwargs)
        )

    # How a write becomes a proposal -----------------------------------------------------------

    def proposing(self, request, revision, view):
        """Run ``view`` (a write) as a proposal and answer for what became of it."""
        editor = request.user
        approver = can_publish(editor)
        mine = (
            revision is not None
            and revision.editor_id == editor.pk
            and revision.status == "pending"
        )
        if revision is not None and not mine and not approver:
            messages.error(request, busy_message(revision))
            return HttpResponseRedirect(request.get_full_path())
        request.review_held_messages = []
        base = (
            (revision_kind(revision), revision.object_id, revision.before, revision.after)
            if mine
            else None
        )
        try:
            with transaction.atomic(using=router.db_for_write(self.model)):
                with capturing(base=base) as capture:
                    response = view()
                    if response.status_code != 302:  # the form came back with its errors
                        if hasattr(response, "render"):
                            response.render()  # now, while the unsaved state is still here
                        return response
                    publish_at = getattr(request, "review_publish_at", None)
                    if approver and publish_at is None:
                        capture.outcome = capture.KEEP
                    elif approver:
                        capture.outcome = capture.SCHEDULE
                    else:
                        capture.outcome = capture.PROPOSE
                revisions = (
                    submit(
                        capture,
                        editor,
                        publish_at=publish_at,
                        approver=editor if approver else None,
                    )
                    if capture.proposed
                    else []
                )
        except ReviewError as error:
            request.review_held_messages = None
            messages.error(request, str(error))
            return HttpResponseRedirect(request.get_full_path())
        held, request.review_held_messages = request.review_held_messages, None
        if not revisions:
            for message, level, args, kwargs in held:
                self.message_user(request, message, level, *args, **kwargs)
            return response
        for revision in revisions:
            messages.success(request, proposed_message(revision, scheduled=approver))
        if approver:
            return response
        if len(revisions) == 1:
            return HttpResponseRedirect(revisions[0].get_absolute_url())
        return HttpResponseRedirect(reverse("admin:review_revision_changelist"))

    def showing(self, request, revision, obj, object_id, form_url, extra_context):
        """The change form of a record with an open revision: its editor edits the proposed state;
        everyone else is told where the revision is."""
        view = super().changeform_view
        if revision.editor_id != request.user.pk or revision.status != "pending":
            messages.warning(request, busy_message(revision))
            return view(request, object_id, form_url, extra_context)
        messages.info(
            request,
            format_html(
                "승인을 기다리는 내 변경 제안을 고치고 있습니다. 저장하면 제안이 고쳐집니다. "
                '<a href="{}">결재 화면</a>',
                revision.get_absolute_url(),
            ),
        )
        with previewing(revision):
            response = view(request, object_id, form_url, extra_context)
            if hasattr(response, "render"):
                response.render()
        return response


def revision_kind(revision):
    return KINDS[revision.model]


def busy_message(revision) -> str:
    return format_html(
        "‘{}’에는 {}님이 {}에 올린 처리되지 않은 변경 제안이 있습니다. "
        '그 제안이 처리된 뒤에 고칠 수 있습니다. <a href="{}">결재 화면에서 보기</a>',
        revision.title,
        revision.editor,
        format_datetime(revision.created_at),
        revision.get_absolute_url(),
    )


def proposed_message(revision, *, scheduled: bool) -> str:
    if scheduled:
        return format_html(
            "‘{}’의 변경을 공개 예약했습니다. 공개 시각에 모든 화면에 반영됩니다.", revision.title
        )
    return format_html(
        "‘{}’의 변경을 승인 요청으로 저장했습니다. 승인자가 승인하면 공개됩니다. "
        "그때까지 공개 화면은 바뀌지 않습니다.",
        revision.title,
    )
