from django.contrib import admin

from gyeongju.outcomes.models import Outcome

from .kit import ChangeReasonAdminMixin, ChangeReasonForm, KoreanHistoryAdmin
from .reviewed import ReviewedAdminMixin


class OutcomeAdminForm(ChangeReasonForm):
    reason_fields = ("value", "maturity", "kind")

    class Meta:
        model = Outcome
        fields = "__all__"


@admin.register(Outcome)
class OutcomeAdmin(ReviewedAdminMixin, ChangeReasonAdminMixin, KoreanHistoryAdmin):
    form = OutcomeAdminForm
    list_display = ["program", "indicator", "value_display", "kind", "maturity", "as_of"]
    list_filter = ["indicator", "kind", "maturity", "period_year"]
    search_fields = ["program__name", "label", "quote", "note"]
    autocomplete_fields = ["program", "source"]
    list_select_related = ["program"]

    @admin.display(description="값", ordering="value")
    def value_display(self, obj):
        return obj.display_value
