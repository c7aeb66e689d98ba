from urllib.parse import quote

from django.db import models
from django.db.models import Q

from gyeongju.core.dates import year_in_range
from gyeongju.core.history import history
from gyeongju.core.links import page_url, slug_url
from gyeongju.core.managers import managers
from gyeongju.core.slugs import SlugHistoryMixin, validate_ascii_slug

from .managers import FacilityQuerySet, SiteQuerySet

# A facility may have been completed before the record's first year (core.dates).
OLDEST_FACILITY = 1950
COORDINATES_BOTH_OR_NEITHER = Q(latitude__isnull=True, longitude__isnull=True) | Q(
    latitude__isnull=False, longitude__isnull=False
)


class Site(models.Model):
    """A place that holds facilities, such as an industrial complex (외동 구어2산단)."""

    class Kind(models.TextChoices):
        INDUSTRIAL_COMPLEX = "industrial_complex", "산업단지"
        RESEARCH_CAMPUS = "research_campus", "연구단지"
        CITYWIDE = "citywide", "시 전역"
        OTHER = "other", "기타"

    name = models.CharField("이름", max_length=100, unique=True)
    slug = models.SlugField(
        "주소(slug)", max_length=100, unique=True, validators=[validate_ascii_slug]
    )
    kind = models.CharField("구분", max_length=30, choices=Kind.choices, default=Kind.OTHER)
    place = models.ForeignKey(
        "places.Place",
        verbose_name="지역(읍·면·동·산업단지)",
        on_delete=models.PROTECT,
        # Required in the admin; empty only for sites recorded before places existed.
        null=True,
        related_name="sites",
        help_text="입지가 있는 읍·면·동, 산업단지라면 그 산업단지(예: 구어2산단, 외동읍 소속).",
    )
    address = models.CharField("주소", max_length=200, blank=True)
    description = models.TextField("설명", blank=True)
    latitude = models.DecimalField("위도", max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField("경도", max_digits=9, decimal_places=6, null=True, blank=True)
    updated_at = models.DateTimeField("수정 일시", auto_now=True)

    history = history("입지 변경 이력")
    public_objects, private_objects = managers(SiteQuerySet)

    class Meta:
        verbose_name = "입지"
        verbose_name_plural = "입지"
        ordering = ["name"]
        default_manager_name = "private_objects"
        constraints = [
            models.CheckConstraint(
                condition=COORDINATES_BOTH_OR_NEITHER, name="site_coordinates_pair"
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return page_url("programs:list") + f"?site={self.slug}"

    @property
    def kakao_map_url(self):
        return kakao_map_url(self.name, self.latitude, self.longitude)


class Facility(SlugHistoryMixin, models.Model):
    """A center or base that a program builds; one facility can serve several programs."""

    name = models.CharField("시설명", max_length=200)
    slug = models.SlugField(
        "주소(slug)", max_length=100, unique=True, validators=[validate_ascii_slug]
    )
    site = models.ForeignKey(
        Site,
        verbose_name="입지",
        on_delete=models.PROTECT,
        related_name="facilities",
        null=True,
        blank=True,
    )
    operator = models.ForeignKey(
        "organisations.Organisation",
        verbose_name="운영 기관",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="operated_facilities",
    )
    description = models.TextField("설명", blank=True)
    equipment_count = models.PositiveSmallIntegerField("도입 장비 수(종)", null=True, blank=True)
    equipment_note = models.CharField(
        "장비 설명", max_length=300, blank=True, help_text="예: 대면적 이온빔 조사장치 등"
    )
    completion_year = models.PositiveSmallIntegerField("준공(예정) 연도", null=True, blank=True)
    latitude = models.DecimalField("위도", max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField("경도", max_digits=9, decimal_places=6, null=True, blank=True)
    source = models.ForeignKey(
        "sources.Source",
        verbose_name="출처",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="facilities",
    )
    quote = models.CharField("근거 문구", max_length=500, blank=True)
    updated_at = models.DateTimeField("수정 일시", auto_now=True)

    history = history("시설 변경 이력")
    public_objects, private_objects = managers(FacilityQuerySet)

    slug_redirect_kind = "facility"

    class Meta:
        verbose_name = "시설"
        verbose_name_plural = "시설"
        ordering = ["name"]
        default_manager_name = "private_objects"
        constraints = [
            models.CheckConstraint(
                condition=COORDINATES_BOTH_OR_NEITHER, name="facility_coordinates_pair"
            ),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True) | Q(latitude__gte=-90, latitude__lte=90),
                name="facility_latitude_range",
            ),
            models.CheckConstraint(
                condition=year_in_range("completion_year", nullable=True, first=OLDEST_FACILITY),
                name="facility_completion_year_range",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return slug_url("facilities:detail", self.slug)

    @property
    def kakao_map_url(self):
        return kakao_map_url(self.name, self.latitude, self.longitude)

    @property
    def has_coordinates(self):
        return self.latitude is not None and self.longitude is not None


def kakao_map_url(name, latitude, longitude):
    """A Kakao map link: a pin when coordinates are known, otherwise None."""
    if latitude is None or longitude is None:
        return None
    return f"https://map.kakao.com/link/map/{quote(name)},{latitude},{longitude}"
