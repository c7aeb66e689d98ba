from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, F, IntegerField, Q, Value, When

from gyeongju.core.dates import year_in_range, year_validators
from gyeongju.core.history import history
from gyeongju.core.links import slug_url
from gyeongju.core.managers import managers
from gyeongju.core.money import format_won
from gyeongju.programs.managers import ProgramRowQuerySet


class FundingKind(models.TextChoices):
    """Whose money: the slug doubles as the public URL (/funding/national/)."""

    NATIONAL = "national", "국비"
    PROVINCIAL = "provincial", "도비"
    CITY = "city", "시비"
    PRIVATE = "private", "민자"
    OTHER = "other", "기타"

    @classmethod
    def descriptions(cls):
        return {
            cls.NATIONAL: "중앙정부(국가)가 부담하는 재원",
            cls.PROVINCIAL: "경상북도가 부담하는 재원",
            cls.CITY: "경주시가 부담하는 재원",
            cls.PRIVATE: "민간 기업·기관이 부담하는 재원",
            cls.OTHER: "위에 속하지 않는 재원(기금 등)",
        }

    @property
    def url(self):
        return slug_url("funding:detail", self.value)


# The one order of a program's funding rows: 국비, 도비, 시비, 민자, 기타 (the Korean convention, not
# the codes' alphabet), a whole-period amount before yearly ones, the same on SQLite and
# PostgreSQL. Also valid on the history's rows (snapshots).
FUNDING_ORDER = [
    Case(
        *(When(kind=kind, then=Value(rank)) for rank, kind in enumerate(FundingKind.values)),
        output_field=IntegerField(),
    ),
    F("fiscal_year").asc(nulls_first=True),
    "id",
]


def unallocated_cost(total_cost: int | None, rows) -> int | None:
    """The part of a total cost that no known funding row accounts for (None if unknown)."""
    if total_cost is None:
        return None
    return max(total_cost - sum(row.amount for row in rows), 0)


def funding_summary(total_cost: int | None, rows) -> str:
    """국비 90억원 외 재원 구성 미공개 — the honest one-line account of who pays."""
    if not rows:
        return "재원 구성 미공개"
    known = ", ".join(f"{row.get_kind_display()} {format_won(row.amount)}" for row in rows)
    if total_cost is not None and sum(row.amount for row in rows) >= total_cost:
        return known
    return f"{known} 외 재원 구성 미공개"


class Funding(models.Model):
    """One known share of a program's money by source kind, optionally for one fiscal year."""

    program = models.ForeignKey(
        "programs.Program", verbose_name="사업", on_delete=models.CASCADE, related_name="funding"
    )
    kind = models.CharField("재원", max_length=20, choices=FundingKind.choices)
    amount = models.BigIntegerField("금액(원)")
    fiscal_year = models.PositiveSmallIntegerField(
        "회계연도",
        null=True,
        blank=True,
        validators=year_validators(),
        help_text="비워 두면 사업 기간 전체의 금액입니다.",
    )
    source = models.ForeignKey(
        "sources.Source", verbose_name="출처", on_delete=models.PROTECT, null=True, blank=True
    )
    quote = models.CharField("근거 문구", max_length=500, blank=True)
    note = models.CharField("메모", max_length=200, blank=True)

    history = history("재원 변경 이력")
    public_objects, private_objects = managers(ProgramRowQuerySet)

    class Meta:
        verbose_name = "재원"
        verbose_name_plural = "재원"
        ordering = ["program_id", *FUNDING_ORDER]
        default_manager_name = "private_objects"
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=0), name="funding_amount_not_negative"),
            models.CheckConstraint(
                condition=Q(kind__in=FundingKind.values), name="funding_kind_valid"
            ),
            models.CheckConstraint(
                condition=year_in_range("fiscal_year", nullable=True),
                name="funding_fiscal_year_range",
            ),
            models.UniqueConstraint(
                fields=["program", "kind"],
                condition=Q(fiscal_year__isnull=True),
                name="funding_one_total_per_kind",
            ),
            models.UniqueConstraint(
                fields=["program", "kind", "fiscal_year"],
                condition=Q(fiscal_year__isnull=False),
                name="funding_one_per_kind_and_year",
            ),
        ]
        indexes = [
            models.Index(fields=["kind", "program"], name="funding_kind_program_idx"),
            # The explorer's year filter asks which programs have funding in a given year.
            models.Index(fields=["fiscal_year", "program"], name="funding_year_program_idx"),
        ]

    def __str__(self):
        year = f" ({self.fiscal_year}년)" if self.fiscal_year else ""
        return f"{self.get_kind_display()} {format_won(self.amount)}{year}"

    def get_absolute_url(self):
        return self.program.get_absolute_url()

    def clean(self):
        super().clean()
        if self.amount is not None and self.amount < 0:
            raise ValidationError({"amount": "금액은 0원 이상이어야 합니다."})


def check_funding_within_total(total_cost, amounts):
    """Known shares may never add up to more than the program's total cost."""
    if total_cost is None:
        return
    known = sum(a for a in amounts if a is not None)
    if known > total_cost:
        raise ValidationError(
            f"재원별 금액의 합({format_won(known)})이 총사업비({format_won(total_cost)})를 넘습니다.",
            code="funding_above_total",
        )
