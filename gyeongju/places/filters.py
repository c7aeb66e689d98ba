"""The place list's filter in the API (/api/v1/places/?kind=complex): a kind, or every kind."""

from django import forms

from gyeongju.core.filters import PublicFilterForm

from .models import Place


class PlaceFilterForm(PublicFilterForm):
    kind = forms.ChoiceField(label="구분", required=False, choices=Place.Kind.choices)

    def filter(self, places):
        if kind := self.values.get("kind"):
            places = places.filter(kind=kind)
        return places
