from django.db import models

from gyeongju.core.history import history
from gyeongju.core.links import slug_url
from gyeongju.core.managers import managers
from gyeongju.core.slugs import SlugHistoryMixin, validate_ascii_slug

from .managers import OrganisationQuerySet


class Organisation(SlugHistoryMixin, models.Model):
    """A partner or body named in a program: ministries, agencies, institutes, councils, firms."""

    class Kind(models.TextChoices):
        MINISTRY = "ministry", "중앙부처"
        AGENCY = "agency", "공공기관"
        RESEARCH = "research", "연구기관"
        LOCAL_GOVERNMENT = "local_government", "지방자치단체"
        COUNCIL = "council", "협의체"
        UNIVERSITY = "university", "대학"
        COMPANY = "company", "기업"
        COMMITTEE = "committee", "위원회"
        OTHER = "other", "기타"

    name = models.CharField("기관명", max_length=200, unique=True)
    short_name = models.CharField("약칭", max_length=50, blank=True)
    slug = models.SlugField(
        "주소(slug)",
        max_length=100,
        unique=True,
        validators=[validate_ascii_slug],
        help_text="공개 주소에 쓰이는 영문 이름입니다. 바꾸면 이전 주소는 새 주소로 자동 연결됩니다.",
    )
    kind = models.CharField("구분", max_length=20, choices=Kind.choices, default=Kind.OTHER)
    region = models.CharField("지역", max_length=50, blank=True)
    url = models.URLField("누리집", max_length=300, blank=True)
    description = models.TextField("설명", blank=True)
    updated_at = models.DateTimeField("수정 일시", auto_now=True)

    history = history("기관 변경 이력")
    public_objects, private_objects = managers(OrganisationQuerySet)

    slug_redirect_kind = "organisation"
    # Kinds that are part of government: schema.org GovernmentOrganization (core.seo).
    GOVERNMENT_KINDS = (
        Kind.MINISTRY,
        Kind.AGENCY,
        Kind.LOCAL_GOVERNMENT,
        Kind.COMMITTEE,
    )

    class Meta:
        verbose_name = "기관"
        verbose_name_plural = "기관"
        ordering = ["name"]
        default_manager_name = "private_objects"

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return slug_url("organisations:detail", self.slug)

    @property
    def is_government(self):
        return self.kind in self.GOVERNMENT_KINDS
