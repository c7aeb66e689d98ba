"""The review queue (결재): 승인자 see the revisions awaiting them, oldest first; open one to read
each change old → new with the editor's 변경 사유, preview it on the public pages, and approve
(now, or at a 공개 시각) or reject with a comment. 편집자 see their own revisions."""

from datetime import datetime

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone

from gyeongju.core.dates import SEOUL, format_datetime
from gyeongju.review import services
from gyeongju.review.middleware import SESSION_KEY
from gyeongju.review.models import Revision
from gyeongju.review.roles import can_publish


class StatusFilter(admin.SimpleListFilter):
    title = "상태"
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [("open", "처리 대기"), *Revision.Status.choices, ("all", "전체")]

    def choices(self, changelist):
        for lookup, title in self.lookup_choices:
            yield {
                "selected": (self.value() or "open") == lookup,
                "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                "display": title,
            }

    def queryset(self, request, queryset):
        value = self.value() or "open"
        if value == "open":
            return queryset.filter(status__in=Revision.OPEN)
        if value == "all":
            return queryset
        return queryset.filter(status=value)


@admin.register(Revision)
class RevisionAdmin(admin.ModelAdmin):
    list_display = ["title", "record_kind", "editor", "created_at", "status", "publish_at"]
    list_filter = [StatusFilter]
    list_select_related = ["editor", "content_type"]
    ordering = ["created_at", "pk"]
    search_fields = ["title", "reason"]

    def changelist_view(self, request, extra_context=None):
        title = "결재: 변경 제안" if can_publish(request.user) else "내 변경 제안"
        return super().changelist_view(request, {"title": title, **(extra_context or {})})

    def get_queryset(self, request):
        revisions = super().get_queryset(request)
        return revisions if can_publish(request.user) else revisions.filter(editor=request.user)

    @admin.display(description="자료 종류")
    def record_kind(self, revision):
        return revision.model._meta.verbose_name

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        if not request.user.is_active or not request.user.is_staff:
            return False
        return can_publish(request.user) or obj is None or obj.editor_id == request.user.pk

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "<int:revision_id>/change/", view(self.revision_view), name="review_revision_change"
            ),
            path("<int:revision_id>/approve/", view(self.approve_view), name="review_approve"),
            path("<int:revision_id>/reject/", view(self.reject_view), name="review_reject"),
            path("<int:revision_id>/withdraw/", view(self.withdraw_view), name="review_withdraw"),
            path("<int:revision_id>/reopen/", view(self.reopen_view), name="review_reopen"),
            path("<int:revision_id>/preview/", view(self.preview_view), name="review_preview"),
            path("preview/end/", view(self.preview_end_view), name="review_preview_end"),
            *super().get_urls(),
        ]

    def revision_for(self, request, revision_id) -> Revision:
        revision = get_object_or_404(
            Revision.objects.select_related("editor", "reviewer", "content_type"), pk=revision_id
        )
        if not self.has_view_permission(request, revision):
            raise PermissionDenied
        return revision

    # The revision, field by field ---------------------------------------------------------------

    def revision_view(self, request, revision_id, *, error=None, conflicts=None, status=200):
        revision = self.revision_for(request, revision_id)
        approver = can_publish(request.user)
        found = conflicts
        if found is None and revision.status == Revision.Status.PENDING and approver:
            found = services.live_conflicts(revision)
        context = {
            **self.admin_site.each_context(request),
            "title": f"변경 제안: {revision.title}",
            "opts": self.model._meta,
            "revision": revision,
            "changes": services.changes(revision),
            "conflicts": found or [],
            "approver": approver,
            "mine": revision.editor_id == request.user.pk,
            "record_admin_url": record_admin_url(revision),
            "error": error,
            "publish_at_value": local_input(revision.publish_at),
        }
        return TemplateResponse(request, "admin/review/revision.html", context, status=status)

    # Decisions ----------------------------------------------------------------------------------

    def approver_only(self, request):
        if not can_publish(request.user):
            raise PermissionDenied

    def approve_view(self, request, revision_id):
        self.approver_only(request)
        if request.method != "POST":
            raise Http404
        publish_at, error = parse_publish_at(request.POST.get("publish_at", ""))
        if error:
            return self.revision_view(request, revision_id, error=error, status=400)
        try:
            revision = services.approve(
                revision_id,
                request.user,
                publish_at=publish_at,
                overwrite=request.POST.get("overwrite") == "1",
            )
        except services.Conflict as conflict:
            return self.revision_view(
                request, revision_id, error=str(conflict), conflicts=conflict.changes, status=409
            )
        except services.ReviewError as refused:
            return self.revision_view(request, revision_id, error=str(refused), status=400)
        if revision.status == Revision.Status.SCHEDULED:
            messages.success(
                request,
                f"‘{revision.title}’ 변경을 승인했습니다. {format_datetime(revision.publish_at)}에 "
                "모든 화면에 공개됩니다.",
            )
        else:
            messages.success(request, f"‘{revision.title}’ 변경을 승인해 공개했습니다.")
        return HttpResponseRedirect(reverse("admin:review_revision_changelist"))

    def reject_view(self, request, revision_id):
        self.approver_only(request)
        if request.method != "POST":
            raise Http404
        try:
            revision = services.reject(
                revision_id, request.user, comment=request.POST.get("comment", "")
            )
        except services.ReviewError as refused:
            return self.revision_view(request, revision_id, error=str(refused), status=400)
        messages.success(
            request, f"‘{revision.title}’ 변경 제안을 반려했습니다. 편집자에게 알렸습니다."
        )
        return HttpResponseRedirect(reverse("admin:review_revision_changelist"))

    def withdraw_view(self, request, revision_id):
        if request.method != "POST":
            raise Http404
        try:
            revision = services.withdraw(revision_id, request.user)
        except services.ReviewError as refused:
            return self.revision_view(request, revision_id, error=str(refused), status=400)
        messages.success(request, f"‘{revision.title}’ 변경 제안을 철회했습니다.")
        return HttpResponseRedirect(reverse("admin:review_revision_changelist"))

    def reopen_view(self, request, revision_id):
        if request.method != "POST":
            raise Http404
        try:
            revision = services.reopen(revision_id, request.user)
        except services.ReviewError as refused:
            return self.revision_view(request, revision_id, error=str(refused), status=400)
        messages.info(
            request, "반려된 제안을 다시 열었습니다. 고친 뒤 저장하면 다시 승인을 요청합니다."
        )
        return HttpResponseRedirect(record_admin_url(revision) or revision.get_absolute_url())

    # Preview on the public pages ----------------------------------------------------------------

    def preview_view(self, request, revision_id):
        revision = self.revision_for(request, revision_id)
        if not revision.is_open:
            messages.error(request, "처리 대기 중인 제안만 미리 볼 수 있습니다.")
            return HttpResponseRedirect(revision.get_absolute_url())
        request.session[SESSION_KEY] = revision.pk
        with services.previewing(revision):
            model = revision.model
            record = model.private_objects.filter(pk=revision.object_id).first()
            if hasattr(record, "program"):
                record = record.program
            url = record.get_absolute_url() if hasattr(record, "get_absolute_url") else "/"
        return HttpResponseRedirect(url)

    def preview_end_view(self, request):
        revision_id = request.session.pop(SESSION_KEY, None)
        if revision_id and Revision.objects.filter(pk=revision_id).exists():
            return HttpResponseRedirect(reverse("admin:review_revision_change", args=[revision_id]))
        return HttpResponseRedirect(reverse("admin:review_revision_changelist"))


def record_admin_url(revision) -> str | None:
    if revision.object_id is None:
        return None
    opts = revision.model._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[revision.object_id])


def parse_publish_at(raw: str):
    """(an aware datetime or None, a Korean error or None) from a datetime-local input."""
    raw = raw.strip()
    if not raw:
        return None, None
    for pattern in ("%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y. %m. %d. %H:%M"):
        try:
            when = datetime.strptime(raw, pattern).replace(tzinfo=SEOUL)
        except ValueError:
            continue
        if when <= timezone.now():
            return None, "공개 시각은 지금보다 뒤여야 합니다. 지금 공개하려면 비워 두세요."
        return when, None
    return None, f"공개 시각 ‘{raw[:30]}’을(를) 읽을 수 없습니다. 예: 2021-03-02 10:00"


def local_input(when) -> str:
    return timezone.localtime(when).strftime("%Y-%m-%dT%H:%M") if when else ""
