"""Spreadsheet import/export for staff (django-import-export), in Korean, with a reason per import.

Every import is previewed first (dry run, row by row, with Korean messages) and then confirmed;
the reason typed on the first step is stored in the change history of every row it changes.
"""

from django import forms
from import_export import widgets
from import_export.forms import ConfirmImportForm, ImportForm

from .money import WonParseError, parse_won

REASON_HELP = (
    "가져오기로 바뀌는 모든 항목의 변경 이력에 이 사유가 남습니다. 예: 2021년 본예산 확정 반영"
)


class ReasonImportForm(ImportForm):
    change_reason = forms.CharField(
        label="변경 사유", max_length=100, help_text=REASON_HELP, required=True
    )


class ReasonConfirmImportForm(ConfirmImportForm):
    change_reason = forms.CharField(widget=forms.HiddenInput(), max_length=100)


class ReasonImportAdminMixin:
    """Admin side: carry the reason from the preview step to the confirmed import."""

    import_form_class = ReasonImportForm
    confirm_form_class = ReasonConfirmImportForm

    def get_confirm_form_initial(self, request, import_form):
        initial = super().get_confirm_form_initial(request, import_form)
        if import_form is not None:
            initial["change_reason"] = import_form.cleaned_data["change_reason"]
        return initial

    def get_import_data_kwargs(self, **kwargs):
        form = kwargs.get("form")
        reason = ""
        if form is not None and hasattr(form, "cleaned_data"):
            reason = form.cleaned_data.get("change_reason", "")
        kwargs = super().get_import_data_kwargs(**kwargs)
        kwargs["change_reason"] = reason
        return kwargs


class ReasonResourceMixin:
    """Resource side: stamp who and why on every saved row (django-simple-history reads these)."""

    def before_save_instance(self, instance, row, **kwargs):
        super().before_save_instance(instance, row, **kwargs)
        instance._change_reason = kwargs.get("change_reason") or "스프레드시트 가져오기"
        user = kwargs.get("user")
        if user is not None and user.is_authenticated:
            instance._history_user = user


class WonWidget(widgets.Widget):
    """Amounts: export whole 원 as numbers; import 290억, 2억1,500만원 or 29000000000."""

    def clean(self, value, row=None, **kwargs):
        if value is None or str(value).strip() == "":
            return None
        if isinstance(value, float):
            if value != int(value):
                raise ValueError(f"금액 {value}은(는) 원 단위 정수가 아닙니다.")
            return int(value)
        try:
            return parse_won(str(value))
        except WonParseError as error:
            raise ValueError(str(error)) from error

    def render(self, value, obj=None, **kwargs):
        return value


class YearWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        if value is None or str(value).strip() == "":
            return None
        text = str(value).strip().removesuffix("년").removesuffix(".0")
        if not text.isdigit():
            raise ValueError(f"연도 '{value}'을(를) 읽을 수 없습니다. 예: 2021")
        return int(text)

    def render(self, value, obj=None, **kwargs):
        return value


class ChoiceWidget(widgets.Widget):
    """Export a choice as its Korean label; import either the label (국비) or the code (national)."""

    def __init__(self, choices, label):
        self.by_label = {str(text): value for value, text in choices}
        self.values = {value for value, _ in choices}
        self.label = label
        super().__init__()

    def clean(self, value, row=None, **kwargs):
        text = "" if value is None else str(value).strip()
        if text in self.values:
            return text
        if text in self.by_label:
            return self.by_label[text]
        allowed = ", ".join(self.by_label)
        raise ValueError(f"{self.label} '{text}'은(는) 쓸 수 없는 값입니다. 가능한 값: {allowed}")

    def render(self, value, obj=None, **kwargs):
        for label, code in self.by_label.items():
            if code == value:
                return label
        return value


class NaturalKeyWidget(widgets.ForeignKeyWidget):
    """A foreign key by slug (or another unique field), with a Korean message when it is missing."""

    def __init__(self, model, field, label):
        self.label = label
        super().__init__(model, field)

    def clean(self, value, row=None, **kwargs):
        if value is None or str(value).strip() == "":
            return None
        try:
            return self.get_queryset(value, row, **kwargs).get(**{self.field: str(value).strip()})
        except self.model.DoesNotExist as error:
            raise ValueError(f"{self.label} '{value}'을(를) 찾을 수 없습니다.") from error


class NaturalKeysWidget(widgets.ManyToManyWidget):
    def __init__(self, model, field, label):
        self.label = label
        super().__init__(model, separator=",", field=field)

    def clean(self, value, row=None, **kwargs):
        if value is None or str(value).strip() == "":
            return self.model.objects.none()
        keys = [key.strip() for key in str(value).split(self.separator) if key.strip()]
        found = self.model.objects.filter(**{f"{self.field}__in": keys})
        missing = sorted(set(keys) - {str(getattr(obj, self.field)) for obj in found})
        if missing:
            raise ValueError(f"{self.label} '{', '.join(missing)}'을(를) 찾을 수 없습니다.")
        return found
