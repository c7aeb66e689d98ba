from django import forms
from django.core.exceptions import ValidationError

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
