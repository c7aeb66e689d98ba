from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import Sum
from import_export.admin import ImportExportMixin

from gyeongju.core.forms import WonField
from gyeongju.core.money import format_won
from gyeongju.funding.models import Funding, check_funding_within_total

from ..importing import ReasonImportAdminMixin
from ..resources import FundingResource
from .kit import ChangeReasonAdminMixin, ChangeReasonForm, KoreanHistoryAdmin
from .reviewed import ReviewedAdminMixin


class FundingAdminForm(ChangeReasonForm):
    reason_fields = ("amount", "kind", "fiscal_year", "program")
    amount = WonField(label="금액")

    class Meta:
        model = Funding
        fields = "__all__"

    def clean(self):
        cleaned = super().clean()
        program = cleaned.get("program")
        amount = cleaned.get("amount")
        if program is not None and amount is not None:
            others = (
                Funding.private_objects.filter(program=program)
                .exclude(pk=self.instance.pk)
                .aggregate(total=Sum("amount"))["total"]
                or 0
            )
            try:
                check_funding_within_total(program.total_cost, [others, amount])
            except ValidationError as error:
                self.add_error("amount", error)
        return cleaned


@admin.register(Funding)
class FundingAdmin(
    ReviewedAdminMixin,
    ReasonImportAdminMixin,
    ImportExportMixin,
    ChangeReasonAdminMixin,
    KoreanHistoryAdmin,
):
    form = FundingAdminForm
    resource_classes = [FundingResource]
    list_display = ["program", "kind", "amount_display", "fiscal_year", "source"]
    list_filter = ["kind", "fiscal_year"]
    search_fields = ["program__name", "program__slug", "note", "quote"]
    autocomplete_fields = ["program", "source"]
    list_select_related = ["program", "source"]
    history_list_display = ["amount_display"]

    @admin.display(description="금액", ordering="amount")
    def amount_display(self, obj):
        return format_won(obj.amount)
