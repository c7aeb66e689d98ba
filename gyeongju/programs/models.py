from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.functional import cached_property

from gyeongju.core.dates import year_in_range, year_validators
from gyeongju.core.history import history
from gyeongju.core.links import page_url, slug_url
from gyeongju.core.managers import managers
from gyeongju.core.money import format_won
from gyeongju.core.slugs import ASCII_SLUG_REGEX, SlugHistoryMixin, validate_ascii_slug
from gyeongju.funding.models import funding_summary, unallocated_cost

from .managers import (
    CategoryQuerySet,
    ProgramQuerySet,
    ProgramRowQuerySet,
    PublicationState,
)


class Category(models.Model):
    """분야: the economic area a program belongs to."""

    name = models.CharField("분야명", max_length=50, unique=True)
    slug = models.SlugField(
        "주소(slug)", max_length=50, unique=True, validators=[validate_ascii_slug]
    )
    description = models.CharField("설명", max_length=300, blank=True)
    order = models.PositiveSmallIntegerField("표시 순서", default=0)

    history = history("분야 변경 이력")
    public_objects, private_objects = managers(CategoryQuerySet)

    class Meta:
        verbose_name = "분야"
        verbose_name_plural = "분야"
        ordering = ["order", "name"]
        default_manager_name = "private_objects"

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return page_url("programs:list") + f"?category={self.slug}"


