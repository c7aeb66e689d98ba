"""What staff import and export as spreadsheets: programs, funding, execution and milestone rows,
columns in Korean."""

from django.core.exceptions import ValidationError
from django.db.models import Sum
from import_export import fields, resources, widgets

from gyeongju.facilities.models import Facility, Site
from gyeongju.funding.models import Funding, FundingKind, check_funding_within_total
from gyeongju.programs.models import Category, Program
from gyeongju.progress.models import Execution, Milestone
from gyeongju.sources.models import Source

from .importing import (
    ChoiceWidget,
    DateWidget,
    NaturalKeysWidget,
    NaturalKeyWidget,
    ReasonResourceMixin,
    WonWidget,
    YearWidget,
)

# An empty cell (None in XLSX) is an empty text, as the form would save it.
TEXT = widgets.CharWidget(allow_blank=True)


class ProgramResource(ReasonResourceMixin, resources.ModelResource):
    """Programs as a spreadsheet, one row each, keyed by slug; columns in Korean."""

    slug = fields.Field("slug", "주소(slug)", widget=TEXT)
    name = fields.Field("name", "사업명", widget=TEXT)
    summary = fields.Field("summary", "요약", widget=TEXT)
    body = fields.Field("body", "본문", widget=TEXT)
    category = fields.Field("category", "분야", widget=NaturalKeyWidget(Category, "name", "분야"))
    status = fields.Field("status", "상태", widget=ChoiceWidget(Program.Status.choices, "상태"))
    start_year = fields.Field("start_year", "시작 연도", widget=YearWidget())
    end_year = fields.Field("end_year", "종료 연도", widget=YearWidget())
    total_cost = fields.Field("total_cost", "총사업비(원)", widget=WonWidget())
    cost_note = fields.Field("cost_note", "총사업비 설명", widget=TEXT)
    cost_source = fields.Field(
        "cost_source", "총사업비 출처 ID", widget=NaturalKeyWidget(Source, "pk", "출처")
    )
    cost_quote = fields.Field("cost_quote", "총사업비 근거 문구", widget=TEXT)
    site = fields.Field("site", "입지", widget=NaturalKeyWidget(Site, "slug", "입지"))
    lead_department = fields.Field("lead_department", "담당 부서", widget=TEXT)
    facilities = fields.Field(
        "facilities", "시설(slug, 쉼표로 구분)", widget=NaturalKeysWidget(Facility, "slug", "시설")
    )
    sources = fields.Field(
        "sources", "출처 ID(쉼표로 구분)", widget=NaturalKeysWidget(Source, "pk", "출처")
    )
    publication_state = fields.Field(
        "publication_state",
        "공개 상태",
        widget=ChoiceWidget(Program.PublicationState.choices, "공개 상태"),
    )

    class Meta:
        model = Program
        import_id_fields = ["slug"]
        fields = [
            "slug",
            "name",
            "summary",
            "body",
            "category",
            "status",
            "start_year",
            "end_year",
            "total_cost",
            "cost_note",
            "cost_source",
            "cost_quote",
            "site",
            "lead_department",
            "facilities",
            "sources",
            "publication_state",
        ]
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True
        use_transactions = True

    def get_queryset(self):
        return Program.private_objects.all()

    def import_instance(self, instance, row, **kwargs):
        before = instance.publication_state if instance.pk else Program.PublicationState.DRAFT
        super().import_instance(instance, row, **kwargs)
        user = kwargs.get("user")
        may_publish = user is not None and user.has_perm("programs.publish_program")
        if instance.publication_state != before and not may_publish:
            raise ValidationError(
                {
                    "publication_state": "공개 상태는 승인자만 바꿀 수 있습니다. 이 열을 원래 값으로 두세요."
                }
            )

    def before_save_instance(self, instance, row, **kwargs):
        super().before_save_instance(instance, row, **kwargs)
        # A lower total may not fall below the funding shares already known (the database refuses
        # it too, on PostgreSQL only at commit): say so on the row instead.
        if instance.pk:
            known = Funding.private_objects.filter(program_id=instance.pk).aggregate(
                total=Sum("amount")
            )
            try:
                check_funding_within_total(instance.total_cost, [known["total"]])
            except ValidationError as error:
                raise ValidationError({"total_cost": error.messages}) from error


