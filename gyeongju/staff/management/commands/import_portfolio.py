from django.core.cache import cache
from django.core.management.base import BaseCommand

from gyeongju.staff.backup import read_backup, restore_backup


class Command(BaseCommand):
    help = (
        "export_portfolio로 만든 백업을 빈 데이터베이스(migrate만 실행한 상태)에 그대로 복원합니다. "
        "자료가 있는 데이터베이스에는 복원하지 않습니다."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="백업 파일 (export_portfolio --output으로 만든 JSON)")

    def handle(self, *args, file, **options):
        restored = restore_backup(read_backup(file))
        # Cached pages are keyed on data versions the backup brings back: start from a clean cache.
        cache.clear()
        total = sum(restored.values())
        programs = restored.get("programs.program", 0)
        self.stdout.write(f"복원했습니다: 사업 {programs}건, 전체 {total}행.")
