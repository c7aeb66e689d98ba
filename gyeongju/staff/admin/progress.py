"""집행 실적 and 일정 on their own (the program's page edits them as inlines too), with
spreadsheet import/export; money and dates need a 변경 사유, as budgets do."""

from django import forms
from django.contrib import admin
from import_export.admin import ImportExportMixin

from gyeongju.core.forms import WonField
from gyeongju.core.money import format_won
from gyeongju.progress.models import EXECUTION_KINDS, Execution, Milestone

from ..importing import ReasonImportAdminMixin
from ..resources import ExecutionResource, MilestoneResource
from .kit import ChangeReasonAdminMixin, ChangeReasonForm, KoreanHistoryAdmin
from .reviewed import ReviewedAdminMixin

EXECUTION_REASON_FIELDS = ("program", "fiscal_year", "kind", "amount", "as_of")
MILESTONE_REASON_FIELDS = (
    "program",
    "phase",
    "planned_date",
    "planned_precision",
    "actual_date",
)


class ExecutionAdminForm(ChangeReasonForm):
    reason_fields = EXECUTION_REASON_FIELDS
    amount = WonField(label="집행액")
    kind = forms.ChoiceField(label="재원", choices=EXECUTION_KINDS, required=False)

    class Meta:
        model = Execution
        fields = "__all__"


class MilestoneAdminForm(ChangeReasonForm):
    reason_fields = MILESTONE_REASON_FIELDS

    class Meta:
        model = Milestone
        fields = "__all__"


@admin.register(Execution)
class ExecutionAdmin(
    ReviewedAdminMixin,
    ReasonImportAdminMixin,
    ImportExportMixin,
    ChangeReasonAdminMixin,
    KoreanHistoryAdmin,
):
    form = ExecutionAdminForm
    resource_classes = [ExecutionResource]
    list_display = ["program", "fiscal_year", "kind", "amount_display", "as_of", "source"]
    list_filter = ["fiscal_year", "kind"]
    search_fields = ["program__name", "program__slug", "quote", "note"]
    autocomplete_fields = ["program", "source"]
    list_select_related = ["program", "source"]
    history_list_display = ["amount_display"]

    @admin.display(description="집행액", ordering="amount")
    def amount_display(self, obj):
        return format_won(obj.amount)


@admin.register(Milestone)
class MilestoneAdmin(
    ReviewedAdminMixin,
    ReasonImportAdminMixin,
    ImportExportMixin,
    ChangeReasonAdminMixin,
    KoreanHistoryAdmin,
):
    form = MilestoneAdminForm
    resource_classes = [MilestoneResource]
    list_display = ["program", "title", "planned_display", "actual_date", "source"]
    list_filter = ["phase", "planned_precision"]
    search_fields = ["program__name", "program__slug", "name", "quote", "note"]
    autocomplete_fields = ["program", "source", "actual_source"]
    list_select_related = ["program", "source"]
    date_hierarchy = "planned_date"

    @admin.display(description="단계")
    def title(self, obj):
        return obj.title

    @admin.display(description="예정일", ordering="planned_date")
    def planned_display(self, obj):
        return obj.planned_display
