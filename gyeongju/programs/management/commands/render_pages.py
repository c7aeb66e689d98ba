from django.core.management.base import BaseCommand

from gyeongju.core.page_cache import refresh
from gyeongju.programs.models import Program

CHUNK = 500


class Command(BaseCommand):
    help = (
        "공개된 모든 사업 페이지를 지금 그려 데이터베이스에 보관합니다. 배포 뒤나 대량 입력 뒤에 "
        "실행하면 첫 방문자도 미리 그려진 페이지를 받습니다(평소에는 수정이 저장될 때 그려집니다)."
    )

    def handle(self, *args, **options):
        slugs = list(Program.public_objects.order_by("pk").values_list("slug", flat=True))
        for start in range(0, len(slugs), CHUNK):
            refresh(Program(slug=slug).get_absolute_url() for slug in slugs[start : start + CHUNK])
            if options["verbosity"] > 1:
                self.stdout.write(f"{min(start + CHUNK, len(slugs)):,}/{len(slugs):,}")
        self.stdout.write(f"사업 페이지 {len(slugs):,}개를 그려 보관했습니다.")