class FundingResource(ReasonResourceMixin, resources.ModelResource):
    """Funding rows: ID (empty for a new row), program slug, kind, amount, fiscal year, source."""

    # A number, so an unchanged row compares equal to the stored one (and is skipped).
    id = fields.Field("id", "ID", widget=widgets.IntegerWidget())
    program = fields.Field(
        "program", "사업 주소(slug)", widget=NaturalKeyWidget(Program, "slug", "사업")
    )
    program_name = fields.Field(attribute="program__name", column_name="사업명", readonly=True)
    kind = fields.Field("kind", "재원", widget=ChoiceWidget(FundingKind.choices, "재원"))
    amount = fields.Field("amount", "금액(원)", widget=WonWidget())
    fiscal_year = fields.Field("fiscal_year", "회계연도", widget=YearWidget())
    source = fields.Field("source", "출처 ID", widget=NaturalKeyWidget(Source, "pk", "출처"))
    # An empty cell (None in XLSX) is an empty text, as the form would save it.
    quote = fields.Field("quote", "근거 문구", widget=widgets.CharWidget(allow_blank=True))
    note = fields.Field("note", "메모", widget=widgets.CharWidget(allow_blank=True))

    class Meta:
        model = Funding
        import_id_fields = ["id"]
        fields = [
            "id",
            "program",
            "program_name",
            "kind",
            "amount",
            "fiscal_year",
            "source",
            "quote",
            "note",
        ]
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True
        use_transactions = True

    def get_queryset(self):
        return Funding.private_objects.select_related("program")

    def before_save_instance(self, instance, row, **kwargs):
        super().before_save_instance(instance, row, **kwargs)
        others = (
            Funding.private_objects.filter(program_id=instance.program_id)
            .exclude(pk=instance.pk)
            .aggregate(total=Sum("amount"))["total"]
            or 0
        )
        try:
            check_funding_within_total(instance.program.total_cost, [others, instance.amount])
        except ValidationError as error:
            raise ValidationError({"amount": error.messages}) from error


class ProgramRowResource(ReasonResourceMixin, resources.ModelResource):
    """A program's row: ID (empty for a new row), the program's slug and name, then its fields."""

    # A number, so an unchanged row compares equal to the stored one (and is skipped).
    id = fields.Field("id", "ID", widget=widgets.IntegerWidget())
    program = fields.Field(
        "program", "사업 주소(slug)", widget=NaturalKeyWidget(Program, "slug", "사업")
    )
    program_name = fields.Field(attribute="program__name", column_name="사업명", readonly=True)
    quote = fields.Field("quote", "근거 문구", widget=TEXT)
    note = fields.Field("note", "메모", widget=TEXT)

    class Meta:
        abstract = True

    def get_queryset(self):
        return self._meta.model.private_objects.select_related("program")


class ExecutionResource(ProgramRowResource):
    """집행 실적: one row per program, fiscal year and (optionally) funding kind."""

    fiscal_year = fields.Field("fiscal_year", "회계연도", widget=YearWidget())
    kind = fields.Field(
        "kind", "재원(비우면 전체)", widget=ChoiceWidget([("", ""), *FundingKind.choices], "재원")
    )
    amount = fields.Field("amount", "집행액(원)", widget=WonWidget())
    as_of = fields.Field("as_of", "기준일", widget=DateWidget())
    source = fields.Field("source", "출처 ID", widget=NaturalKeyWidget(Source, "pk", "출처"))

    class Meta:
        model = Execution
        import_id_fields = ["id"]
        fields = [
            "id",
            "program",
            "program_name",
            "fiscal_year",
            "kind",
            "amount",
            "as_of",
            "source",
            "quote",
            "note",
        ]
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True
        use_transactions = True


class MilestoneResource(ProgramRowResource):
    """일정: a program's phases with planned and actual dates."""

    phase = fields.Field("phase", "단계", widget=ChoiceWidget(Milestone.Phase.choices, "단계"))
    name = fields.Field("name", "단계 이름", widget=TEXT)
    planned_date = fields.Field("planned_date", "예정일", widget=DateWidget())
    planned_precision = fields.Field(
        "planned_precision",
        "예정일 정밀도",
        widget=ChoiceWidget(Milestone.PlannedPrecision.choices, "예정일 정밀도"),
    )
    actual_date = fields.Field("actual_date", "실제 일자", widget=DateWidget())
    source = fields.Field("source", "예정일 출처 ID", widget=NaturalKeyWidget(Source, "pk", "출처"))
    actual_source = fields.Field(
        "actual_source", "실제 일자 출처 ID", widget=NaturalKeyWidget(Source, "pk", "출처")
    )
    order = fields.Field("order", "표시 순서", widget=widgets.IntegerWidget())

    class Meta:
        model = Milestone
        import_id_fields = ["id"]
        fields = [
            "id",
            "program",
            "program_name",
            "phase",
            "name",
            "planned_date",
            "planned_precision",
            "actual_date",
            "source",
            "actual_source",
            "quote",
            "note",
            "order",
        ]
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True
        use_transactions = True
