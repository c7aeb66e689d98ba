from django.core.management import call_command
from django.core.management.base import BaseCommand

from gyeongju.programs.models import Program


class Command(BaseCommand):
    help = "시드 자료(fixtures/portfolio.json)를 빈 데이터베이스에만 불러옵니다. 직원이 입력한 자료는 건드리지 않습니다."

    def handle(self, *args, **options):
        if Program.private_objects.exists():
            self.stdout.write("데이터가 이미 있어 시드 자료를 다시 불러오지 않습니다.")
            return
        call_command("loaddata", "portfolio", verbosity=options["verbosity"])
