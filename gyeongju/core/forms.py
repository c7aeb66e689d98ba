from django import forms
from django.core.exceptions import ValidationError
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from .money import WonParseError, format_won, parse_won


class WonInput(forms.TextInput):
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


class FastSelect(forms.Select):
    """Django's Select markup, built in Python: the explorer's selects hold dozens of options, and
    the template-per-option rendering cost milliseconds on every uncached explorer page."""

    def render(self, name, value, attrs=None, renderer=None):
        final_attrs = self.build_attrs(self.attrs, attrs)
        chosen = {str(v) for v in self.format_value(value)}
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (option, mark_safe(" selected") if str(option) in chosen else "", label)
                for option, label in self.choices
            ),
        )
        return format_html('<select name="{}"{}>{}</select>', name, flatatt(final_attrs), options)


class FastCheckboxSelectMultiple(forms.CheckboxSelectMultiple):
    """Checkboxes whose `{{ box.tag }}` is built in Python rather than from a template each."""

    def _render(self, template_name, context, renderer=None):
        if template_name != self.option_template_name:
            return super()._render(template_name, context, renderer)
        option = context["widget"]
        return format_html(
            '<input type="{}" name="{}" value="{}"{}>',
            self.input_type,
            option["name"],
            option["value"],
            flatatt(option["attrs"]),
        )
