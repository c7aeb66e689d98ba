"""Staff accounts: users and groups as Django's admin has them, plus the second factor.

Authenticators and recovery codes are not edited as records (django-otp registers admin pages for
them, with the secret in the form): each person registers their own at sign-in or in 계정 보안, and a
superuser can only reset a colleague's (a lost phone), after which the next login registers anew.
"""

from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.db.models import Exists, OuterRef
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

User = get_user_model()

admin.site.unregister(TOTPDevice)
admin.site.unregister(StaticDevice)
admin.site.unregister(User)
admin.site.unregister(Group)

# Permissions nobody is given through a group: the second factor is each person's own, and
# sessions and content types are the framework's bookkeeping.
UNDELEGATED_APPS = ("otp_totp", "otp_static", "sessions", "contenttypes")


def delegable_permissions():
    return Permission.objects.exclude(content_type__app_label__in=UNDELEGATED_APPS).select_related(
        "content_type"
    )


class DelegablePermissions:
    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name in ("permissions", "user_permissions"):
            kwargs["queryset"] = delegable_permissions()
        return super().formfield_for_manytomany(db_field, request, **kwargs)


@admin.register(User)
class StaffUserAdmin(DelegablePermissions, UserAdmin):
    list_display = (*UserAdmin.list_display, "second_factor")
    actions = ["reset_second_factor"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                has_app=Exists(TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True))
            )
        )

    @admin.display(description="2단계 인증", boolean=True, ordering="has_app")
    def second_factor(self, user):
        return user.has_app

    def has_reset_second_factor_permission(self, request):
        return request.user.is_superuser

    @admin.action(
        description="선택한 사용자의 2단계 인증 초기화(휴대전화 분실 등)",
        permissions=["reset_second_factor"],
    )
    def reset_second_factor(self, request, queryset):
        users = list(queryset)
        with transaction.atomic():
            TOTPDevice.objects.filter(user__in=users).delete()
            StaticDevice.objects.filter(user__in=users).delete()
            for user in users:
                self.log_change(request, user, "2단계 인증 초기화: 인증 앱과 복구 코드 삭제")
        self.message_user(
            request,
            f"{len(users)}명의 인증 앱과 복구 코드를 지웠습니다. 이들은 지금 로그인이 끝나고, "
            "다음 로그인 때 인증 앱을 새로 등록합니다.",
            messages.SUCCESS,
        )


@admin.register(Group)
class StaffGroupAdmin(DelegablePermissions, GroupAdmin):
    pass
