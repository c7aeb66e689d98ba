"""Spreadsheet cells that cannot run: one rule for every CSV and XLSX the site writes (the public
downloads and the admin's export) and its inverse for what staff import back."""

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

# A leading =, +, - or @ (or a tab or carriage return before one) would be read as a formula by
# spreadsheet programs (OWASP "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formula(value):
    """Text that starts like a formula gets a leading apostrophe, which shows it as text."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def spreadsheet_cell(value):
    """What a cell of any CSV or XLSX the site writes holds. Control characters a worksheet cannot
    store (a vertical tab or form feed pasted from a word processor; tab, newline and carriage
    return stay) are dropped: openpyxl refuses the whole workbook for one of them. Then text that
    starts like a formula is neutralised. The JSON downloads keep the text exactly as stored."""
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
    return neutralise_formula(value)


def restore_formula(value):
    """The text neutralise_formula wrote, read back as it was typed (the admin's import)."""
    if isinstance(value, str) and value.startswith("'") and value[1:].startswith(FORMULA_STARTS):
        return value[1:]
    return value
