from django.contrib import admin

from gyeongju.facilities.models import Facility, Site

from .kit import (
    ASCII_SLUG_FORMFIELDS,
    ChangeReasonAdminMixin,
    ChangeReasonForm,
    KoreanHistoryAdmin,
)
from .reviewed import ReviewedAdminMixin


class FacilityAdminForm(ChangeReasonForm):
    reason_fields = ("completion_year",)

    class Meta:
        model = Facility
        fields = "__all__"


@admin.register(Facility)
class FacilityAdmin(ReviewedAdminMixin, ChangeReasonAdminMixin, KoreanHistoryAdmin):
    form = FacilityAdminForm
    formfield_overrides = ASCII_SLUG_FORMFIELDS
    list_display = ["name", "site", "operator", "equipment_display", "completion_year"]
    list_filter = ["site", "completion_year"]
    search_fields = ["name", "slug", "description", "equipment_note"]
    autocomplete_fields = ["site", "operator", "source"]
    list_select_related = ["site", "operator"]

    class Media:
        js = ["portal/admin/hangul-slug.js"]

    @admin.display(description="도입 장비", ordering="equipment_count")
    def equipment_display(self, obj):
        return f"{obj.equipment_count}종" if obj.equipment_count is not None else "미공개"


@admin.register(Site)
class SiteAdmin(ReviewedAdminMixin, ChangeReasonAdminMixin, KoreanHistoryAdmin):
    form = ChangeReasonForm
    formfield_overrides = ASCII_SLUG_FORMFIELDS
    list_display = ["name", "kind", "place", "address"]
    list_filter = ["kind", "place"]
    search_fields = ["name", "slug", "address"]
    list_select_related = ["place"]
    autocomplete_fields = ["place"]

    class Media:
        js = ["portal/admin/hangul-slug.js"]
