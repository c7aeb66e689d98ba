"""Staff export programs and funding rows from the admin as XLSX and CSV and import them back: a
preview first (nothing saved), then a confirm; Korean messages per bad row; a round trip of an
unchanged file loses and changes nothing; the reason typed for an import lands in the history."""

import csv
import io
import re

import pytest
import tablib
from django.conf import settings
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gyeongju.funding.models import Funding
from gyeongju.programs.models import Program
from gyeongju.review.models import Revision
from gyeongju.staff.importing import UPLOAD_MISSING
from tests.adminkit import (
    fast_password_hashing,  # noqa: F401 -- a fixture
    form_data,
    messages_of,
    visible_text,
)
from tests.factories import EOK, staff_user
from tests.public import Visitor

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_password_hashing")]

PROGRAM_COLUMNS = [
    "주소(slug)",
    "사업명",
    "요약",
    "본문",
    "분야",
    "상태",
    "시작 연도",
    "종료 연도",
    "총사업비(원)",
    "총사업비 설명",
    "총사업비 출처 ID",
    "총사업비 근거 문구",
    "입지",
    "담당 부서",
    "시설(slug, 쉼표로 구분)",
    "출처 ID(쉼표로 구분)",
    "공개 상태",
]
FUNDING_COLUMNS = ["ID", "사업 주소(slug)", "사업명", "재원", "금액(원)", "회계연도", "출처 ID"]
FUNDING_COLUMNS += ["근거 문구", "메모"]
CONTENT_TYPES = {
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
MODELS = {"programs": "programs_program", "funding": "funding_funding"}
STORAGES = [
    "import_export.tmp_storages.CacheStorage",  # with REDIS_URL: any app server can confirm
    "import_export.tmp_storages.TempFolderStorage",  # one machine without Redis: any worker
]


@pytest.fixture
def root(db):
    return staff_user("root", superuser=True)


def admin_url(kind, view):
    return reverse(f"admin:{MODELS[kind]}_{view}")


def format_index(page, name):
    """The value of ``name`` in the page's 형식 select (import-export numbers its formats)."""
    match = re.search(rf'<option value="(\d+)"[^>]*>{name}</option>', page.content.decode())
    assert match, f"format {name} not offered"
    return match.group(1)


def export(client, kind, fmt):
    page = client.get(admin_url(kind, "export"))
    assert page.status_code == 200
    return client.post(
        admin_url(kind, "export"), form_data(page, None, {"format": format_index(page, fmt)})
    )


def read_sheet(content: bytes, fmt) -> tablib.Dataset:
    if fmt == "csv":
        return tablib.Dataset().load(content.decode("utf-8-sig"), format="csv")
    return tablib.Dataset().load(io.BytesIO(content), format="xlsx")


def write_csv(dataset: tablib.Dataset) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(dataset.headers)
    writer.writerows(dataset)
    return out.getvalue().encode("utf-8-sig")


def preview(client, kind, content: bytes, fmt, reason="2021년 본예산 확정 반영"):
    page = client.get(admin_url(kind, "import"))
    assert page.status_code == 200
    data = form_data(page, None, {"format": format_index(page, fmt), "change_reason": reason})
    data["import_file"] = SimpleUploadedFile(f"{kind}.{fmt}", content)
    return client.post(admin_url(kind, "import"), data)


def confirm(client, kind, preview_page):
    assert 'name="import_file_name"' in preview_page.content.decode(), "no confirm step offered"
    return client.post(admin_url(kind, "process_import"), form_data(preview_page), follow=True)


def totals(preview_page):
    return {key: value for key, value in preview_page.context["result"].totals.items() if value}


def snapshot():
    """Every stored field of every program (with its links) and funding row, and the history."""
    programs = {}
    for program in Program.private_objects.prefetch_related("facilities", "sources"):
        row = {f.attname: getattr(program, f.attname) for f in Program._meta.concrete_fields}
        row["facilities"] = sorted(program.facilities.values_list("pk", flat=True))
        row["sources"] = sorted(program.sources.values_list("pk", flat=True))
        programs[program.pk] = row
    funding = {row["id"]: row for row in Funding.private_objects.values()}
    history = (Program.history.count(), Funding.history.count())
    return {"programs": programs, "funding": funding, "history": history}


# Export ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_staff_export_every_program_with_korean_columns(seed, root, fmt):
    response = export(Visitor(root), "programs", fmt)

    assert response.status_code == 200
    assert response["Content-Type"].startswith(CONTENT_TYPES[fmt])
    assert response["Content-Disposition"].endswith(f'.{fmt}"')
    sheet = read_sheet(response.content, fmt)
    assert sheet.headers == PROGRAM_COLUMNS
    assert len(sheet) == Program.private_objects.count()
    rows = {row["주소(slug)"]: row for row in sheet.dict}
    molding = rows["vehicle-materials-molding"]
    assert molding["사업명"] == "차량용 첨단소재 성형가공 기술고도화 기반구축"
    assert int(molding["총사업비(원)"]) == 290 * EOK
    assert molding["공개 상태"] == "공개"
    assert molding["상태"] == "추진 중"


def test_a_csv_export_opens_in_excel_with_korean_intact(seed, root):
    response = export(Visitor(root), "programs", "csv")

    assert response.content.startswith(b"\xef\xbb\xbf"), "UTF-8 byte order mark for Excel"
    assert "사업명" in response.content.decode("utf-8-sig")


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_staff_export_funding_rows(seed, root, fmt):
    response = export(Visitor(root), "funding", fmt)

    assert response.status_code == 200
    sheet = read_sheet(response.content, fmt)
    assert sheet.headers == FUNDING_COLUMNS
    assert len(sheet) == Funding.private_objects.count()
    national = {row["사업 주소(slug)"]: row for row in sheet.dict if row["재원"] == "국비"}
    assert int(national["vehicle-materials-molding"]["금액(원)"]) == 90 * EOK


def test_the_export_page_offers_its_columns_in_korean(root):
    page = Visitor(root).get(admin_url("programs", "export"))

    text = visible_text(page)
    assert "다음 열을 내보냅니다" in text
    assert "모두 선택" in text
    assert "Total Cost" not in text and "This exporter" not in text


# Round trip ------------------------------------------------------------------------------------


@pytest.mark.parametrize("storage", STORAGES, ids=["cache", "temp-folder"])
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize("kind", ["programs", "funding"])
def test_a_round_trip_of_an_unchanged_file_loses_and_changes_nothing(
    seed, root, settings, kind, fmt, storage
):
    settings.IMPORT_EXPORT_TMP_STORAGE_CLASS = storage
    client = Visitor(root)
    before = snapshot()
    exported = export(client, kind, fmt).content

    page = preview(client, kind, exported, fmt)

    assert page.status_code == 200
    rows = (
        Program.private_objects.count() if kind == "programs" else Funding.private_objects.count()
    )
    assert totals(page) == {"skip": rows}, "nothing may be reported as new, changed or invalid"
    assert "변경 없음" in visible_text(page)
    done = confirm(client, kind, page)
    assert done.status_code == 200
    assert any(
        "가져오기를 마쳤습니다: 추가 0건, 변경 0건, 삭제 0건, 변경 없음" in m
        for m in messages_of(done)
    )
    assert snapshot() == before


# A change through a spreadsheet: preview, confirm, reason in history ----------------------------


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_an_imported_budget_change_is_previewed_then_saved_with_its_reason(seed, root, fmt):
    client = Visitor(root)
    sheet = read_sheet(export(client, "programs", fmt).content, fmt)
    rows = [list(row) for row in sheet]
    column = PROGRAM_COLUMNS.index("총사업비(원)")
    slug_column = PROGRAM_COLUMNS.index("주소(slug)")
    target = next(row for row in rows if row[slug_column] == "vehicle-materials-molding")
    target[column] = "300억"
    changed = tablib.Dataset(*rows, headers=sheet.headers)
    content = write_csv(changed) if fmt == "csv" else changed.export("xlsx")
    before = snapshot()

    page = preview(client, "programs", content, fmt, reason="2021년 본예산 확정 반영")

    assert totals(page) == {"update": 1, "skip": len(rows) - 1}
    assert snapshot() == before, "the preview is a dry run: nothing is saved yet"
    done = confirm(client, "programs", page)
    assert any("변경 1건" in m for m in messages_of(done))
    program = Program.private_objects.get(slug="vehicle-materials-molding")
    assert program.total_cost == 300 * EOK
    record = program.history.latest()
    assert record.history_change_reason == "2021년 본예산 확정 반영"
    assert record.history_user == root
    public = visible_text(Visitor().get(reverse("programs:history", args=[program.slug])))
    assert re.search(r"총사업비(\(원\))?: 290억원 → 300억원", public)
    assert "변경 사유: 2021년 본예산 확정 반영" in public


def test_an_imported_funding_change_keeps_its_reason(seed, root):
    client = Visitor(root)
    sheet = read_sheet(export(client, "funding", "csv").content, "csv")
    rows = [list(row) for row in sheet]
    row = next(r for r in rows if r[1] == "vehicle-materials-molding" and r[3] == "국비")
    row[FUNDING_COLUMNS.index("금액(원)")] = "100억"

    page = preview(
        client,
        "funding",
        write_csv(tablib.Dataset(*rows, headers=sheet.headers)),
        "csv",
        "국비 증액",
    )
    confirm(client, "funding", page)

    funding = Funding.private_objects.get(pk=row[0])
    assert funding.amount == 100 * EOK
    record = funding.history.latest()
    assert (record.history_change_reason, record.history_user) == ("국비 증액", root)
    assert funding.history.earliest().amount == 90 * EOK


def test_an_import_without_a_reason_is_refused(seed, root):
    client = Visitor(root)
    exported = export(client, "programs", "csv").content

    page = preview(client, "programs", exported, "csv", reason="")

    assert page.status_code == 200
    assert "필수 항목입니다" in visible_text(page)
    assert 'name="import_file_name"' not in page.content.decode()


# Bad rows: Korean messages, row by row, and nothing saved ---------------------------------------


def edited_programs(client, slug, **cells):
    sheet = read_sheet(export(client, "programs", "csv").content, "csv")
    rows = [list(row) for row in sheet]
    row = next(r for r in rows if r[0] == slug)
    for column, value in cells.items():
        row[PROGRAM_COLUMNS.index(column)] = value
    return write_csv(tablib.Dataset(*rows, headers=sheet.headers))


@pytest.mark.parametrize(
    ("cells", "column", "message"),
    [
        ({"분야": "없는 분야"}, "분야", "분야 '없는 분야'을(를) 찾을 수 없습니다."),
        ({"총사업비(원)": "12억x"}, "총사업비(원)", "금액 '12억x'을(를) 읽을 수 없습니다."),
        (
            {"시작 연도": "2023", "종료 연도": "2021"},
            "종료 연도",
            "종료 연도는 시작 연도보다 앞설 수 없습니다.",
        ),
        (
            {"총사업비(원)": "80억"},  # 국비 90억원 is known for this program
            "총사업비(원)",
            "재원별 금액의 합(90억원)이 총사업비(80억원)를 넘습니다.",
        ),
        ({"상태": "보류"}, "상태", "상태 '보류'은(는) 쓸 수 없는 값입니다."),
    ],
    ids=["unknown-category", "bad-amount", "end-before-start", "total-below-funding", "bad-status"],
)
def test_a_bad_program_row_gets_a_korean_message_and_nothing_is_saved(
    seed, root, cells, column, message
):
    client = Visitor(root)
    content = edited_programs(client, "vehicle-materials-molding", **cells)
    before = snapshot()

    page = preview(client, "programs", content, "csv")

    assert page.status_code == 200
    assert totals(page).get("invalid") == 1
    text = visible_text(page)
    assert "검증에 실패한 행이 있습니다" in text
    assert f"{column} {message}" in text, "the message names the column by its Korean header"
    assert 'name="import_file_name"' not in page.content.decode(), "no confirm for a bad file"
    assert snapshot() == before


def test_a_funding_row_above_the_total_cost_is_refused(seed, root):
    client = Visitor(root)
    sheet = read_sheet(export(client, "funding", "csv").content, "csv")
    rows = [list(row) for row in sheet]
    row = next(r for r in rows if r[1] == "vehicle-materials-molding")
    row[FUNDING_COLUMNS.index("금액(원)")] = "300억"  # the program's total is 290억원
    before = snapshot()

    page = preview(
        client, "funding", write_csv(tablib.Dataset(*rows, headers=sheet.headers)), "csv"
    )

    assert totals(page).get("invalid") == 1
    assert "금액(원) 재원별 금액의 합(300억원)이 총사업비(290억원)를 넘습니다." in visible_text(
        page
    )
    assert snapshot() == before


def test_a_new_funding_row_for_an_unknown_program_is_refused(seed, root):
    client = Visitor(root)
    content = "\ufeff" + ",".join(FUNDING_COLUMNS) + "\n,no-such-program,,국비,10억,,,,\n"

    page = preview(client, "funding", content.encode(), "csv")

    assert totals(page).get("invalid") == 1
    assert "사업 'no-such-program'을(를) 찾을 수 없습니다." in visible_text(page)


def test_an_editor_cannot_change_publication_through_a_spreadsheet(seed, editor):
    client = Visitor(editor)
    content = edited_programs(client, "vehicle-materials-molding", **{"공개 상태": "초안"})
    before = snapshot()

    page = preview(client, "programs", content, "csv")

    assert "공개 상태는 승인자만 바꿀 수 있습니다." in visible_text(page)
    assert snapshot() == before


def test_an_editor_can_import_other_changes_as_revisions(seed, editor):
    """The preview says what happens; confirming makes a revision for the published program,
    which the public sees only once an approver approves it (issue 19)."""
    client = Visitor(editor)
    content = edited_programs(client, "vehicle-materials-molding", **{"담당 부서": "미래자동차과"})
    page = preview(client, "programs", content, "csv", reason="부서 확인")
    assert "승인 요청으로 저장됩니다." in visible_text(page)

    confirm(client, "programs", page)

    program = Program.private_objects.get(slug="vehicle-materials-molding")
    assert program.lead_department != "미래자동차과"
    revision = Revision.objects.get(object_id=program.pk)
    assert revision.after["fields"]["lead_department"] == "미래자동차과"
    assert revision.reason == "부서 확인"


def test_a_confirm_whose_upload_is_gone_asks_for_the_file_again(seed, root, settings):
    settings.IMPORT_EXPORT_TMP_STORAGE_CLASS = STORAGES[0]
    client = Visitor(root)
    content = edited_programs(client, "vehicle-materials-molding", **{"총사업비(원)": "300억"})
    page = preview(client, "programs", content, "csv")
    cache.clear()  # the kept upload expired, or was already used by a first click on 확정
    before = snapshot()

    response = confirm(client, "programs", page)

    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == admin_url("programs", "import")
    assert UPLOAD_MISSING in messages_of(response)
    assert snapshot() == before


@pytest.mark.parametrize("storage", STORAGES, ids=["cache", "temp-folder"])
def test_confirming_twice_imports_once(seed, root, settings, storage):
    settings.IMPORT_EXPORT_TMP_STORAGE_CLASS = storage
    client = Visitor(root)
    content = edited_programs(client, "vehicle-materials-molding", **{"총사업비(원)": "300억"})
    page = preview(client, "programs", content, "csv")
    confirm(client, "programs", page)
    history = Program.history.count()

    again = confirm(client, "programs", page)

    assert UPLOAD_MISSING in messages_of(again)
    assert Program.history.count() == history


# Who may import and export ---------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["programs", "funding"])
@pytest.mark.parametrize("view", ["import", "export", "process_import"])
def test_staff_without_rights_on_the_model_can_neither_import_nor_export(seed, kind, view):
    nobody = Visitor(staff_user("nobody"))  # staff, but in no group

    url = admin_url(kind, view)
    response = nobody.post(url) if view == "process_import" else nobody.get(url)

    assert response.status_code == 403


def test_view_only_staff_may_export_but_not_import(seed):
    from django.contrib.auth.models import Permission

    reader = staff_user("reader")
    reader.user_permissions.add(Permission.objects.get(codename="view_program"))
    client = Visitor(reader)

    assert export(client, "programs", "csv").status_code == 200
    assert client.get(admin_url("programs", "import")).status_code == 403


# Spreadsheets that cannot run; a preview the CSP lets through ----------------------------------

FORMULA_NAMES = ['=HYPERLINK("http://evil")', "+1+1", "-2+3", "@SUM(A1)"]


@pytest.fixture
def formula_programs(seed):
    from tests.factories import FundingFactory, ProgramFactory

    programs = [
        ProgramFactory(name=name, slug=f"formula-{i}", lead_department=name)
        for i, name in enumerate(FORMULA_NAMES)
    ]
    FundingFactory(program=programs[0], amount=EOK, note="=1+1")
    return programs


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_admin_export_neutralises_formulas(root, formula_programs, fmt):
    from openpyxl import load_workbook

    client = Visitor(root)
    programs = read_sheet(export(client, "programs", fmt).content, fmt)
    funding = read_sheet(export(client, "funding", fmt).content, fmt)

    names = {row["주소(slug)"]: row["사업명"] for row in programs.dict}
    for i, name in enumerate(FORMULA_NAMES):
        assert names[f"formula-{i}"] == "'" + name  # shown as typed, with the apostrophe
    for sheet in (programs, funding):
        for row in sheet:
            for cell in row:
                assert not (isinstance(cell, str) and cell.startswith(("=", "+", "-", "@"))), cell
    assert "'=1+1" in funding["메모"]
    assert {row["사업명"] for row in funding.dict} >= {"'" + FORMULA_NAMES[0]}
    if fmt == "xlsx":
        book = load_workbook(io.BytesIO(export(client, "programs", fmt).content))
        cells = [cell for row in book.active.iter_rows() for cell in row]
        assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
        # Amounts stay numbers a spreadsheet can add up.
        assert any(cell.value == 100 * EOK for cell in cells)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_admin_export_drops_control_characters_a_worksheet_cannot_hold(root, seed, fmt):
    """A vertical tab pasted from a word processor made the XLSX export fail (openpyxl refuses
    it); every spreadsheet the admin writes drops such characters and keeps the words."""
    from tests.factories import ProgramFactory

    ProgramFactory(name="제어\x0b문자 사업", slug="pasted", summary="첫 줄\x0c둘째 줄")
    response = export(Visitor(root), "programs", fmt)
    assert response.status_code == 200
    names = {row["주소(slug)"]: row["사업명"] for row in read_sheet(response.content, fmt).dict}
    assert names["pasted"] == "제어문자 사업"


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_an_exported_formula_like_name_comes_back_unchanged(root, formula_programs, fmt):
    client = Visitor(root)
    exported = export(client, "programs", fmt).content
    before = snapshot()

    page = preview(client, "programs", exported, fmt)

    assert totals(page) == {"skip": Program.private_objects.count()}
    confirm(client, "programs", page)
    assert snapshot() == before
    assert Program.private_objects.get(slug="formula-0").name == FORMULA_NAMES[0]


def test_the_import_preview_is_marked_up_for_our_stylesheet_without_style_attributes(seed, root):
    client = Visitor(root)
    sheet = read_sheet(export(client, "programs", "csv").content, "csv")
    rows = [list(row) for row in sheet]
    slug_column = PROGRAM_COLUMNS.index("주소(slug)")
    target = next(row for row in rows if row[slug_column] == "vehicle-materials-molding")
    target[PROGRAM_COLUMNS.index("총사업비(원)")] = "300억"
    target[PROGRAM_COLUMNS.index("담당 부서")] = "투자유치과 <b>&</b>"
    content = write_csv(tablib.Dataset(*rows, headers=sheet.headers))

    page = preview(client, "programs", content, "csv")

    html = page.content.decode()
    assert totals(page) == {"update": 1, "skip": len(rows) - 1}
    assert "style=" not in html
    assert "style-src 'self'" in page["Content-Security-Policy"]
    assert '<tr class="update">' in html and '<tr class="skip">' in html
    assert "<del>29000000000</del><ins>30000000000</ins>" in html
    assert "<ins>투자유치과 &lt;b&gt;&amp;&lt;/b&gt;</ins>" in html
    assert "<b>&</b>" not in html
    assert "/static/portal/admin/spreadsheets.css" in html
    css = (settings.BASE_DIR / "static/portal/admin/spreadsheets.css").read_text()
    for selector in ["tr.new", "tr.update", "tr.skip", "tr.delete", "td ins", "td del"]:
        assert f"table.import-preview {selector}" in css


@pytest.mark.parametrize("kind", ["programs", "funding"])
def test_the_export_page_has_no_inline_style_or_script(root, kind):
    html = Visitor(root).get(admin_url(kind, "export")).content.decode()

    assert "style=" not in html
    assert not re.search(r"\son[a-z]+=", html)
    assert "/static/portal/admin/spreadsheets.js" in html
    assert 'id="select-all-toggle"' in html


@pytest.mark.parametrize(
    "cells",
    [{"총사업비(원)": "300억", "담당 부서": "투자유치과"}, {"상태": "보류"}],
    ids=["preview", "row-errors"],
)
def test_the_import_preview_and_its_row_errors_are_korean(seed, root, cells):
    from tests.core.test_admin_korean import LATIN_WORD, TECHNICAL, data_words

    client = Visitor(root)
    page = preview(
        client, "programs", edited_programs(client, "vehicle-materials-molding", **cells), "csv"
    )

    text = visible_text(page)
    assert ("미리보기" if "상태" not in cells else "검증에 실패한 행이 있습니다") in text
    english = set(LATIN_WORD.findall(text)) - TECHNICAL - data_words()
    assert not english - {"csv", "xlsx", "tsv", "json", "html"}, english  # the upload form again
    assert "style=" not in page.content.decode()
