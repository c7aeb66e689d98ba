from django import forms

from gyeongju.core.dates import FIRST_YEAR, LAST_YEAR
from gyeongju.core.filters import PublicFilterForm, SearchField
from gyeongju.core.forms import FastCheckboxSelectMultiple, FastSelect, FastTextInput

from .models import Outcome


class OutcomeFilterForm(PublicFilterForm):
    q = SearchField(
        label="사업명",
        widget=FastTextInput(
            attrs={"type": "search", "class": "krds-input", "placeholder": "예: 수출"}
        ),
    )
    indicator = forms.MultipleChoiceField(
        label="지표",
        required=False,
        choices=Outcome.Indicator.choices,
        widget=FastCheckboxSelectMultiple,
    )
    maturity = forms.MultipleChoiceField(
        label="성숙도",
        required=False,
        choices=Outcome.Maturity.choices,
        widget=FastCheckboxSelectMultiple,
    )
    kind = forms.ChoiceField(
        label="구분",
        required=False,
        choices=[("", "전체"), *Outcome.Kind.choices],
        widget=FastSelect(attrs={"class": "krds-form-select"}),
    )
    year = forms.IntegerField(
        label="대상 연도",
        required=False,
        min_value=FIRST_YEAR,
        max_value=LAST_YEAR,
        widget=forms.NumberInput(attrs={"class": "krds-input", "placeholder": "예: 2020"}),
    )

    def display(self, name, value):
        if name == "year":
            return f"{value}년"
        return super().display(name, value)

    def filter(self, outcomes):
        values = self.values
        if q := values.get("q"):
            for term in q.split()[:8]:
                outcomes = outcomes.filter(program__name__icontains=term)
        if indicators := values.get("indicator"):
            outcomes = outcomes.filter(indicator__in=indicators)
        if maturities := values.get("maturity"):
            outcomes = outcomes.filter(maturity__in=maturities)
        if kind := values.get("kind"):
            outcomes = outcomes.filter(kind=kind)
        if (year := values.get("year")) is not None:
            outcomes = outcomes.filter(period_year=year)
        return outcomes.order_by("-as_of", "program__name", "order", "pk")
