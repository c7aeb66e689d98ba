import html

from django import forms
from django.core.exceptions import ValidationError
from django.utils.safestring import mark_safe

from .money import WonParseError, format_won, parse_won


def _escaped(text) -> str:
    """conditional_escape without its lazy-string wrapper (a few µs a call, hundreds a page)."""
    return text.__html__() if hasattr(text, "__html__") else html.escape(str(text))


def _attrs(attrs: dict) -> str:
    """Django's widgets/attrs.html: in the given order, True as a bare name, False left out."""
    return "".join(
        f" {name}" if value is True else f' {name}="{_escaped(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


class FastInputMixin:
    """Django's input.html markup, built in Python."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        shown = "" if widget["value"] is None else f' value="{_escaped(widget["value"])}"'
        return mark_safe(
            f'<input type="{_escaped(widget["type"])}" name="{_escaped(name)}"{shown}'
            f"{_attrs(widget['attrs'])}>"
        )


class WonInput(FastInputMixin, forms.TextInput):
    """Shows a stored amount as 290억원 so staff read it the way they type it."""

    def format_value(self, value):
        if value in (None, ""):
            return ""
        if isinstance(value, int):
            return format_won(value)
        # Only a plain 원 amount typed back is reformatted: not "²", "٣" or 5,000 digits, which
        # str.isdigit() accepts and int() refuses or chokes on.
        digits = str(value).removeprefix("-")
        if digits.isascii() and digits.isdigit() and len(digits) <= 19:
            return format_won(int(value))
        return value


class WonField(forms.Field):
    """An amount in whole 원, typed as 290억, 2억1,500만원 or 29,000,000,000."""

    widget = WonInput

    def __init__(self, *, min_value=0, **kwargs):
        self.min_value = min_value
        kwargs.setdefault(
            "help_text",
            "원 단위. '290억', '2억1,500만원', '29,000,000,000' 모두 입력할 수 있습니다.",
        )
        super().__init__(**kwargs)

    def to_python(self, value):
        try:
            return parse_won(value)
        except WonParseError as error:
            raise ValidationError(str(error), code="invalid") from error

    def validate(self, value):
        super().validate(value)
        if value is not None and self.min_value is not None and value < self.min_value:
            raise ValidationError("금액은 0원 이상이어야 합니다.", code="min_value")

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs.update({"inputmode": "text", "autocomplete": "off", "spellcheck": "false"})
        return attrs


class FastTextInput(FastInputMixin, forms.TextInput):
    pass


class FastSelect(forms.Select):
    """Django's Select markup, built in Python: the explorer's selects hold dozens of options, and
    the template-per-option rendering cost milliseconds on every uncached explorer page."""

    def render(self, name, value, attrs=None, renderer=None):
        final_attrs = self.build_attrs(self.attrs, attrs)
        chosen = {str(v) for v in self.format_value(value)}
        options = "".join(
            f'<option value="{_escaped(option)}"{" selected" if str(option) in chosen else ""}>'
            f"{_escaped(label)}</option>"
            for option, label in self.choices
        )
        return mark_safe(f'<select name="{_escaped(name)}"{_attrs(final_attrs)}>{options}</select>')


class FastCheckboxSelectMultiple(forms.CheckboxSelectMultiple):
    """Every box of the group in KRDS's check wrapper, each with its label, built in Python
    rather than from two templates a box. Flat choices only (no option groups)."""

    wrapper_class = "krds-form-check medium"

    def render(self, name, value, attrs=None, renderer=None):
        final_attrs = self.build_attrs(self.attrs, attrs)
        chosen = {str(v) for v in self.format_value(value)}
        boxes = []
        for index, (option, label) in enumerate(self.choices):
            box_attrs = dict(final_attrs)
            if "id" in box_attrs:
                box_attrs["id"] = self.id_for_label(box_attrs["id"], index)
            if str(option) in chosen:
                box_attrs["checked"] = True
            label_for = f' for="{_escaped(box_attrs["id"])}"' if "id" in box_attrs else ""
            boxes.append(
                f'<div class="{self.wrapper_class}"><input type="{self.input_type}" '
                f'name="{_escaped(name)}" value="{_escaped(option)}"{_attrs(box_attrs)}>'
                f"<label{label_for}>{_escaped(label)}</label></div>"
            )
        return mark_safe("".join(boxes))