class Program(SlugHistoryMixin, models.Model):
    """사업: one economic program of the city, public once an approver publishes it."""

    class Status(models.TextChoices):
        PLANNED = "planned", "계획"
        ONGOING = "ongoing", "추진 중"
        COMPLETED = "completed", "완료"

    PublicationState = PublicationState

    name = models.CharField("사업명", max_length=200)
    slug = models.SlugField(
        "주소(slug)",
        max_length=100,
        unique=True,
        validators=[validate_ascii_slug],
        help_text="공개 주소에 쓰이는 영문 이름입니다. 바꾸면 이전 주소는 새 주소로 자동 연결됩니다.",
    )
    summary = models.TextField(
        "요약", max_length=500, help_text="목록과 미리보기에 쓰이는 한두 문장"
    )
    body = models.TextField("본문", blank=True, help_text="사업 내용. 빈 줄로 문단을 나눕니다.")
    category = models.ForeignKey(
        Category, verbose_name="분야", on_delete=models.PROTECT, related_name="programs"
    )
    status = models.CharField("상태", max_length=20, choices=Status.choices, default=Status.PLANNED)
    start_year = models.PositiveSmallIntegerField(
        "시작 연도", null=True, blank=True, validators=year_validators()
    )
    end_year = models.PositiveSmallIntegerField(
        "종료 연도", null=True, blank=True, validators=year_validators()
    )
    total_cost = models.BigIntegerField(
        "총사업비(원)",
        null=True,
        blank=True,
        help_text="원 단위 정수. 알려지지 않았으면 비워 둡니다.",
    )
    cost_note = models.CharField(
        "총사업비 설명", max_length=200, blank=True, help_text="예: 국비 등 (재원 구성 미공개)"
    )
    cost_source = models.ForeignKey(
        "sources.Source",
        verbose_name="총사업비 출처",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="costed_programs",
    )
    cost_quote = models.CharField("총사업비 근거 문구", max_length=500, blank=True)
    site = models.ForeignKey(
        "facilities.Site",
        verbose_name="입지",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="programs",
    )
    lead_department = models.CharField("담당 부서", max_length=100, blank=True)
    facilities = models.ManyToManyField(
        "facilities.Facility", verbose_name="시설", blank=True, related_name="programs"
    )
    sources = models.ManyToManyField(
        "sources.Source", verbose_name="출처", blank=True, related_name="programs"
    )
    partners = models.ManyToManyField(
        "organisations.Organisation",
        verbose_name="참여 기관",
        through="ProgramPartner",
        blank=True,
        related_name="programs",
    )
    publication_state = models.CharField(
        "공개 상태",
        max_length=20,
        choices=PublicationState.choices,
        default=PublicationState.DRAFT,
        db_index=True,
    )
    published_at = models.DateTimeField("최초 공개 일시", null=True, blank=True, editable=False)
    created_at = models.DateTimeField("등록 일시", default=timezone.now, editable=False)
    updated_at = models.DateTimeField(
        "최종 수정", default=timezone.now, editable=False, db_index=True
    )
    # Moves on every change to anything the program page shows (also a linked facility or source):
    # the page cache, ETag and Last-Modified key on it; the admin uses it for optimistic locking.
    version = models.PositiveIntegerField("편집 버전", default=1, editable=False)
    # Name, summary, body, 분야, 입지 and department in one column: one LIKE per search word, served on
    # PostgreSQL by a pg_trgm GIN index (programs/migrations/0004_search_indexes).
    search_text = models.TextField("검색용 텍스트", blank=True, editable=False)
    changed_at = models.DateTimeField("페이지 변경 일시", default=timezone.now, editable=False)

    history = history("사업 변경 이력")
    public_objects, private_objects = managers(ProgramQuerySet)

    slug_redirect_kind = "program"
    # Changing one of these needs a 변경 사유 from staff, shown in the public history.
    MONEY_AND_SCHEDULE_FIELDS = ("total_cost", "start_year", "end_year")

    class Meta:
        verbose_name = "사업"
        verbose_name_plural = "사업"
        ordering = ["-updated_at", "name"]
        default_manager_name = "private_objects"
        permissions = [("publish_program", "사업을 공개하거나 비공개로 전환할 수 있음")]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_year__isnull=True)
                | Q(start_year__isnull=True)
                | Q(end_year__gte=F("start_year")),
                name="program_end_after_start",
            ),
            models.CheckConstraint(
                condition=year_in_range("start_year", nullable=True),
                name="program_start_year_range",
            ),
            models.CheckConstraint(
                condition=year_in_range("end_year", nullable=True),
                name="program_end_year_range",
            ),
            models.CheckConstraint(
                condition=Q(total_cost__isnull=True) | Q(total_cost__gte=0),
                name="program_total_cost_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(slug__regex=ASCII_SLUG_REGEX), name="program_slug_ascii"
            ),
            models.CheckConstraint(
                condition=Q(publication_state__in=PublicationState.values),
                name="program_publication_state_valid",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["planned", "ongoing", "completed"]),
                name="program_status_valid",
            ),
        ]
        indexes = [
            models.Index(
                fields=["publication_state", "-updated_at"], name="program_pub_updated_idx"
            ),
            # Also covering, for the amount range filters with any other filter.
            models.Index(
                fields=[
                    "publication_state",
                    "total_cost",
                    "status",
                    "category",
                    "start_year",
                    "end_year",
                    "site",
                    "name",
                    "updated_at",
                ],
                include=["id"],
                name="program_pub_cost_idx",
            ),
            models.Index(fields=["publication_state", "name"], name="program_pub_name_idx"),
            models.Index(fields=["start_year", "end_year"], name="program_period_idx"),
            # Covers the explorer: its filters and sort keys, so a filtered count and the page's ids
            # are read from this index alone, never from the wide rows. The page's rows are then
            # fetched by id (core.filters.RowsById).
            models.Index(
                fields=[
                    "publication_state",
                    "status",
                    "category",
                    "start_year",
                    "end_year",
                    "total_cost",
                    "site",
                    "name",
                    "updated_at",
                ],
                # SQLite keeps the row id in every index (settings silence models.W040 for it);
                # PostgreSQL needs it included, or a filter on related rows
                # (pk IN (SELECT program_id …)) reads the wide rows.
                include=["id"],
                name="program_explorer_idx",
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if self.is_published and self.published_at is None:
            self.published_at = timezone.now()
        adding = self._state.adding
        if not kwargs.get("update_fields"):
            self.updated_at = self.changed_at = timezone.now()
            self.search_text = self.build_search_text()
        # Counted in the database, so concurrent saves can never reuse a version; counted before
        # the row is written, so this copy's own (maybe old: a restore) version is never saved.
        if not adding and type(self)._base_manager.filter(pk=self.pk).update(
            version=F("version") + 1
        ):
            self.refresh_from_db(fields=["version"])
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return slug_url("programs:detail", self.slug)

    @property
    def is_published(self):
        return self.publication_state == self.PublicationState.PUBLISHED

    def clean(self):
        super().clean()
        if self.start_year and self.end_year and self.end_year < self.start_year:
            raise ValidationError({"end_year": "종료 연도는 시작 연도보다 앞설 수 없습니다."})
        if self.total_cost is not None and self.total_cost < 0:
            raise ValidationError({"total_cost": "총사업비는 0원 이상이어야 합니다."})

    def build_search_text(self) -> str:
        parts = [self.name, self.summary, self.body, self.lead_department]
        if self.category_id:
            parts.append(self.category.name)
        if self.site_id:
            parts.append(self.site.name)
        return "\n".join(part for part in parts if part)

    # Who pays: read from the prefetched funding rows (selectors), never a query per program.

    @cached_property
    def funding_rows(self):
        return list(self.funding.all())

    @property
    def unallocated_cost(self):
        """The part of the total cost that no known funding row accounts for (None if unknown)."""
        return unallocated_cost(self.total_cost, self.funding_rows)

    @property
    def funding_summary(self):
        """국비 90억원 외 재원 구성 미공개 — the honest one-line account of who pays."""
        return funding_summary(self.total_cost, self.funding_rows)


class ProgramBudget(models.Model):
    """연도별 예산: the amount a program gets in one fiscal year, whatever the source."""

    program = models.ForeignKey(
        Program, verbose_name="사업", on_delete=models.CASCADE, related_name="budgets"
    )
    fiscal_year = models.PositiveSmallIntegerField("회계연도", validators=year_validators())
    amount = models.BigIntegerField("예산(원)")
    source = models.ForeignKey(
        "sources.Source", verbose_name="출처", on_delete=models.PROTECT, null=True, blank=True
    )
    quote = models.CharField("근거 문구", max_length=500, blank=True)
    note = models.CharField("메모", max_length=200, blank=True)

    history = history("연도별 예산 변경 이력")
    public_objects, private_objects = managers(ProgramRowQuerySet)

    class Meta:
        verbose_name = "연도별 예산"
        verbose_name_plural = "연도별 예산"
        ordering = ["program_id", "fiscal_year"]
        default_manager_name = "private_objects"
        constraints = [
            models.UniqueConstraint(
                fields=["program", "fiscal_year"], name="programbudget_one_per_year"
            ),
            models.CheckConstraint(
                condition=Q(amount__gte=0), name="programbudget_amount_not_negative"
            ),
            models.CheckConstraint(
                condition=year_in_range("fiscal_year"), name="programbudget_fiscal_year_range"
            ),
        ]
        # The explorer's year filter asks which programs have a budget in a given year.
        indexes = [models.Index(fields=["fiscal_year", "program"], name="budget_year_program_idx")]

    def __str__(self):
        return f"{self.program} {self.fiscal_year}년 {format_won(self.amount)}"

    def get_absolute_url(self):
        return self.program.get_absolute_url()


class ProgramPartner(models.Model):
    """An organisation's part in a program: 협업, 공모 주관, 참여 예정, 심의 …"""

    program = models.ForeignKey(
        Program, verbose_name="사업", on_delete=models.CASCADE, related_name="partnerships"
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name="기관",
        on_delete=models.PROTECT,
        related_name="partnerships",
    )
    role = models.CharField("역할", max_length=100)
    note = models.CharField("메모", max_length=300, blank=True)
    order = models.PositiveSmallIntegerField("표시 순서", default=0)

    history = history("참여 기관 변경 이력")
    public_objects, private_objects = managers(ProgramRowQuerySet)

    class Meta:
        verbose_name = "참여 기관"
        verbose_name_plural = "참여 기관"
        ordering = ["program_id", "order", "id"]
        default_manager_name = "private_objects"
        constraints = [
            models.UniqueConstraint(
                fields=["program", "organisation", "role"], name="programpartner_unique_role"
            )
        ]

    def __str__(self):
        return f"{self.organisation} ({self.role})"


class StatementQuerySet(models.QuerySet):
    def public(self):
        """The city's stated totals are public as soon as they are recorded."""
        return self.all()


class PortfolioYear(models.Model):
    """연도별 총괄: the city's own stated totals for a year. A statement, never a sum of programs."""

    year = models.PositiveSmallIntegerField("연도", unique=True, validators=year_validators())
    program_count = models.PositiveSmallIntegerField("사업 수")
    total_amount = models.BigIntegerField("투입 금액(원)")
    description = models.CharField("설명", max_length=300, blank=True)
    source = models.ForeignKey(
        "sources.Source",
        verbose_name="출처",
        on_delete=models.PROTECT,
        related_name="portfolio_years",
    )
    quote = models.CharField("근거 문구", max_length=500, blank=True)
    updated_at = models.DateTimeField("수정 일시", auto_now=True)

    history = history("연도별 총괄 변경 이력")
    public_objects, private_objects = managers(StatementQuerySet)

    class Meta:
        verbose_name = "연도별 총괄"
        verbose_name_plural = "연도별 총괄"
        ordering = ["-year"]
        default_manager_name = "private_objects"
        constraints = [
            models.CheckConstraint(
                condition=Q(total_amount__gte=0), name="portfolioyear_amount_not_negative"
            ),
            models.CheckConstraint(
                condition=year_in_range("year"), name="portfolioyear_year_range"
            ),
        ]

    def __str__(self):
        return f"{self.year}년 {self.program_count}개 사업 {format_won(self.total_amount)}"

    def get_absolute_url(self):
        return page_url("home")


class SearchGram(models.Model):
    """Every two-character piece of a program's search text: the explorer's search index.

    Korean search words are often two syllables (탄소, 수출), which no trigram index can serve, so
    without this every search would read the whole program table, twice (to count and to show a
    page). Derived from ``Program.search_text`` by ``gyeongju.programs.search``; never edited,
    never backed up (rebuilt on restore).
    """

    gram = models.CharField("두 글자", max_length=2)
    program = models.ForeignKey(
        Program,
        verbose_name="사업",
        # Kept in step by search.index_programs() and a post_delete receiver: a cascade through
        # the ORM would load and signal ~150 rows for each deleted program.
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )

    class Meta:
        verbose_name = "검색 색인"
        verbose_name_plural = "검색 색인"
        default_permissions = ()
        indexes = [models.Index(fields=["gram", "program"], name="searchgram_gram_program_idx")]

    def __str__(self):
        return f"{self.gram} → {self.program_id}"
