"""The admin's spreadsheet export and import in a real browser, under the strict CSP: the export
page's 모두 선택 works, and the import preview's changed rows and words are coloured by our
stylesheet (static/portal/admin/spreadsheets.css), with nothing blocked."""

import csv
import io

import pytest

from tests.browser.test_review import SHOTS, logged_in, shoot
from tests.factories import staff_user
from tests.programs.test_spreadsheets import PROGRAM_COLUMNS

pytestmark = pytest.mark.browser


def test_an_export_edited_and_previewed_is_coloured_by_our_stylesheet(site, context, tmp_path):
    root = staff_user("root", superuser=True)
    logged_in(context, site, root)
    page = context.new_page()
    blocked = []
    page.on(
        "console",
        lambda message: blocked.append(message.text) if "Content" in message.text else None,
    )

    # An exported sheet with one program's total cost and department changed.
    page.goto(f"{site}/admin/programs/program/export/")
    page.get_by_label("형식").select_option(label="csv")
    # "모두 선택" works without the inline onchange the CSP would block (spreadsheets.js).
    columns = page.locator('.selectable-field-export-row input[type="checkbox"]')
    page.get_by_label("모두 선택").uncheck()
    assert not any(columns.nth(i).is_checked() for i in range(columns.count()))
    page.get_by_label("모두 선택").check()
    assert all(columns.nth(i).is_checked() for i in range(columns.count()))
    shoot(page, "export")
    with page.expect_download() as download:
        page.get_by_role("button", name="제출").click()
    rows = list(csv.reader(io.StringIO(download.value.path().read_text(encoding="utf-8-sig"))))
    assert rows[0] == PROGRAM_COLUMNS
    for row in rows[1:]:
        if row[0] == "vehicle-materials-molding":
            row[PROGRAM_COLUMNS.index("총사업비(원)")] = "30000000000"
            row[PROGRAM_COLUMNS.index("담당 부서")] = "투자유치과"
    upload = tmp_path / "programs.csv"
    with upload.open("w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle).writerows(rows)

    page.goto(f"{site}/admin/programs/program/import/")
    page.get_by_label("가져올 파일").set_input_files(str(upload))
    page.get_by_label("형식").select_option(label="csv")
    page.get_by_label("변경 사유").fill("2021년 본예산 확정 반영")
    page.get_by_role("button", name="제출").click()
    page.wait_for_selector("table.import-preview")

    changed = page.locator("table.import-preview tr.update")
    assert changed.count() == 1
    colour = changed.evaluate("row => getComputedStyle(row).backgroundColor")
    assert colour == "rgb(253, 248, 216)"
    added = changed.locator("ins").first
    assert added.evaluate("el => getComputedStyle(el).backgroundColor") == "rgb(198, 239, 192)"
    assert changed.locator("del").first.inner_text() == "29000000000"
    skipped = page.locator("table.import-preview tr.skip").first
    assert skipped.evaluate("row => getComputedStyle(row).backgroundColor") == "rgb(239, 239, 239)"
    assert not blocked, blocked
    shoot(page, "import-preview")
    if SHOTS:
        changed.screenshot(path=str(SHOTS / "import-preview-changed-row.png"))
