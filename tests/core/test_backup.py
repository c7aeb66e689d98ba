"""Backups: export_portfolio writes everything, import_portfolio restores it into an empty
database identically — drafts, history with reasons and staff, old slugs, accounts, groups."""

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Group, User
from django.contrib.contenttypes.models import ContentType
from django.core.management import CommandError, call_command

from gyeongju.core.models import ContentVersion, SlugRedirect
from gyeongju.funding.models import Funding
from gyeongju.programs.models import Program
from gyeongju.review.models import Revision
from gyeongju.review.records import PROGRAM, snapshot
from tests.factories import EOK, FundingFactory, ProgramFactory, staff_user
from tests.public import Visitor

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def fast_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def record(seed):
    """The seed portfolio after a few months of staff work: edits with reasons by named staff,
    a renamed slug, a draft, a deleted funding row, an admin log entry."""
    for name in ("편집자", "승인자"):  # made by a migration, gone after a transactional test
        Group.objects.get_or_create(name=name)
    editor = staff_user("minji", group="편집자")
    staff_user("seojun", group="승인자")
    program = Program.public_objects.order_by("pk").first()
    program.total_cost = (program.total_cost or 0) + 10 * EOK
    program._change_reason = "2021년 본예산 확정"
    program._history_user = editor
    program.save()
    old_slug = program.slug
    program.slug = "renamed-" + old_slug[:80]
    program._change_reason = "주소 정리"
    program.save()
    draft = ProgramFactory(
        name="공개 전 초안 사업",
        slug="draft-program",
        publication_state=Program.PublicationState.DRAFT,
        total_cost=50 * EOK,
    )
    row = FundingFactory(program=draft, amount=20 * EOK)
    row._change_reason = "중복 입력 삭제"
    row.delete()
    FundingFactory(program=draft, amount=10 * EOK, note="시비 확보 예정")
    LogEntry.objects.log_actions(
        user_id=editor.pk, queryset=[draft], action_flag=2, change_message="초안 수정"
    )
    # A proposal waiting for an approver: an editor's typing, not yet public.
    before = snapshot(PROGRAM, program.pk)
    Revision.objects.create(
        content_type=ContentType.objects.get_for_model(Program),
        object_id=program.pk,
        title=program.name,
        before=before,
        after={**before, "fields": {**before["fields"], "summary": "승인을 기다리는 새 요약"}},
        editor=editor,
        reason="요약 다듬기",
    )
    return {"program": program, "old_slug": old_slug, "draft": draft}


def export() -> dict:
    out = io.StringIO()
    call_command("export_portfolio", stdout=out)
    return json.loads(out.getvalue())


def objects_of(dump) -> list:
    return dump["objects"]


def public_pages(record) -> dict[str, bytes]:
    web = Visitor()
    slug = record["program"].slug
    urls = [
        "/",
        "/programs/",
        f"/programs/?q={record['program'].name[:2]}",  # the search index is rebuilt
        f"/programs/{slug}/",
        f"/programs/{slug}/history/",
        f"/programs/{record['old_slug']}/",
        "/programs/draft-program/",
        "/data/programs.csv",
    ]
    pages = {}
    for url in urls:
        response = web.get(url)
        pages[url] = (
            response.status_code,
            response.get("Location"),
            response.body if response.streaming else response.content,
        )
    return pages


@pytest.mark.django_db
def test_the_export_holds_every_kind_of_record(record):
    dump = export()
    assert dump["format"] == "gyeongju-portfolio"
    models = {obj["model"] for obj in objects_of(dump)}
    for model in (
        "programs.program",
        "programs.historicalprogram",
        "programs.programbudget",
        "programs.programpartner",
        "programs.category",
        "programs.portfolioyear",
        "funding.funding",
        "funding.historicalfunding",
        "facilities.facility",
        "facilities.site",
        "outcomes.outcome",
        "outcomes.historicaloutcome",
        "progress.milestone",  # the seed's planned dates
        "progress.historicalmilestone",
        "organisations.organisation",
        "sources.source",
        "core.slugredirect",
        "core.contentversion",
        "auth.user",
        "auth.group",
        "admin.logentry",
        "review.revision",
    ):
        assert model in models, model
    for model, count in dump["counts"].items():
        assert sum(1 for obj in objects_of(dump) if obj["model"] == model) == count, model
    programs = [o for o in objects_of(dump) if o["model"] == "programs.program"]
    assert Program.private_objects.count() == len(programs)
    assert any(o["fields"]["publication_state"] == "draft" for o in programs)  # drafts too
    history = [o for o in objects_of(dump) if o["model"] == "programs.historicalprogram"]
    reasons = {o["fields"]["history_change_reason"] for o in history}
    assert "2021년 본예산 확정" in reasons
    assert any(o["fields"]["history_user"] == ["minji"] for o in history)
    deleted = [o for o in objects_of(dump) if o["model"] == "funding.historicalfunding"]
    assert any(o["fields"]["history_type"] == "-" for o in deleted)
    users = {o["fields"]["username"]: o for o in objects_of(dump) if o["model"] == "auth.user"}
    assert users["minji"]["fields"]["groups"] == [["편집자"]]
    assert users["minji"]["fields"]["password"].startswith("md5$")  # the hash, never a password


