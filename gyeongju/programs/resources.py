from django.core.exceptions import ValidationError
from django.db.models import Sum
from import_export import fields, resources, widgets

from gyeongju.core.importing import (
    ChoiceWidget,
    NaturalKeysWidget,
    NaturalKeyWidget,
    ReasonResourceMixin,
    WonWidget,
    YearWidget,
)
from gyeongju.facilities.models import Facility, Site
from gyeongju.funding.models import Funding, check_funding_within_total
from gyeongju.sources.models import Source

from .models import Category, Program

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
            known = Funding.objects.filter(program_id=instance.pk).aggregate(total=Sum("amount"))
            try:
                check_funding_within_total(instance.total_cost, [known["total"]])
            except ValidationError as error:
                raise ValidationError({"total_cost": error.messages}) from error
