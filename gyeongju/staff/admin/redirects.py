from django.contrib import admin

from gyeongju.core.models import SlugRedirect


@admin.register(SlugRedirect)
class SlugRedirectAdmin(admin.ModelAdmin):
    list_display = ["old_slug", "kind", "object_id", "created_at"]
    list_filter = ["kind"]
    search_fields = ["old_slug"]
    readonly_fields = ["kind", "old_slug", "object_id", "created_at"]

    def has_add_permission(self, request):
        return False
