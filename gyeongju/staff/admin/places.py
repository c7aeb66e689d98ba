from django.contrib import admin

from gyeongju.places.models import Place

from .kit import (
    ASCII_SLUG_FORMFIELDS,
    ChangeReasonAdminMixin,
    ChangeReasonForm,
    KoreanHistoryAdmin,
)
from .reviewed import ReviewedAdminMixin


@admin.register(Place)
class PlaceAdmin(ReviewedAdminMixin, ChangeReasonAdminMixin, KoreanHistoryAdmin):
    form = ChangeReasonForm
    formfield_overrides = ASCII_SLUG_FORMFIELDS
    list_display = ["name", "kind", "parent"]
    list_filter = ["kind"]
    search_fields = ["name", "slug"]
    list_select_related = ["parent"]
    autocomplete_fields = ["parent"]

    class Media:
        js = ["portal/admin/hangul-slug.js"]
