"""Every table with a totals row ties each cell to its row and column headers with headers/id,
so a screen reader names the right ones (WCAG 1.3.1, technique H43), and keeps its caption.

/funding/ and the home page have their own, more detailed tests; this one walks the other pages
whose tables carry a totals row: /years/ (both dimensions) and the money-by-source table of an
organisation and of a place. The browser suite checks the same on every page type, as rendered."""

import pytest

from tests.html import header_grid, named_headers
from tests.public import full_page

pytestmark = pytest.mark.django_db


def tables_with_a_totals_row(doc):
    """A totals row is a <tfoot>, or a body row headed "...합계..." (as /years/ writes them)."""
    return [
        table
        for table in (node for node in doc.iter() if node.tag == "table")
        if table.find("tfoot") is not None
        or any("합계" in th.clean_text for th in table.find("tbody").find_all("th"))
    ]


def assert_every_cell_names_its_headers(table):
    assert table.find("caption") is not None and table.find("caption").clean_text
    grid = header_grid(table)
    assert grid, "the table has no data cells"
    for cell, expected in grid:
        assert named_headers(table, cell) == expected, (
            table.find("caption").clean_text,
            cell.clean_text,
        )


@pytest.mark.parametrize(
    ("path", "title", "count"),
    [
        ("/years/", "연도별 비교", 2),  # by 분야 and by 재원
        ("/organisations/proton-science-institute/", "양성자과학연구단", 1),
        ("/places/geoncheon-eup/", "건천읍", 1),
    ],
)
def test_each_cell_of_a_totals_table_names_its_headers(web, seed, path, title, count):
    doc = full_page(web.get(path), title)
    tables = tables_with_a_totals_row(doc)
    assert len(tables) == count, f"{path}: {len(tables)} tables with a totals row"
    for table in tables:
        assert_every_cell_names_its_headers(table)
