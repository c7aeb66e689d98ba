from django.contrib import admin
from django.db import models

from gyeongju.organisations.models import Organisation

from .kit import (
    ASCII_SLUG_FORMFIELDS,
    ChangeReasonAdminMixin,
    ChangeReasonForm,
    KoreanHistoryAdmin,
)
from .reviewed import ReviewedAdminMixin


@admin.register(Organisation)
class OrganisationAdmin(ReviewedAdminMixin, ChangeReasonAdminMixin, KoreanHistoryAdmin):
    form = ChangeReasonForm
    # Addresses typed without a scheme are https:// (Django 6's default, asked for explicitly).
    formfield_overrides = {
        **ASCII_SLUG_FORMFIELDS,
        models.URLField: {"assume_scheme": "https"},
    }
    list_display = ["name", "short_name", "kind", "region"]
    list_filter = ["kind", "region"]
    search_fields = ["name", "short_name", "slug"]

    class Media:
        js = ["portal/admin/hangul-slug.js"]
