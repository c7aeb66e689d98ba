"""The organisation index's filter (/organisations/?kind=ministry): a kind, or every kind."""

from django import forms

from gyeongju.core.filters import PublicFilterForm

from .models import Organisation


class OrganisationFilterForm(PublicFilterForm):
    kind = forms.ChoiceField(label="구분", required=False, choices=Organisation.Kind.choices)

    def filter(self, organisations):
        if kind := self.values.get("kind"):
            organisations = organisations.filter(kind=kind)
        return organisations
