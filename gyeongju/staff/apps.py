from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class StaffConfig(AppConfig):
    name = "gyeongju.staff"
    label = "staff"
    verbose_name = "직원 도구"

    def ready(self):
        from django.db.models.signals import post_migrate

        from .permissions import name_permissions_in_korean

        # Connected after django.contrib.auth's create_permissions (auth comes first in
        # INSTALLED_APPS), so each app's permissions exist by the time they are renamed.
        post_migrate.connect(name_permissions_in_korean, dispatch_uid="staff.korean_permissions")


class PortalAdminConfig(admin_apps.AdminConfig):
    """django.contrib.admin, on the portal's own site (gyeongju/staff/site.py)."""

    default = False  # named in INSTALLED_APPS; StaffConfig stays this module's default
    default_site = "gyeongju.staff.site.PortalAdminSite"
