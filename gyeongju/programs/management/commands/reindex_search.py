from django.core.management.base import BaseCommand
from django.db import transaction

from gyeongju.programs.search import reindex_all


class Command(BaseCommand):
    help = (
        "사업 검색 색인(두 글자 조각)을 사업의 검색용 텍스트로부터 다시 만듭니다. "
        "관리 화면을 거치지 않고 데이터베이스를 직접 고쳤을 때 실행하세요."
    )

    def handle(self, *args, **options):
        with transaction.atomic():
            count = reindex_all()
        self.stdout.write(f"사업 {count:,}개의 검색 색인을 다시 만들었습니다.")
