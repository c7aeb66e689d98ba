from django.db import models
from django.db.models import F, Q

from gyeongju.core.dates import year_validators
from gyeongju.core.history import history
from gyeongju.core.managers import managers
from gyeongju.core.money import format_won
from gyeongju.programs.managers import ProgramRowQuerySet

# The one order of a program's outcomes: the latest year first and undated ones last, then staff's
# order, the same on SQLite and PostgreSQL (left to themselves, they put NULL at opposite ends).
# Also valid on the history's rows (snapshots).
OUTCOME_ORDER = [F("period_year").desc(nulls_last=True), "order", "id"]


class Outcome(models.Model):
    """A program indicator with its evidence: what, how much, target or actual, and how firm."""

    class Indicator(models.TextChoices):
        EXPORT_CONTRACTS = "export_contracts", "수출계약액"
        MOU = "mou", "MOU 체결"
        SUPPORTED_COMPANIES = "supported_companies", "지원 기업 수"
        SUPPORT_CASES = "support_cases", "지원 건수"
        PARTICIPATING_COMPANIES = "participating_companies", "참여 기업 수"
        EQUIPMENT = "equipment", "장비 도입"
        JOBS = "jobs", "일자리"
        OTHER = "other", "기타"

    class Unit(models.TextChoices):
        WON = "won", "원"
        CASES = "cases", "건"
        COMPANIES = "companies", "개사"
        KINDS = "kinds", "종"
        PEOPLE = "people", "명"
        ITEMS = "items", "개"

    class Kind(models.TextChoices):
        TARGET = "target", "목표"
        ACTUAL = "actual", "실적"

    class Maturity(models.TextChoices):
        PLANNED = "planned", "예정"
        SIGNED = "signed", "체결"
        REALISED = "realised", "실현"

    program = models.ForeignKey(
        "programs.Program", verbose_name="사업", on_delete=models.CASCADE, related_name="outcomes"
    )
    indicator = models.CharField("지표", max_length=40, choices=Indicator.choices)
    label = models.CharField(
        "지표 설명",
        max_length=200,
        blank=True,
        help_text="예: 해외바이어 온라인 수출상담회 현장 MOU",
    )
    value = models.BigIntegerField("값")
    unit = models.CharField("단위", max_length=20, choices=Unit.choices)
    kind = models.CharField("구분", max_length=20, choices=Kind.choices)
    maturity = models.CharField(
        "성숙도",
        max_length=20,
        choices=Maturity.choices,
        help_text="예정: 계획·목표 / 체결: 계약·협약 서명 / 실현: 실제로 집행·달성됨",
    )
    period_year = models.PositiveSmallIntegerField(
        "대상 연도", null=True, blank=True, validators=year_validators()
    )
    as_of = models.DateField("기준일")
    source = models.ForeignKey(
        "sources.Source", verbose_name="출처", on_delete=models.PROTECT, related_name="outcomes"
    )
    quote = models.CharField("근거 문구", max_length=500, blank=True)
    note = models.CharField("메모", max_length=300, blank=True)
    order = models.PositiveSmallIntegerField("표시 순서", default=0)

    history = history("성과 변경 이력")
    public_objects, private_objects = managers(ProgramRowQuerySet)

    class Meta:
        verbose_name = "성과"
        verbose_name_plural = "성과"
        ordering = ["program_id", *OUTCOME_ORDER]
        default_manager_name = "private_objects"
        constraints = [
            models.CheckConstraint(condition=Q(value__gte=0), name="outcome_value_not_negative"),
            models.CheckConstraint(
                condition=Q(maturity__in=["planned", "signed", "realised"]),
                name="outcome_maturity_valid",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["target", "actual"]), name="outcome_kind_valid"
            ),
            # A target is by definition not yet realised.
            models.CheckConstraint(
                condition=~Q(kind="target", maturity="realised"), name="outcome_target_not_realised"
            ),
        ]
        indexes = [
            models.Index(fields=["indicator", "maturity"], name="outcome_indicator_idx"),
        ]

    def __str__(self):
        return f"{self.program} — {self.get_indicator_display()} {self.display_value}"

    def get_absolute_url(self):
        return self.program.get_absolute_url() + f"#outcome-{self.pk}"

    @property
    def display_value(self):
        if self.unit == self.Unit.WON:
            return format_won(self.value)
        return f"{self.value:,}{self.get_unit_display()}"

    @property
    def title(self):
        return self.label or self.get_indicator_display()
