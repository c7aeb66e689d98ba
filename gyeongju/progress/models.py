import datetime as dt

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from gyeongju.core.dates import FIRST_YEAR, LAST_YEAR, year_in_range, year_validators
from gyeongju.core.history import history
from gyeongju.core.managers import managers
from gyeongju.core.money import format_won
from gyeongju.funding.models import FundingKind
from gyeongju.programs.managers import ProgramRowQuerySet

from .rules import Precision, format_planned, period_end

# The one order of a program's execution rows: by year, the year's total before its shares by
# funding kind (국비, 도비 … as funding orders them). Also valid on the history's rows (snapshots).
EXECUTION_ORDER = [
    "fiscal_year",
    models.Case(
        *(
            models.When(kind=kind, then=models.Value(rank))
            for rank, kind in enumerate(FundingKind.values)
        ),
        default=models.Value(-1),
        output_field=models.IntegerField(),
    ),
    "id",
]
# The choice for a year's whole execution (kind left blank), as staff see it.
WHOLE_YEAR = ("", "그해 전체(재원 구분 없음)")
EXECUTION_KINDS = [WHOLE_YEAR, *FundingKind.choices]

# A program's milestones: by planned date, then staff's order.
MILESTONE_ORDER = ["planned_date", "order", "id"]


class Execution(models.Model):
    """집행: what a program has spent of a fiscal year's money by a date (지방재정365's 지출액),
    for the whole year's budget or, optionally, for one funding kind's share of it."""

    program = models.ForeignKey(
        "programs.Program",
        verbose_name="사업",
        on_delete=models.CASCADE,
        related_name="executions",
    )
    fiscal_year = models.PositiveSmallIntegerField("회계연도", validators=year_validators())
    kind = models.CharField(
        "재원",
        max_length=20,
        choices=FundingKind.choices,
        blank=True,
        help_text="비워 두면 그해 전체 집행액입니다. 재원별로 나눈 집행액일 때만 고릅니다.",
    )
    amount = models.BigIntegerField("집행액(원)")
    as_of = models.DateField("기준일", help_text="이 집행액이 집계된 날짜")
    source = models.ForeignKey(
        "sources.Source",
        verbose_name="출처",
        on_delete=models.PROTECT,
        related_name="executions",
        help_text="예: 지방재정365 세부사업별 세출 현황",
    )
    quote = models.CharField("근거 문구", max_length=500, blank=True)
    note = models.CharField("메모", max_length=200, blank=True)

    history = history("집행 변경 이력")
    public_objects, private_objects = managers(ProgramRowQuerySet)

    class Meta:
        verbose_name = "집행 실적"
        verbose_name_plural = "집행 실적"
        ordering = ["program_id", *EXECUTION_ORDER]
        default_manager_name = "private_objects"
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gte=0), name="execution_amount_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["", *FundingKind.values]),
                name="execution_kind_valid",
            ),
            models.CheckConstraint(
                condition=year_in_range("fiscal_year"), name="execution_fiscal_year_range"
            ),
            # One whole-year row (kind "") and one row per funding kind, per year.
            models.UniqueConstraint(
                fields=["program", "fiscal_year", "kind"], name="execution_one_per_year_and_kind"
            ),
        ]
        # The home page and /funding/ add up one fiscal year across the portfolio.
        indexes = [models.Index(fields=["fiscal_year", "program"], name="execution_year_idx")]

    def __str__(self):
        kind = f" {self.get_kind_display()}" if self.kind else ""
        return f"{self.fiscal_year}년{kind} 집행 {format_won(self.amount)}"

    def get_absolute_url(self):
        return self.program.get_absolute_url() + "#execution"

    def clean(self):
        super().clean()
        if self.amount is not None and self.amount < 0:
            raise ValidationError({"amount": "집행액은 0원 이상이어야 합니다."})


