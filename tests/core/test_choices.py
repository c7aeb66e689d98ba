"""get_FOO_display() through core.choices.ChoiceLabels gives exactly Django's labels."""

import pytest
from django.apps import apps
from django.db import models

from gyeongju.core.choices import ChoiceLabels

LABELLED = [model for model in apps.get_models() if issubclass(model, ChoiceLabels)]


def test_the_models_pages_label_use_the_table():
    names = {model.__name__ for model in LABELLED}
    assert {"Program", "Funding", "Outcome", "Source", "Site", "Organisation"} <= names


@pytest.mark.parametrize(
    ("model", "field"),
    [(model, field) for model in LABELLED for field in model._meta.fields if field.choices],
    ids=lambda value: getattr(value, "__name__", None) or getattr(value, "name", ""),
)
def test_every_label_is_djangos(model, field):
    for value in [*(key for key, _label in field.flatchoices), "no-such-choice", "", None, 7]:
        instance = model(**{field.attname: value})
        assert getattr(instance, f"get_{field.name}_display")() == models.Model._get_FIELD_display(
            instance, field
        ), (field.name, value)
