from django.core.exceptions import ValidationError
from django.db.models import Sum
from import_export import fields, resources, widgets

from gyeongju.core.importing import (
    ChoiceWidget,
    NaturalKeyWidget,
    ReasonResourceMixin,
    WonWidget,
    YearWidget,
)
from gyeongju.programs.models import Program
from gyeongju.sources.models import Source

from .models import Funding, FundingKind, check_funding_within_total


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
        return Funding.objects.select_related("program")

    def before_save_instance(self, instance, row, **kwargs):
        super().before_save_instance(instance, row, **kwargs)
        others = (
            Funding.objects.filter(program_id=instance.program_id)
            .exclude(pk=instance.pk)
            .aggregate(total=Sum("amount"))["total"]
            or 0
        )
        try:
            check_funding_within_total(instance.program.total_cost, [others, instance.amount])
        except ValidationError as error:
            raise ValidationError({"amount": error.messages}) from error
