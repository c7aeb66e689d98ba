"""Spreadsheet import/export for staff (django-import-export), in Korean, with a reason per import.

Every import is previewed first (dry run, row by row, with Korean messages) and then confirmed;
the reason typed on the first step is stored in the change history of every row it changes.
"""

import datetime
import difflib
import re

from django import forms
from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.shortcuts import redirect
from django.utils.encoding import force_str
from django.utils.html import escape
from django.utils.safestring import mark_safe
from import_export import widgets
from import_export.formats import base_formats
from import_export.forms import ConfirmImportForm, ImportForm, SelectableFieldsExportForm
from import_export.resources import Diff

from gyeongju.core.money import WonParseError, parse_won
from gyeongju.core.spreadsheets import restore_formula, spreadsheet_cell
from gyeongju.programs.snapshots import parse_day

REASON_HELP = (
    "가져오기로 바뀌는 모든 항목의 변경 이력에 이 사유가 남습니다. 예: 2021년 본예산 확정 반영"
)


# Our stylesheet for the import preview and the export page (loaded through the forms' media,
# whichever template shows them).
SPREADSHEET_MEDIA = forms.Media(
    css={"all": ["portal/admin/spreadsheets.css"]}, js=["portal/admin/spreadsheets.js"]
)


class ReasonImportForm(ImportForm):
    change_reason = forms.CharField(
        label="변경 사유", max_length=100, help_text=REASON_HELP, required=True
    )

    @property
    def media(self):
        return super().media + SPREADSHEET_MEDIA


class ReasonConfirmImportForm(ConfirmImportForm):
    change_reason = forms.CharField(widget=forms.HiddenInput(), max_length=100)

    @property
    def media(self):
        return super().media + SPREADSHEET_MEDIA


class KoreanExportForm(SelectableFieldsExportForm):
    """The column choices read as the spreadsheet's own Korean headers ("사업명", not "Name (사업명)")."""

    @property
    def media(self):
        return super().media + SPREADSHEET_MEDIA

    def _get_field_label(self, resource, field_name):
        field = resource.fields.get(field_name)
        return field.column_name if field is not None else field_name


UPLOAD_MISSING = (
    "미리보기한 파일을 찾을 수 없습니다. 이미 가져왔거나 너무 오래되었습니다. "
    "파일을 다시 올려 미리보기부터 해 주세요."
)


# The file formats staff are offered, named so the admin is the same wherever it runs: tablib
# would add YAML wherever PyYAML is installed (the API's test tools bring it).
FORMATS = [
    fmt
    for fmt in (
        base_formats.CSV,
        base_formats.XLSX,
        base_formats.TSV,
        base_formats.JSON,
        base_formats.HTML,
    )
    if fmt.is_available()
]


class ReasonImportAdminMixin:
    """Admin side: carry the reason from the preview step to the confirmed import; Korean export
    choices; CSV with a byte order mark so Excel opens the Korean text correctly."""

    formats = FORMATS
    import_form_class = ReasonImportForm
    confirm_form_class = ReasonConfirmImportForm
    export_form_class = KoreanExportForm
    # import-export's own page has inline styles and an inline onchange, which the CSP blocks.
    export_template_name = "admin/import_export/portal_export.html"
    to_encoding = "utf-8-sig"

    # import-export lets any staff account import and export unless told otherwise: ask for the
    # same rights as the admin's own forms (an import adds and changes rows; an export lists them).
    def has_import_permission(self, request):
        return self.has_add_permission(request) and self.has_change_permission(request)

    def has_export_permission(self, request):
        return self.has_view_permission(request)

    def process_import(self, request, **kwargs):
        # A confirm whose uploaded file is gone (a second click, an expired or evicted upload)
        # goes back to the upload form with a message, instead of failing on an empty file.
        confirm_form = self.create_confirm_form(request)
        posted = request.method == "POST" and confirm_form.is_valid()
        if posted and not self.upload_is_kept(confirm_form):
            self.message_user(request, UPLOAD_MISSING, messages.ERROR)
            app_label, model_name = self.get_model_info()
            return redirect(f"admin:{app_label}_{model_name}_import")
        return super().process_import(request, **kwargs)

    def upload_is_kept(self, confirm_form) -> bool:
        input_format = self.get_import_formats()[int(confirm_form.cleaned_data["format"])]()
        storage = self.get_tmp_storage_class()(
            name=confirm_form.cleaned_data["import_file_name"],
            encoding=None if input_format.is_binary() else self.from_encoding,
            read_mode=input_format.get_read_mode(),
            **self.get_tmp_storage_class_kwargs(),
        )
        try:
            return bool(storage.read())
        except (OSError, UnicodeDecodeError):
            return False

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


