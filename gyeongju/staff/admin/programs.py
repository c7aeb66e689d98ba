from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.html import format_html
from import_export.admin import ImportExportMixin

from gyeongju.core.dates import format_period
from gyeongju.core.forms import WonField
from gyeongju.core.money import format_won
from gyeongju.funding.models import Funding, check_funding_within_total
from gyeongju.outcomes.models import Outcome
from gyeongju.programs.models import (
    Category,
    PortfolioYear,
    Program,
    ProgramBudget,
    ProgramPartner,
)
from gyeongju.progress.models import EXECUTION_KINDS, Execution, Milestone

from ..importing import ReasonImportAdminMixin
from ..resources import ProgramResource
from .kit import (
    ASCII_SLUG_FORMFIELDS,
    ChangeReasonAdminMixin,
    ChangeReasonForm,
    KoreanHistoryAdmin,
    ReasonRequiredInlineFormSet,
)
from .reviewed import ReviewedAdminMixin

CONFLICT_MESSAGE = (
    "다른 사용자가 이 사업을 먼저 저장했습니다. 지금 저장하면 그 변경을 덮어쓰게 됩니다. "
    "새 창에서 최신 내용을 확인한 뒤 다시 수정해 주세요."
)


class ProgramAdminForm(ChangeReasonForm):
    reason_fields = Program.MONEY_AND_SCHEDULE_FIELDS

    total_cost = WonField(label="총사업비", required=False)
    edit_version = forms.IntegerField(label="편집 버전", widget=forms.HiddenInput, required=False)

    class Meta:
        model = Program
        fields = "__all__"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # The version saved now, not the instance's: a restore form's instance is an old copy.
            self.fields["edit_version"].initial = (
                Program.private_objects.filter(pk=self.instance.pk)
                .values_list("version", flat=True)
                .first()
            )

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk:
            # Lock the row for the rest of this (atomic) admin request: no save can slip between.
            current = (
                Program.private_objects.select_for_update()
                .filter(pk=self.instance.pk)
                .values_list("version", flat=True)
                .first()
            )
            if cleaned.get("edit_version") is None or current != cleaned.get("edit_version"):
                raise ValidationError(CONFLICT_MESSAGE, code="stale")
        return cleaned


class FundingInlineForm(forms.ModelForm):
    amount = WonField(label="금액")

    class Meta:
        model = Funding
        fields = ["kind", "amount", "fiscal_year", "source", "quote", "note"]


