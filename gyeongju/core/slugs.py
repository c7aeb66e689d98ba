"""Stable, ASCII slugs: a renamed slug is remembered so the old public URL answers 301."""

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404, HttpResponsePermanentRedirect

from .models import SlugRedirect

ASCII_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
ASCII_SLUG_REGEX = ASCII_SLUG.pattern


ASCII_SLUG_MESSAGE = (
    "주소(slug)는 영문 소문자, 숫자와 하이픈(-)만 쓸 수 있습니다. 예: carbon-recycling"
)


def validate_ascii_slug(value: str) -> None:
    if not ASCII_SLUG.fullmatch(value or ""):
        raise ValidationError(ASCII_SLUG_MESSAGE, code="invalid_slug")


class SlugHistoryMixin(models.Model):
    """On save, record the previous slug as a SlugRedirect (model sets `slug_redirect_kind`)."""

    slug_redirect_kind: str = ""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        previous = None
        if self.pk:
            previous = (
                type(self)._base_manager.filter(pk=self.pk).values_list("slug", flat=True).first()
            )
        super().save(*args, **kwargs)
        if previous and previous != self.slug:
            SlugRedirect.objects.update_or_create(
                kind=self.slug_redirect_kind, old_slug=previous, defaults={"object_id": self.pk}
            )
        # A slug that is live again must not also redirect.
        SlugRedirect.objects.filter(kind=self.slug_redirect_kind, old_slug=self.slug).delete()

    def clean(self):
        super().clean()
        taken = SlugRedirect.objects.filter(kind=self.slug_redirect_kind, old_slug=self.slug)
        if self.pk:
            taken = taken.exclude(object_id=self.pk)
        if self.slug and taken.exists():
            raise ValidationError(
                {"slug": "이 주소는 다른 항목의 이전 주소로 보존되어 있어 쓸 수 없습니다."}
            )


def redirect_renamed(request, slug: str, visible, *, not_found: str):
    """The one answer to a URL whose slug names no record: 301 to the same page under the current
    slug of the record ``slug`` named before a rename, if ``visible`` (what this visitor may see,
    a queryset of a SlugHistoryMixin model) holds it; else 404 with ``not_found``."""
    kind = visible.model.slug_redirect_kind
    object_id = (
        SlugRedirect.objects.filter(kind=kind, old_slug=slug)
        .values_list("object_id", flat=True)
        .first()
    )
    current = (
        visible.filter(pk=object_id).values_list("slug", flat=True).first() if object_id else None
    )
    if not current:
        raise Http404(not_found)
    url = request.path.replace(f"/{slug}/", f"/{current}/", 1)
    query = request.META.get("QUERY_STRING")
    return HttpResponsePermanentRedirect(url + (f"?{query}" if query else ""))
