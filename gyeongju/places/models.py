from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from gyeongju.core.history import history
from gyeongju.core.links import page_url, slug_url
from gyeongju.core.managers import managers
from gyeongju.core.slugs import SlugHistoryMixin, validate_ascii_slug
from gyeongju.facilities.models import kakao_map_url

from .managers import PlaceQuerySet


class Place(SlugHistoryMixin, models.Model):
    """지역: a 읍·면·동 of 경주시, or an industrial complex (산업단지) under its 읍·면.

    Each facilities.Site is in one place; a place's page gathers the programs, facilities, money
    and outcomes of the sites in it (and, for a 읍·면·동, in its complexes)."""

    class Kind(models.TextChoices):
        DISTRICT = "district", "읍·면·동"
        COMPLEX = "complex", "산업단지"

    name = models.CharField("이름", max_length=50, unique=True, help_text="예: 외동읍, 구어2산단")
    slug = models.SlugField(
        "주소(slug)",
        max_length=100,
        unique=True,
        validators=[validate_ascii_slug],
        help_text="공개 주소에 쓰이는 영문 이름입니다. 바꾸면 이전 주소는 새 주소로 자동 연결됩니다.",
    )
    kind = models.CharField("구분", max_length=20, choices=Kind.choices, default=Kind.DISTRICT)
    parent = models.ForeignKey(
        "self",
        verbose_name="속한 읍·면·동",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="complexes",
        help_text="산업단지만 적습니다: 그 단지가 있는 읍·면·동.",
    )
    description = models.TextField("설명", blank=True)
    latitude = models.DecimalField("위도", max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField("경도", max_digits=9, decimal_places=6, null=True, blank=True)
    updated_at = models.DateTimeField("수정 일시", auto_now=True)

    history = history("지역 변경 이력")
    public_objects, private_objects = managers(PlaceQuerySet)

    slug_redirect_kind = "place"

    class Meta:
        verbose_name = "지역"
        verbose_name_plural = "지역"
        ordering = ["name"]
        default_manager_name = "private_objects"
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="district", parent__isnull=True)
                | Q(kind="complex", parent__isnull=False),
                name="place_complex_under_district",
            ),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(latitude__isnull=False, longitude__isnull=False),
                name="place_coordinates_pair",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return slug_url("places:detail", self.slug)

    def natural_key(self):
        return (self.slug,)

    @property
    def explorer_url(self):
        """The explorer filtered to this place: the same programs, with every other filter."""
        return page_url("programs:list") + f"?place={self.slug}"

    @property
    def is_complex(self):
        return self.kind == self.Kind.COMPLEX

    @property
    def kakao_map_url(self):
        return kakao_map_url(self.name, self.latitude, self.longitude)

    def clean(self):
        super().clean()
        if self.kind == self.Kind.COMPLEX and self.parent is None:
            raise ValidationError({"parent": "산업단지는 속한 읍·면·동을 골라 주세요."})
        if self.kind == self.Kind.DISTRICT and self.parent_id is not None:
            raise ValidationError(
                {"parent": "읍·면·동은 다른 지역에 속하지 않습니다. 비워 두세요."}
            )
        if self.parent is not None and self.parent.kind != self.Kind.DISTRICT:
            raise ValidationError({"parent": "산업단지는 읍·면·동 아래에만 둘 수 있습니다."})