@pytest.mark.django_db(transaction=True)
def test_export_flush_import_gives_back_every_row_and_every_page(record, tmp_path):
    before_pages = public_pages(record)
    backup = tmp_path / "backup.json"
    call_command("export_portfolio", output=str(backup), stdout=io.StringIO())
    before = json.loads(backup.read_text(encoding="utf-8"))

    call_command("flush", interactive=False, verbosity=0)
    assert not Program.private_objects.exists()
    assert not Group.objects.exists()
    out = io.StringIO()
    call_command("import_portfolio", str(backup), stdout=out)
    assert "복원했습니다" in out.getvalue()

    after = export()
    assert objects_of(after) == objects_of(before)
    assert after["counts"] == before["counts"]
    assert public_pages(record) == before_pages  # the same pages, the old slug still redirects

    # The restored accounts work, and new rows get fresh ids (sequences follow the restored ones).
    assert User.objects.get(username="minji").check_password("correct horse battery staple")
    assert User.objects.get(username="minji").groups.filter(name="편집자").exists()
    waiting = Revision.objects.get(status=Revision.Status.PENDING)
    assert waiting.after["fields"]["summary"] == "승인을 기다리는 새 요약"
    assert waiting.editor.username == "minji" and waiting.object_id == record["program"].pk
    assert waiting.content_type.model_class() is Program
    version = ContentVersion.objects.get().counter
    new = ProgramFactory(slug="after-restore")
    FundingFactory(program=new, amount=EOK)
    assert new.pk > max(o["pk"] for o in objects_of(before) if o["model"] == "programs.program")
    assert ContentVersion.objects.get().counter > version  # edits move the cache version again
    new.name = "복원 뒤 수정"
    new._change_reason = "복원 확인"
    new.save()
    assert new.history.count() == 2


@pytest.mark.django_db
def test_import_refuses_a_database_that_is_not_empty(record, tmp_path):
    backup = tmp_path / "backup.json"
    call_command("export_portfolio", output=str(backup), stdout=io.StringIO())
    rows = (
        Program.private_objects.count(),
        Funding.private_objects.count(),
        SlugRedirect.objects.count(),
    )
    with pytest.raises(CommandError) as refused:
        call_command("import_portfolio", str(backup), stdout=io.StringIO())
    message = str(refused.value)
    assert "데이터베이스가 비어 있지 않아 복원하지 않았습니다" in message
    assert "사업 " in message
    assert (
        Program.private_objects.count(),
        Funding.private_objects.count(),
        SlugRedirect.objects.count(),
    ) == rows


@pytest.mark.django_db(transaction=True)
def test_import_refuses_even_a_database_with_only_an_account(tmp_path, db):
    backup = tmp_path / "backup.json"
    call_command("export_portfolio", output=str(backup), stdout=io.StringIO())
    staff_user("admin", superuser=True)
    with pytest.raises(CommandError, match="사용자 1건"):
        call_command("import_portfolio", str(backup), stdout=io.StringIO())


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("not json at all", "JSON이 아닙니다"),
        ('{"objects": []}', "export_portfolio로 만든 백업 파일이 아닙니다"),
        ('[{"model": "programs.program", "pk": 1, "fields": {}}]', "export_portfolio로 만든"),
        ('{"format": "gyeongju-portfolio", "version": 99, "objects": []}', "백업 형식 버전"),
    ],
)
def test_import_explains_a_bad_file_in_korean(tmp_path, content, message):
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(CommandError, match=message):
        call_command("import_portfolio", str(path), stdout=io.StringIO())


@pytest.mark.django_db
def test_import_of_a_missing_file_says_so(tmp_path):
    with pytest.raises(CommandError, match="백업 파일을 찾을 수 없습니다"):
        call_command("import_portfolio", str(tmp_path / "nope.json"), stdout=io.StringIO())


@pytest.mark.django_db(transaction=True)
def test_a_broken_backup_restores_nothing(record, tmp_path):
    """All or nothing: a row that cannot be restored leaves the database empty, not half full."""
    dump = export()
    call_command("flush", interactive=False, verbosity=0)
    programs = [o for o in dump["objects"] if o["model"] == "programs.program"]
    programs[-1]["fields"]["category"] = 999999  # points at nothing
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(dump, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(Exception):  # noqa: B017 - the database names the broken reference
        call_command("import_portfolio", str(path), stdout=io.StringIO())
    assert not Program.private_objects.exists()
    assert not User.objects.exists()


def manage(*args, env):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.mark.django_db
def test_a_backup_restores_into_a_brand_new_database(record, tmp_path):
    """Export from this database (SQLite or PostgreSQL), restore into a freshly migrated SQLite
    database by the commands a person would type, export again: the same rows."""
    backup = tmp_path / "backup.json"
    call_command("export_portfolio", output=str(backup), stdout=io.StringIO())
    env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": os.environ.get("HOME", "/tmp"),
        "DJANGO_DEBUG": "1",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'fresh.sqlite3'}",
    }
    for step in (["migrate", "--noinput", "-v0"], ["import_portfolio", str(backup)]):
        result = manage(*step, env=env)
        assert result.returncode == 0, result.stdout + result.stderr
    assert "복원했습니다" in result.stdout
    again = manage("import_portfolio", str(backup), env=env)
    assert again.returncode != 0
    assert "비어 있지 않아" in again.stderr
    result = manage("export_portfolio", "--output", str(tmp_path / "again.json"), env=env)
    assert result.returncode == 0, result.stderr
    restored = json.loads((tmp_path / "again.json").read_text(encoding="utf-8"))
    original = json.loads(backup.read_text(encoding="utf-8"))
    assert objects_of(restored) == objects_of(original)
