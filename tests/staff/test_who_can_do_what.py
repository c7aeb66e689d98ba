"""The who-can-do-what table (issue 19, point 8) is one list, `staff.site.PERMISSIONS`, shown on the
admin index; README's "결재" section copies it for readers of the repository. They must agree."""

from django.conf import settings

from gyeongju.staff.site import PERMISSIONS

HEADER = "| 할 일 | 편집자 | 승인자 | 최고 관리자 |"


def readme_table() -> list[tuple[str, ...]]:
    lines = (settings.BASE_DIR / "README.md").read_text(encoding="utf-8").splitlines()
    start = lines.index(HEADER) + 2  # the header and its |---| line
    rows = []
    for line in lines[start:]:
        if not line.startswith("|"):
            break
        rows.append(tuple(cell.strip() for cell in line.strip("|").split("|")))
    return rows


def test_readme_shows_the_same_table_as_the_admin():
    assert readme_table() == [tuple(row) for row in PERMISSIONS]
    assert len(PERMISSIONS) == 9
