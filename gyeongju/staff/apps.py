from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class StaffConfig(AppConfig):
    name = "gyeongju.staff"
    label = "staff"
    verbose_name = "직원 도구"


class PortalAdminConfig(admin_apps.AdminConfig):
    """django.contrib.admin, on the portal's own site (gyeongju/staff/site.py)."""

    default = False  # named in INSTALLED_APPS; StaffConfig stays this module's default
    default_site = "gyeongju.staff.site.PortalAdminSite"
