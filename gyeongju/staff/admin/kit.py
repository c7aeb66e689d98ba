"""The admin's shared parts: reasons for money and schedule changes, Korean history screens."""

import copy

from django import forms
from django.contrib import admin
from django.contrib.admin.utils import label_for_field
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from simple_history.admin import SimpleHistoryAdmin
from simple_history.template_utils import HistoricalRecordContextHelper

from gyeongju.core.dates import format_datetime
from gyeongju.core.money import format_won
from gyeongju.core.slugs import ASCII_SLUG_MESSAGE

REASON_LABEL = "변경 사유"
REASON_HELP = (
    "금액이나 사업 기간을 바꿀 때는 꼭 적어 주세요. 공개 변경 이력에 그대로 표시됩니다. "
    "예: 2021년 본예산 확정, 국비 추가 확보"
)
REASON_REQUIRED = "금액이나 사업 기간이 바뀌었습니다. 변경 사유를 적어 주세요."
PUBLISH_AT_LABEL = "공개 예약 시각(한국 시간)"
PUBLISH_AT_HELP = (
    "보도 시점처럼 정한 시각에 공개할 때 적습니다. 승인자가 적으면 그 시각에 공개되고, 편집자가 "
    "적으면 승인자에게 그 시각의 공개를 요청합니다. 비워 두면 승인(저장)하는 즉시 공개됩니다."
)

# Django's own slug check runs first and its message allows '_' and capitals: state our rule.
ASCII_SLUG_FORMFIELDS = {models.SlugField: {"error_messages": {"invalid": ASCII_SLUG_MESSAGE}}}


class ChangeReasonForm(forms.ModelForm):
    """A model form with a 변경 사유 field, required when a field in ``reason_fields`` changes."""

    reason_fields: tuple[str, ...] = ()

    change_reason = forms.CharField(
        label=REASON_LABEL, max_length=100, required=False, help_text=REASON_HELP
    )
    publish_at = forms.DateTimeField(
        label=PUBLISH_AT_LABEL,
        required=False,
        help_text=PUBLISH_AT_HELP,
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y. %m. %d. %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )

    def clean_publish_at(self):
        when = self.cleaned_data.get("publish_at")
        if when is not None and when <= timezone.now():
            raise ValidationError(
                "공개 예약 시각은 지금보다 뒤여야 합니다. 지금 공개하려면 비워 두세요."
            )
        return when

    def clean(self):
        cleaned = super().clean()
        reason = (cleaned.get("change_reason") or "").strip()
        if self.instance.pk and not reason and self.reason_fields_changed(cleaned):
            self.add_error("change_reason", REASON_REQUIRED)
        # Inline formsets of the same save read the reason from the instance.
        self.instance._change_reason = reason
        return cleaned

    def reason_fields_changed(self, cleaned) -> bool:
        """Compared with the row as saved, not with the form's initial values: a restore form
        (django-simple-history) starts from an old version, so "unchanged" can still change money."""
        names = [name for name in self.reason_fields if name in self.fields and name in cleaned]
        if not names:
            return False
        model = type(self.instance)
        attnames = {name: model._meta.get_field(name).attname for name in names}
        saved = model._base_manager.filter(pk=self.instance.pk).values(*attnames.values()).first()
        if saved is None:
            return bool(set(self.changed_data) & set(names))
        for name in names:
            value = cleaned[name]
            if isinstance(value, models.Model):
                value = value.pk
            if value != saved[attnames[name]]:
                return True
        return False


class ReasonRequiredInlineFormSet(forms.BaseInlineFormSet):
    """Rows whose money changes need the parent form's 변경 사유 (set on the parent instance)."""

    def clean(self):
        super().clean()
        reason = getattr(self.instance, "_change_reason", "")
        if self.instance.pk and self.has_changed() and not reason:
            raise ValidationError(REASON_REQUIRED)


class ChangeReasonAdminMixin:
    """Stamp the reason on the saved object and on every inline row saved with it. A link may
    fill the reason in (``?change_reason=시민 제보 반영``, from a citizen's error report)."""

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        reason = (request.GET.get("change_reason") or "")[:100]
        if request.method == "GET" and reason and "change_reason" in form.base_fields:
            field = copy.deepcopy(form.base_fields["change_reason"])
            field.initial = reason
            form = type(form.__name__, (form,), {})
            form.base_fields = {**form.base_fields, "change_reason": field}
        return form

    def save_model(self, request, obj, form, change):
        obj._change_reason = form.cleaned_data.get("change_reason", "") or None
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        reason = form.cleaned_data.get("change_reason", "") or None
        instances = formset.save(commit=False)
        for obj in formset.deleted_objects:
            obj._change_reason = reason
            obj.delete()
        for obj in shrinking_first(instances):
            obj._change_reason = reason
            obj.save()
        formset.save_m2m()


def shrinking_first(instances):
    """Save rows whose amount goes down before rows whose amount goes up, so moving money between
    funding rows never passes through a moment above the total (SQLite checks each write)."""
    if not instances or not hasattr(instances[0], "amount"):
        return instances
    model = type(instances[0])
    saved = model._default_manager.in_bulk([obj.pk for obj in instances if obj.pk])

    def growth(obj):
        before = saved[obj.pk].amount if obj.pk in saved else 0
        return (obj.amount or 0) - (before or 0)

    return sorted(instances, key=growth)


class KoreanHistoryRecordHelper(HistoricalRecordContextHelper):
    """The admin history's "변경 내용": amounts as 290억원, choices by their Korean label."""

    def prepare_delta_change_value(self, change, value):
        value = super().prepare_delta_change_value(change, value)
        field = self.model._meta.get_field(change.field)
        if value is None or value == "":
            return "(없음)"
        if isinstance(field, models.BigIntegerField) and str(field.verbose_name).endswith("(원)"):
            return format_won(value)
        if field.choices:
            return dict(field.flatchoices).get(value, value)
        return value


class KoreanHistoryAdmin(SimpleHistoryAdmin):
    """django-simple-history's admin with Korean column titles and Korean-formatted values.

    ``history_list_display`` may name admin display methods (they receive the historical record),
    so amounts read 290억원 there too.
    """

    object_history_list_template = "admin/history_list.html"
    object_history_form_template = "admin/history_form.html"

    def get_historical_record_context_helper(self, request, historical_record):
        return KoreanHistoryRecordHelper(self.model, historical_record)

    def get_history_list_display(self, request):
        return [*super().get_history_list_display(request), "review_display"]

    @admin.display(description="결재")
    def review_display(self, record):
        """Who proposed the change and when, and when it was approved (the approver is the
        record's 변경한 사람); an approver's own change says so."""
        if record.proposed_by_id is None:
            return "승인자 직접 반영" if record.history_user_id else "시스템"
        proposed = format_datetime(record.proposed_at)
        approved = format_datetime(record.approved_at)
        return f"{record.proposed_by} 제안({proposed}) · 승인({approved})"

    def history_view(self, request, object_id, extra_context=None):
        columns = [
            (name, label_for_field(name, self.model, self))
            for name in self.get_history_list_display(request)
        ]
        extra_context = {**(extra_context or {}), "history_columns": columns}
        return super().history_view(request, object_id, extra_context=extra_context)
