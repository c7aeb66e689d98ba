from django.contrib import admin
from django.db import models

from gyeongju.sources.models import Source

from .kit import ChangeReasonAdminMixin, ChangeReasonForm, KoreanHistoryAdmin
from .reviewed import ReviewedAdminMixin


@admin.register(Source)
class SourceAdmin(ReviewedAdminMixin, ChangeReasonAdminMixin, KoreanHistoryAdmin):
    form = ChangeReasonForm
    # Addresses typed without a scheme are https:// (Django 6's default, asked for explicitly).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ["title", "publisher", "kind", "published_on"]
    list_filter = ["kind", "publisher"]
    search_fields = ["title", "publisher", "text"]
    date_hierarchy = "published_on"
