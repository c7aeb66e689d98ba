"""자료 오류 신고 in the admin: the triage queue (접수 → 검토 중 → 반영/반려), a link that opens the
record's change form with the 변경 사유 "시민 제보 반영" filled in, and the reply to the reporter."""

from urllib.parse import urlencode

from django.contrib import admin, messages
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html
from django.utils.text import Truncator

from gyeongju.reports import services
from gyeongju.reports.models import ErrorReport

CITIZEN_REASON = "시민 제보 반영"


def correction_url(report: ErrorReport) -> str | None:
    """The admin change form of the reported record, with the 변경 사유 filled in: the save then
    goes through approval like any other, and the public history shows the reason."""
    record = report.record
    if record is None:
        return None
    meta = record._meta
    try:
        url = reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[record.pk])
    except NoReverseMatch:
        return None
    return url + "?" + urlencode({"change_reason": CITIZEN_REASON, "report": report.pk})


@admin.register(ErrorReport)
class ErrorReportAdmin(admin.ModelAdmin):
    list_display = ["created_at", "status", "about", "message_start", "has_email", "reply_sent_at"]
    list_filter = ["status", "created_at"]
    search_fields = ["message", "record_name", "page_url"]
    date_hierarchy = "created_at"
    list_per_page = 50
    actions = ["mark_reviewing"]
    readonly_fields = [
        "created_at",
        "page_link",
        "record_name",
        "correction_link",
        "message",
        "email",
        "handled_at",
        "handled_by",
        "reply_sent_at",
        "email_erased_at",
    ]
    fieldsets = [
        (
            "신고",
            {"fields": ["created_at", "page_link", "record_name", "message", "email"]},
        ),
        (
            "처리",
            {
                "fields": ["status", "correction_link", "staff_note", "reply"],
                "description": (
                    "자료를 고칠 때는 ‘이 자료 고치기’로 여세요. 변경 사유에 ‘시민 제보 반영’이 "
                    "채워져 공개 변경 이력에 남습니다. 반영이나 반려로 바꾸면, 신고자가 전자우편을 "
                    "남긴 경우 처리 결과를 한 번 보냅니다."
                ),
            },
        ),
        (
            "기록",
            {"fields": ["handled_at", "handled_by", "reply_sent_at", "email_erased_at"]},
        ),
    ]

    def has_add_permission(self, request):
        return False  # reports come from the public pages only

    @admin.display(description="자료", ordering="record_name")
    def about(self, report):
        return report.record_name or report.page_url

    @admin.display(description="신고 내용")
    def message_start(self, report):
        return Truncator(report.message).chars(60)

    @admin.display(description="회신 전자우편", boolean=True)
    def has_email(self, report):
        return bool(report.email)

    @admin.display(description="신고한 페이지")
    def page_link(self, report):
        return format_html(
            '<a href="{}" target="_blank" rel="noopener">{} (새 창 열림)</a>',
            report.page_url,
            report.page_url,
        )

    @admin.display(description="자료 고치기")
    def correction_link(self, report):
        url = correction_url(report)
        if url is None:
            return "연결된 자료가 없습니다. 신고한 페이지에서 자료를 찾아 고쳐 주세요."
        return format_html('<a class="button" href="{}">이 자료 고치기(시민 제보 반영)</a>', url)

    @admin.action(description="선택한 신고를 ‘검토 중’으로 표시")
    def mark_reviewing(self, request, queryset):
        count = queryset.filter(status=ErrorReport.Status.RECEIVED).update(
            status=ErrorReport.Status.REVIEWING
        )
        self.message_user(request, f"신고 {count}건을 ‘검토 중’으로 표시했습니다.")

    def save_model(self, request, obj, form, change):
        previous = ErrorReport.objects.filter(pk=obj.pk).values_list("status", flat=True).first()
        if services.decided(obj, previous_status=previous, user=request.user):
            self.message_user(
                request, "신고자에게 처리 결과를 전자우편으로 보냅니다.", messages.SUCCESS
            )
        elif obj.is_done and previous != obj.status and not obj.email:
            self.message_user(request, "신고자가 전자우편을 남기지 않아 회신은 보내지 않습니다.")
