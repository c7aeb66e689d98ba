"""The staff admin's shared parts: Korean site titles, reasons for money/schedule changes."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError

from .models import SlugRedirect

admin.site.site_header = "경주시 투자사업 포털 관리"
admin.site.site_title = "경주시 투자사업 포털 관리"
admin.site.index_title = "자료 관리"

REASON_LABEL = "변경 사유"
REASON_HELP = (
    "금액이나 사업 기간을 바꿀 때는 꼭 적어 주세요. 공개 변경 이력에 그대로 표시됩니다. "
    "예: 2021년 본예산 확정, 국비 추가 확보"
)
REASON_REQUIRED = "금액이나 사업 기간이 바뀌었습니다. 변경 사유를 적어 주세요."


class ChangeReasonForm(forms.ModelForm):
    """A model form with a 변경 사유 field, required when a field in ``reason_fields`` changes."""

    reason_fields: tuple[str, ...] = ()

    change_reason = forms.CharField(
        label=REASON_LABEL, max_length=100, required=False, help_text=REASON_HELP
    )

    def clean(self):
        cleaned = super().clean()
        reason = (cleaned.get("change_reason") or "").strip()
        changed = set(self.changed_data) & set(self.reason_fields)
        if self.instance.pk and changed and not reason:
            self.add_error("change_reason", REASON_REQUIRED)
        # Inline formsets of the same save read the reason from the instance.
        self.instance._change_reason = reason
        return cleaned


class ReasonRequiredInlineFormSet(forms.BaseInlineFormSet):
    """Rows whose money changes need the parent form's 변경 사유 (set on the parent instance)."""

    def clean(self):
        super().clean()
        reason = getattr(self.instance, "_change_reason", "")
        if self.instance.pk and self.has_changed() and not reason:
            raise ValidationError(REASON_REQUIRED)


class ChangeReasonAdminMixin:
    """Stamp the reason on the saved object and on every inline row saved with it."""

    def save_model(self, request, obj, form, change):
        obj._change_reason = form.cleaned_data.get("change_reason", "") or None
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        reason = form.cleaned_data.get("change_reason", "") or None
        instances = formset.save(commit=False)
        for obj in formset.deleted_objects:
            obj._change_reason = reason
            obj.delete()
        for obj in instances:
            obj._change_reason = reason
            obj.save()
        formset.save_m2m()


@admin.register(SlugRedirect)
class SlugRedirectAdmin(admin.ModelAdmin):
    list_display = ["old_slug", "kind", "object_id", "created_at"]
    list_filter = ["kind"]
    search_fields = ["old_slug"]
    readonly_fields = ["kind", "old_slug", "object_id", "created_at"]

    def has_add_permission(self, request):
        return False
