"""Query parameters: one filter definition for the explorer, the downloads and the API.

The explorer's own forms (``programs.filters.ProgramFilterForm``, ``outcomes.filters.
OutcomeFilterForm``) parse and apply the filters here too. ``query_schema`` describes a form's fields
for the OpenAPI description (django-ninja reads a pydantic model), so the documented parameters are
the form's. The form then decides, as on the site, with one difference: a value the page would
drop with a note is a 400 here, and so is a parameter the endpoint does not read.
"""

from typing import Literal

from django import forms
from pydantic import Field, create_model

from gyeongju.core.filters import SearchField
from gyeongju.core.forms import WonField

from .problems import bad_parameters

MAX_PER_PAGE = 100
PER_PAGE = 20
PAGING = ("page", "per_page")


def static_choices(field) -> list[str] | None:
    """The codes of a field's fixed choices; None when they come from the database."""
    choices = [str(code) for code, _label in getattr(field, "choices", []) if code != ""]
    return choices or None


def annotation_of(field):
    """(type, pydantic Field) that describes a form field as a query parameter."""
    about = str(field.label)
    if isinstance(field, forms.MultipleChoiceField):
        codes = static_choices(field)
        item = Literal[tuple(codes)] if codes else str
        return list[item] | None, Field(None, description=f"{about} (여러 번 줄 수 있음)")
    if isinstance(field, forms.TypedChoiceField) and field.coerce is int:
        return int | None, Field(None, description=about)
    if isinstance(field, forms.ChoiceField):
        codes = static_choices(field)
        kind = Literal[tuple(codes)] if codes else str
        return kind | None, Field(None, description=about, max_length=None if codes else 100)
    if isinstance(field, forms.IntegerField):
        return int | None, Field(None, description=about, ge=field.min_value, le=field.max_value)
    if isinstance(field, WonField):
        return int | None, Field(None, description=f"{about}(원 단위 정수)", ge=0)
    if isinstance(field, SearchField):
        return str | None, Field(None, description=about, max_length=200)
    raise TypeError(f"no query type for {type(field).__name__}")


def query_schema(name: str, form_class=None, *, paged: bool = True, extra: dict | None = None):
    """A pydantic model of the query ``form_class`` reads (plus page and per_page)."""
    fields = {}
    if form_class is not None:
        for field_name, field in form_class.base_fields.items():
            fields[field_name] = annotation_of(field)
    if paged:
        fields["page"] = (int, Field(1, ge=1, description="쪽 번호(1부터)"))
        fields["per_page"] = (
            int,
            Field(
                PER_PAGE, ge=1, le=MAX_PER_PAGE, description=f"한 쪽의 항목 수(최대 {MAX_PER_PAGE})"
            ),
        )
    fields.update(extra or {})
    return create_model(name, **fields)


def check(request, *, form=None, allowed=()) -> None:
    """400 for any parameter not read here, or a value the form would not take."""
    known = set(allowed) | (set(form.fields) if form is not None else set())
    errors = [
        {"parameter": name[:40], "detail": "알 수 없는 조건입니다."}
        for name in sorted(set(request.GET) - known)
    ]
    if form is not None:
        for name, messages in form.errors.items():
            field = form.fields.get(name)
            label = field.label if field else name
            shown = ", ".join(str(value)[:40] for value in request.GET.getlist(name) if value)
            errors.append(
                {
                    "parameter": name,
                    "detail": f"‘{label}’ 조건의 값 ‘{shown}’은(는) 올바르지 않습니다. "
                    + " ".join(str(message) for message in messages),
                }
            )
    if errors:
        raise bad_parameters(errors)