WORDS = re.compile(r"\s+|\S+")


def marked_changes(before: str, after: str) -> str:
    """``before`` → ``after`` as HTML, word by word: removed words in <del>, added ones in <ins>,
    no style attribute (our stylesheet colours them: static/portal/admin/spreadsheets.css)."""
    old, new = WORDS.findall(before), WORDS.findall(after)
    parts = []
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for op, start, end, new_start, new_end in matcher.get_opcodes():
        if op == "equal":
            parts.append(escape("".join(new[new_start:new_end])))
            continue
        if end > start:
            parts.append(f"<del>{escape(''.join(old[start:end]))}</del>")
        if new_end > new_start:
            parts.append(f"<ins>{escape(''.join(new[new_start:new_end]))}</ins>")
    return mark_safe("".join(parts).replace("\n", "<br>"))  # every part is escaped above


class MarkedDiff(Diff):
    """The import preview's cells. django-import-export draws them with diff-match-patch, whose
    HTML colours every change with a style attribute; the CSP blocks those, so the preview would
    show no change at all."""

    def as_html(self):
        cells = []
        for before, after in zip(self.left, self.right, strict=False):
            if before != after and self.new:
                before = ""
            cells.append(marked_changes(force_str(before), force_str(after)))
        return cells


class ReasonResourceMixin:
    """Resource side: stamp who and why on every saved row (django-simple-history reads these);
    name a bad cell by its Korean column header in the row's error; cells that cannot run as
    formulas on export, read back as typed on import; a preview the CSP lets through."""

    def get_diff_class(self):
        return MarkedDiff

    def export_field(self, field, instance, **kwargs):
        # The public downloads' rule (core.spreadsheets), for CSV and XLSX alike. django-import-
        # export's IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT is left off: in 4.4 it only drops a
        # leading "=" (changing the text) and turns every cell, amounts included, into text.
        return spreadsheet_cell(super().export_field(field, instance, **kwargs))

    def before_import_row(self, row, **kwargs):
        super().before_import_row(row, **kwargs)
        for column, value in row.items():
            row[column] = restore_formula(value)

    def import_row(self, row, instance_loader, **kwargs):
        result = super().import_row(row, instance_loader, **kwargs)
        error = result.validation_error
        if error is not None and hasattr(error, "error_dict"):
            columns = {
                field.attribute: field.column_name
                for field in self.get_import_fields()
                if field.attribute
            }
            result.validation_error = ValidationError(
                {
                    key if key == NON_FIELD_ERRORS else columns.get(key, key): messages_
                    for key, messages_ in error.error_dict.items()
                }
            )
        return result

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
        # A number stays a number (an Excel cell you can sum); unknown is an empty cell, not "None".
        return "" if value is None else value


class YearWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        if value is None or str(value).strip() == "":
            return None
        text = str(value).strip().removesuffix("년").removesuffix(".0")
        if not text.isdigit():
            raise ValueError(f"연도 '{value}'을(를) 읽을 수 없습니다. 예: 2021")
        return int(text)

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else value


class DateWidget(widgets.Widget):
    """Days: export as a date cell; import a date cell, 2021-05-01 or 2021. 5. 1."""

    def clean(self, value, row=None, **kwargs):
        if value is None or str(value).strip() == "":
            return None
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        day = parse_day(str(value).strip().split(" ")[0] if "-" in str(value) else str(value))
        if day is None:
            raise ValueError(
                f"날짜 '{value}'을(를) 읽을 수 없습니다. 예: 2021. 5. 1. 또는 2021-05-01"
            )
        return day

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else value


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

    def get_queryset(self, value, row, *args, **kwargs):
        # Program has no plain `objects` manager; the default one (private_objects) sees drafts too.
        return self.model._default_manager.all()


class NaturalKeysWidget(widgets.ManyToManyWidget):
    def __init__(self, model, field, label):
        self.label = label
        super().__init__(model, separator=",", field=field)

    def clean(self, value, row=None, **kwargs):
        if value is None or str(value).strip() == "":
            return self.model._default_manager.none()
        keys = [key.strip() for key in str(value).split(self.separator) if key.strip()]
        found = self.model._default_manager.filter(**{f"{self.field}__in": keys})
        missing = sorted(set(keys) - {str(getattr(obj, self.field)) for obj in found})
        if missing:
            raise ValueError(f"{self.label} '{', '.join(missing)}'을(를) 찾을 수 없습니다.")
        return found
