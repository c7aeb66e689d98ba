from django.conf import settings
from django.core.management.base import BaseCommand

from gyeongju.reports.services import purge


class Command(BaseCommand):
    help = (
        "보존 기간이 지난 자료 오류 신고의 회신 전자우편 주소를 지우고, 보존 기간이 지난 신고를 "
        "삭제합니다. 평소에는 보존 기간이 끝난 뒤 첫 요청이 지우므로, 바로 지울 때만 씁니다."
    )

    def handle(self, *args, **options):
        erased, deleted = purge()
        self.stdout.write(
            f"전자우편 주소 {erased}건을 지웠습니다(접수 후 {settings.REPORT_EMAIL_RETENTION_DAYS}일). "
            f"신고 {deleted}건을 삭제했습니다(접수 후 {settings.REPORT_RETENTION_DAYS}일)."
        )
