import os
import sys
import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand

from gyeongju.staff.backup import write_backup


class Command(BaseCommand):
    help = (
        "전체 자료(공개·초안 사업, 재원, 시설, 성과, 기관, 출처, 변경 이력, 이전 주소, 직원 계정과 "
        "그룹, 관리 기록)를 데이터베이스와 무관한 JSON 백업으로 내보냅니다. 기본은 표준 출력입니다."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            "-o",
            help="백업을 쓸 파일 (없으면 표준 출력). 다 쓴 뒤에야 파일이 생깁니다.",
        )

    def handle(self, *args, output=None, **options):
        if not output:
            self.stdout.ending = ""  # the JSON exactly as written, no line ends added
            counts = write_backup(self.stdout)
        else:
            # Written beside the target and renamed at the end: never a half-written backup.
            target = Path(output).resolve()
            handle = tempfile.NamedTemporaryFile(  # noqa: SIM115 - renamed or removed below
                "w", encoding="utf-8", dir=target.parent, prefix=f".{target.name}.", delete=False
            )
            try:
                with handle:
                    counts = write_backup(handle)
                os.replace(handle.name, target)
            except BaseException:
                Path(handle.name).unlink(missing_ok=True)
                raise
        total = sum(counts.values())
        programs = counts.get("programs.program", 0)
        where = output or "표준 출력"
        # The summary goes to stderr when the backup itself is on stdout.
        report = sys.stderr if not output else self.stdout
        report.write(f"백업을 {where}에 썼습니다: 사업 {programs}건, 전체 {total}행.\n")
