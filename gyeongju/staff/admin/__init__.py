"""The Django admin, where staff keep the record (Django's autodiscover imports this package)."""

from django.contrib import admin

from . import facilities, funding, organisations, outcomes, programs, redirects, sources

admin.site.site_header = "경주시 투자사업 포털 관리"
admin.site.site_title = "경주시 투자사업 포털 관리"
admin.site.index_title = "자료 관리"

__all__ = ["facilities", "funding", "organisations", "outcomes", "programs", "redirects", "sources"]
