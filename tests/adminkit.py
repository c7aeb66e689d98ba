"""Driving the real Django admin in tests (with ``tests.public.Visitor(user)``): a form's POST data
read from the rendered HTML the way a browser would submit it (inline management forms included)."""

import html
import re
from html.parser import HTMLParser

import pytest
from django.contrib.messages import get_messages

SITE_HEADER = "경주시 투자사업 포털 관리"


class _FormReader(HTMLParser):
    """Collect what a browser would submit from one <form>: inputs, checked boxes, selected options,
    textareas. Disabled fields and the inline formsets' hidden ``__prefix__`` templates are skipped."""

    def __init__(self, form_id):
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.inside = False
        self.found = False
        self.fields: list[tuple[str, str]] = []
        self._select = None
        self._select_multiple = False
        self._option = None
        self._select_values: list[str] = []
        self._select_first: str | None = None
        self._textarea = None
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            if self.form_id is None:
                # The page's own form: the first one that is not the header's logout form.
                self.inside = not self.found and attrs.get("id") != "logout-form"
            else:
                self.inside = attrs.get("id") == self.form_id
            self.found = self.found or self.inside
            return
        if not self.inside:
            return
        name = attrs.get("name")
        if tag == "input":
            kind = (attrs.get("type") or "text").lower()
            if not self._usable(name, attrs) or kind in {"submit", "button", "image", "reset"}:
                return
            if kind in {"checkbox", "radio"}:
                if "checked" in attrs:
                    self.fields.append((name, attrs.get("value") or "on"))
                return
            if kind == "file":
                return
            self.fields.append((name, attrs.get("value") or ""))
        elif tag == "select" and self._usable(name, attrs):
            self._select = name
            self._select_multiple = "multiple" in attrs
            self._select_values = []
            self._select_first = None
        elif tag == "option" and self._select is not None:
            value = attrs.get("value")
            self._option = value
            self._text = []
            if value is not None:
                if self._select_first is None:
                    self._select_first = value
                if "selected" in attrs:
                    self._select_values.append(value)
        elif tag == "textarea" and self._usable(name, attrs):
            self._textarea = name
            self._text = []

    def handle_data(self, data):
        if self._textarea is not None or self._option is not None:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select" and self._select is not None:
            values = self._select_values
            if not values and not self._select_multiple and self._select_first is not None:
                values = [self._select_first]  # a browser submits the first option by default
            self.fields.extend((self._select, value) for value in values)
            self._select = None
        elif tag == "option":
            self._option = None
        elif tag == "textarea" and self._textarea is not None:
            # A browser drops the newline right after <textarea>.
            text = "".join(self._text)
            self.fields.append((self._textarea, text.removeprefix("\r\n").removeprefix("\n")))
            self._textarea = None

    @staticmethod
    def _usable(name, attrs):
        return bool(name) and "__prefix__" not in name and "disabled" not in attrs


def form_fields(response, form_id=None) -> list[tuple[str, str]]:
    """The (name, value) pairs the form with ``form_id`` (default: the page's first form other
    than the logout form) would submit, in document order."""
    reader = _FormReader(form_id)
    reader.feed(response.content.decode())
    if not reader.found:
        raise AssertionError(f"form #{form_id or '(first)'} not on the page")
    return reader.fields


def form_data(response, form_id=None, changes=None) -> dict:
    """The form's data as a dict for ``client.post`` (multi-valued names become lists), with
    ``changes`` applied on top: a value of None removes the field (as an unchecked box would)."""
    data: dict = {}
    for name, value in form_fields(response, form_id):
        if name in data:
            previous = data[name]
            data[name] = [*previous, value] if isinstance(previous, list) else [previous, value]
        else:
            data[name] = value
    for name, value in (changes or {}).items():
        if value is None:
            data.pop(name, None)
        else:
            data[name] = value
    return data


def admin_form_id(model) -> str:
    return f"{model._meta.model_name}_form"


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def text_of(response) -> str:
    """The page's text with entities decoded, so Korean messages can be looked for as typed."""
    return html.unescape(response.content.decode())


def visible_text(response) -> str:
    """What a reader sees: tags, scripts and styles removed, entities decoded, spaces collapsed."""
    content = response.content.decode()
    content = re.sub(r"<(script|style)\b.*?</\1>", " ", content, flags=re.S | re.I)
    content = re.sub(r"<[^>]+>", " ", content)
    return re.sub(r"\s+", " ", html.unescape(content)).strip()


@pytest.fixture
def fast_password_hashing(settings):
    """Staff users are made per test; the production hasher's 1M rounds would dominate the run."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
