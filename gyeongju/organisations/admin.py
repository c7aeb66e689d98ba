from django.contrib import admin

from .models import Organisation


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "kind", "region"]
    list_filter = ["kind", "region"]
    search_fields = ["name", "short_name", "slug"]

    class Media:
        js = ["portal/admin/hangul-slug.js"]
