"""The admin site in Korean, whose index shows the review queue (결재) and who may do what."""

from django.contrib import admin
from django.db.models import Min

from gyeongju.review.models import Revision
from gyeongju.review.roles import can_publish

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


class PortalAdminSite(admin.AdminSite):
    site_header = "경주시 투자사업 포털 관리"
    site_title = "경주시 투자사업 포털 관리"
    index_title = "자료 관리"
    index_template = "admin/portal_index.html"

    def index(self, request, extra_context=None):
        context = {
            "review": review_summary(request.user),
            "roles": ROLES,
            "permissions": PERMISSIONS,
            **(extra_context or {}),
        }
        return super().index(request, context)
