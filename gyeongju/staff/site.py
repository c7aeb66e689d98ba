"""The admin site in Korean, whose index shows the review queue (결재) and who may do what."""

from functools import wraps

from django.contrib import admin
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.db.models import Min
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache

from gyeongju.reports.models import ErrorReport
from gyeongju.review.models import Revision
from gyeongju.review.roles import can_publish

from . import signin

# Who may do what (README, and the admin's index).
ROLES = ("편집자", "승인자", "최고 관리자")
PERMISSIONS = [
    ("초안 만들기", "예", "예", "예"),
    ("초안 고치기", "예", "예", "예"),
    ("공개된 자료 고치기", "변경 제안(승인 대기)", "바로 반영(기록 남음)", "바로 반영(기록 남음)"),
    ("변경 제안 승인·반려", "아니요", "예", "예"),
    ("공개 예약(정한 시각에 공개)", "요청만", "예", "예"),
    ("공개·비공개 전환", "아니요", "예", "예"),
    ("공개된 자료 삭제", "아니요(행 삭제는 변경 제안)", "예", "예"),
    ("스프레드시트 가져오기", "변경 제안으로", "바로 반영", "바로 반영"),
    ("이력에서 되돌리기", "변경 제안으로", "바로 반영", "바로 반영"),
]


def review_summary(user) -> dict:
    if not user.is_active or not user.is_staff:
        return {}
    waiting = Revision.objects.filter(status=Revision.Status.PENDING)
    if can_publish(user):
        summary = waiting.aggregate(oldest=Min("created_at"))
        summary["count"] = waiting.count()
        summary["scheduled"] = Revision.objects.filter(status=Revision.Status.SCHEDULED).count()
    else:
        mine = Revision.objects.filter(editor=user)
        summary = {
            "mine_waiting": mine.filter(status=Revision.Status.PENDING).count(),
            "mine_rejected": mine.filter(status=Revision.Status.REJECTED).count(),
        }
    summary["approver"] = can_publish(user)
    return summary


def new_reports(user) -> int | None:
    """How many citizens' error reports wait untouched (접수), for staff who may see them."""
    if not user.is_active or not user.has_perm("reports.view_errorreport"):
        return None
    return ErrorReport.objects.filter(status=ErrorReport.Status.RECEIVED).count()


class PortalAdminSite(admin.AdminSite):
    site_header = "경주시 투자사업 포털 관리"
    site_title = "경주시 투자사업 포털 관리"
    index_title = "자료 관리"
    index_template = "admin/portal_index.html"

    @method_decorator(never_cache)
    def login(self, request, extra_context=None):
        """Django's admin login (AdminSite.login), with the password step that leads on to the
        second factor (gyeongju/staff/signin.py) in place of the plain LoginView."""
        if request.method == "GET" and self.has_permission(request):
            return HttpResponseRedirect(reverse("admin:index", current_app=self.name))
        context = {
            **self.each_context(request),
            "title": "로그인",
            "subtitle": None,
            "app_path": request.get_full_path(),
            "username": request.user.get_username(),
        }
        if REDIRECT_FIELD_NAME not in request.GET and REDIRECT_FIELD_NAME not in request.POST:
            context[REDIRECT_FIELD_NAME] = reverse("admin:index", current_app=self.name)
        context.update(extra_context or {})
        request.current_app = self.name
        return signin.PasswordStep.as_view(
            extra_context=context, next_page=reverse("admin:index", current_app=self.name)
        )(request)

    def signin_page(self, view, *, signed_in: bool):
        """A sign-in screen with the admin's header; ``signed_in`` ones need a complete login."""

        @wraps(view)
        def page(request):
            request.current_app = self.name
            response = view(request)
            if isinstance(response, TemplateResponse):
                response.context_data = {**self.each_context(request), **response.context_data}
            return response

        return self.admin_view(page) if signed_in else never_cache(page)

    def get_urls(self):
        return [
            path(
                "login/code/",
                self.signin_page(signin.verify, signed_in=False),
                name="signin_verify",
            ),
            path(
                "login/app/", self.signin_page(signin.setup, signed_in=False), name="signin_setup"
            ),
            path(
                "login/recovery-codes/",
                self.signin_page(signin.recovery_codes, signed_in=True),
                name="signin_recovery_codes",
            ),
            path(
                "account/security/",
                self.signin_page(signin.account_security, signed_in=True),
                name="account_security",
            ),
            *super().get_urls(),
        ]

    def index(self, request, extra_context=None):
        logins = signin.recent_logins(request.user, 2)
        context = {
            "this_login": logins[0] if logins else None,
            "last_login": logins[1] if len(logins) > 1 else None,
            "review": review_summary(request.user),
            "new_reports": new_reports(request.user),
            "roles": ROLES,
            "permissions": PERMISSIONS,
            **(extra_context or {}),
        }
        return super().index(request, context)