class Milestone(models.Model):
    """일정: a phase of a program with its planned date and, once it happened, its actual date."""

    class Phase(models.TextChoices):
        GROUNDBREAKING = "groundbreaking", "착공"
        EQUIPMENT = "equipment", "장비 도입"
        COMPLETION = "completion", "준공"
        OPENING = "opening", "개소"
        PROGRAM_END = "program_end", "사업 종료"
        OTHER = "other", "기타"

    class PlannedPrecision(models.TextChoices):
        DAY = Precision.DAY, "일"
        MONTH = Precision.MONTH, "월"
        YEAR = Precision.YEAR, "연도"

    program = models.ForeignKey(
        "programs.Program",
        verbose_name="사업",
        on_delete=models.CASCADE,
        related_name="milestones",
    )
    phase = models.CharField("단계", max_length=20, choices=Phase.choices)
    name = models.CharField(
        "단계 이름",
        max_length=100,
        blank=True,
        help_text="비워 두면 단계 이름을 그대로 씁니다. 예: 성형지원센터 준공",
    )
    planned_date = models.DateField(
        "예정일",
        help_text="출처가 연도나 월만 밝히면 정밀도를 '연도'나 '월'로 고르세요. 그 기간의 마지막 "
        "날을 기한으로 봅니다.",
    )
    planned_precision = models.CharField(
        "예정일 정밀도",
        max_length=10,
        choices=PlannedPrecision.choices,
        default=PlannedPrecision.DAY,
    )
    actual_date = models.DateField(
        "실제 일자", null=True, blank=True, help_text="실제로 이루어진 날. 모르면 비워 둡니다."
    )
    source = models.ForeignKey(
        "sources.Source",
        verbose_name="예정일 출처",
        on_delete=models.PROTECT,
        related_name="milestones",
    )
    actual_source = models.ForeignKey(
        "sources.Source",
        verbose_name="실제 일자 출처",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="milestones_done",
    )
    quote = models.CharField("근거 문구", max_length=500, blank=True)
    note = models.CharField("메모", max_length=200, blank=True)
    order = models.PositiveSmallIntegerField("표시 순서", default=0)

    history = history("일정 변경 이력")
    public_objects, private_objects = managers(ProgramRowQuerySet)

    class Meta:
        verbose_name = "일정"
        verbose_name_plural = "일정"
        ordering = ["program_id", *MILESTONE_ORDER]
        default_manager_name = "private_objects"
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    phase__in=[
                        "groundbreaking",
                        "equipment",
                        "completion",
                        "opening",
                        "program_end",
                        "other",
                    ]
                ),
                name="milestone_phase_valid",
            ),
            models.CheckConstraint(
                condition=Q(planned_precision__in=["day", "month", "year"]),
                name="milestone_precision_valid",
            ),
            models.CheckConstraint(
                condition=Q(
                    planned_date__gte=dt.date(FIRST_YEAR, 1, 1),
                    planned_date__lte=dt.date(LAST_YEAR, 12, 31),
                ),
                name="milestone_planned_date_range",
            ),
            models.CheckConstraint(
                condition=Q(actual_date__isnull=True)
                | Q(
                    actual_date__gte=dt.date(FIRST_YEAR, 1, 1),
                    actual_date__lte=dt.date(LAST_YEAR, 12, 31),
                ),
                name="milestone_actual_date_range",
            ),
        ]
        # The explorer's 일정 지연 filter: an EXISTS per program over its open or late milestones.
        indexes = [
            models.Index(
                fields=["program", "actual_date", "planned_date"], name="milestone_late_idx"
            )
        ]

    def __str__(self):
        return f"{self.title} ({self.planned_display})"

    def save(self, *args, **kwargs):
        if self.planned_date is not None:
            self.planned_date = period_end(self.planned_date, self.planned_precision)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return self.program.get_absolute_url() + "#schedule"

    @property
    def title(self) -> str:
        return self.name or self.get_phase_display()

    @property
    def planned_display(self) -> str:
        return format_planned(self.planned_date, self.planned_precision)

    def clean(self):
        super().clean()
        # A date stated as a year or month is due on its last day: stored so, so that lateness is
        # one comparison, here and in the explorer's SQL.
        if self.planned_date is not None:
            self.planned_date = period_end(self.planned_date, self.planned_precision)
        if self.actual_date is None and self.actual_source_id is not None:
            raise ValidationError({"actual_source": "실제 일자가 없으면 그 출처도 비워 두세요."})
        # Each public date shows where it comes from: an actual date, like a planned one.
        if self.actual_date is not None and self.actual_source_id is None:
            raise ValidationError(
                {"actual_source": "실제 일자를 적으면 그 날을 밝힌 출처도 골라 주세요."}
            )