class FundingInlineFormSet(ReasonRequiredInlineFormSet):
    def clean(self):
        super().clean()
        amounts = [
            form.cleaned_data.get("amount")
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        check_funding_within_total(self.instance.total_cost, amounts)


class FundingInline(admin.TabularInline):
    model = Funding
    form = FundingInlineForm
    formset = FundingInlineFormSet
    extra = 0
    autocomplete_fields = ["source"]
    verbose_name = "재원"
    verbose_name_plural = "재원 (알려진 몫만 입력하세요. 나머지는 '재원 구성 미공개'로 표시됩니다)"


class BudgetInlineForm(forms.ModelForm):
    amount = WonField(label="예산")

    class Meta:
        model = ProgramBudget
        fields = ["fiscal_year", "amount", "source", "quote", "note"]


class BudgetInline(admin.TabularInline):
    model = ProgramBudget
    form = BudgetInlineForm
    formset = ReasonRequiredInlineFormSet
    extra = 0
    autocomplete_fields = ["source"]


class OutcomeInline(admin.StackedInline):
    model = Outcome
    extra = 0
    autocomplete_fields = ["source"]
    fields = [
        ("indicator", "label"),
        ("value", "unit", "kind", "maturity"),
        ("period_year", "as_of", "source"),
        "quote",
        ("note", "order"),
    ]


class ExecutionInlineForm(forms.ModelForm):
    amount = WonField(label="집행액")
    kind = forms.ChoiceField(label="재원", choices=EXECUTION_KINDS, required=False)

    class Meta:
        model = Execution
        fields = ["fiscal_year", "kind", "amount", "as_of", "source", "quote", "note"]


class ExecutionInline(admin.TabularInline):
    model = Execution
    form = ExecutionInlineForm
    formset = ReasonRequiredInlineFormSet
    extra = 0
    autocomplete_fields = ["source"]
    verbose_name = "집행 실적"
    verbose_name_plural = (
        "집행 실적 (지방재정365 등이 밝힌 연도별 집행액. 재원을 비우면 그해 전체 집행액입니다)"
    )


class MilestoneInline(admin.StackedInline):
    model = Milestone
    formset = ReasonRequiredInlineFormSet
    extra = 0
    autocomplete_fields = ["source", "actual_source"]
    verbose_name = "일정"
    verbose_name_plural = "추진 일정 (착공, 장비 도입, 준공, 개소, 사업 종료 …)"
    fields = [
        ("phase", "name", "order"),
        ("planned_date", "planned_precision", "source"),
        ("actual_date", "actual_source"),
        "quote",
        "note",
    ]


class PartnerInline(admin.TabularInline):
    model = ProgramPartner
    extra = 0
    autocomplete_fields = ["organisation"]


# Django's automatic link tables would print as "Program_facilities object (3)" above each row.
Program.facilities.through.__str__ = lambda link: str(link.facility)
Program.sources.through.__str__ = lambda link: str(link.source)


class FacilityLinkInline(admin.TabularInline):
    model = Program.facilities.through
    # The automatic link table's column is called "facility": label it in Korean.
    form = forms.modelform_factory(model, fields=["facility"], labels={"facility": "시설"})
    extra = 0
    autocomplete_fields = ["facility"]
    verbose_name = "시설"
    verbose_name_plural = "시설"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("facility")


class SourceLinkInline(admin.TabularInline):
    model = Program.sources.through
    form = forms.modelform_factory(model, fields=["source"], labels={"source": "출처"})
    extra = 0
    autocomplete_fields = ["source"]
    verbose_name = "출처"
    verbose_name_plural = "출처"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("source")


@admin.register(Program)
class ProgramAdmin(
    ReviewedAdminMixin,
    ReasonImportAdminMixin,
    ImportExportMixin,
    ChangeReasonAdminMixin,
    KoreanHistoryAdmin,
):
    form = ProgramAdminForm
    formfield_overrides = ASCII_SLUG_FORMFIELDS
    resource_classes = [ProgramResource]
    list_display = [
        "name",
        "category",
        "status",
        "period_display",
        "total_cost_display",
        "publication_badge",
        "updated_at",
    ]
    list_filter = ["publication_state", "status", "category", "site"]
    search_fields = ["name", "slug", "summary", "body", "lead_department"]
    list_select_related = ["category"]
    list_per_page = 50
    date_hierarchy = "updated_at"
    autocomplete_fields = ["cost_source", "site"]
    readonly_fields = ["public_link", "published_at", "created_at", "updated_at"]
    inlines = [
        FundingInline,
        BudgetInline,
        ExecutionInline,
        MilestoneInline,
        OutcomeInline,
        PartnerInline,
        FacilityLinkInline,
        SourceLinkInline,
    ]
    actions = ["publish", "unpublish"]
    history_list_display = ["history_publication_state", "total_cost_display"]
    fieldsets = [
        (
            None,
            {"fields": ["name", "slug", "public_link", "summary", "body", "category", "status"]},
        ),
        (
            "사업 기간과 사업비",
            {
                "fields": [
                    ("start_year", "end_year"),
                    "total_cost",
                    "cost_note",
                    ("cost_source", "cost_quote"),
                ]
            },
        ),
        ("입지와 담당", {"fields": ["site", "lead_department"]}),
        ("공개", {"fields": ["publication_state", "published_at", "created_at", "updated_at"]}),
        ("변경 사유와 공개 예약", {"fields": ["change_reason", "publish_at", "edit_version"]}),
    ]

    class Media:
        js = ["portal/admin/hangul-slug.js"]

    def get_queryset(self, request):
        return Program.private_objects.select_related("category")

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not request.user.has_perm("programs.publish_program"):
            fields.append("publication_state")
        return fields

    def save_model(self, request, obj, form, change):
        if not self.has_publish_permission(request):
            # An editor's save never changes publication: a new program is a draft, and an edited
            # one keeps its saved state (a restored old version carries its own old state).
            obj.publication_state = (
                Program.private_objects.filter(pk=obj.pk)
                .values_list("publication_state", flat=True)
                .first()
                if change
                else None
            ) or Program.PublicationState.DRAFT
        super().save_model(request, obj, form, change)

    @admin.display(description="사업 기간")
    def period_display(self, obj):
        return format_period(obj.start_year, obj.end_year)

    @admin.display(description="총사업비", ordering="total_cost")
    def total_cost_display(self, obj):
        return format_won(obj.total_cost)

    @admin.display(description="공개 상태", ordering="publication_state")
    def publication_badge(self, obj):
        if obj.is_published:
            return "공개"
        return format_html("<strong>{}</strong>", "초안")

    @admin.display(description="공개 상태")
    def history_publication_state(self, record):
        return record.get_publication_state_display()

    @admin.display(description="공개 주소")
    def public_link(self, obj):
        if not obj.pk:
            return "저장하면 주소가 만들어집니다."
        label = "공개 페이지 보기" if obj.is_published else "미리 보기 (초안: 직원에게만 보입니다)"
        return format_html('<a href="{}">{}</a>', obj.get_absolute_url(), label)

    def has_publish_permission(self, request):
        return request.user.has_perm("programs.publish_program")

    @admin.action(description="선택한 사업 공개", permissions=["publish"])
    def publish(self, request, queryset):
        self._set_publication(request, queryset, Program.PublicationState.PUBLISHED)

    @admin.action(description="선택한 사업을 초안으로 전환(비공개)", permissions=["publish"])
    def unpublish(self, request, queryset):
        self._set_publication(request, queryset, Program.PublicationState.DRAFT)

    def _set_publication(self, request, queryset, state):
        changed = 0
        for program in queryset:
            if program.publication_state == state:
                continue
            program.publication_state = state
            program._change_reason = f"공개 상태 변경: {Program.PublicationState(state).label}"
            program._history_user = request.user
            program.save()
            changed += 1
        label = Program.PublicationState(state).label
        self.message_user(
            request, f"{changed}개 사업을 '{label}' 상태로 바꿨습니다.", messages.SUCCESS
        )


@admin.register(Category)
class CategoryAdmin(ReviewedAdminMixin, ChangeReasonAdminMixin, KoreanHistoryAdmin):
    form = ChangeReasonForm
    formfield_overrides = ASCII_SLUG_FORMFIELDS
    list_display = ["name", "slug", "order"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {}
    ordering = ["order", "name"]


@admin.register(ProgramBudget)
class ProgramBudgetAdmin(ReviewedAdminMixin, ChangeReasonAdminMixin, KoreanHistoryAdmin):
    list_display = ["program", "fiscal_year", "amount_display", "source"]
    list_filter = ["fiscal_year"]
    search_fields = ["program__name"]
    autocomplete_fields = ["program", "source"]
    list_select_related = ["program", "source"]

    class form(ChangeReasonForm):
        reason_fields = ("amount", "fiscal_year")
        amount = WonField(label="예산")

        class Meta:
            model = ProgramBudget
            fields = "__all__"

    @admin.display(description="예산", ordering="amount")
    def amount_display(self, obj):
        return format_won(obj.amount)


@admin.register(ProgramPartner)
class ProgramPartnerAdmin(ReviewedAdminMixin, ChangeReasonAdminMixin, KoreanHistoryAdmin):
    form = ChangeReasonForm
    list_display = ["program", "organisation", "role"]
    search_fields = ["program__name", "organisation__name", "role"]
    autocomplete_fields = ["program", "organisation"]
    list_select_related = ["program", "organisation"]


@admin.register(PortfolioYear)
class PortfolioYearAdmin(ReviewedAdminMixin, ChangeReasonAdminMixin, KoreanHistoryAdmin):
    list_display = ["year", "program_count", "amount_display", "source"]
    search_fields = ["description"]
    autocomplete_fields = ["source"]

    class form(ChangeReasonForm):
        reason_fields = ("year", "program_count", "total_amount")
        total_amount = WonField(label="투입 금액")

        class Meta:
            model = PortfolioYear
            fields = ["year", "program_count", "total_amount", "description", "source", "quote"]

    @admin.display(description="투입 금액", ordering="total_amount")
    def amount_display(self, obj):
        return format_won(obj.total_amount)
