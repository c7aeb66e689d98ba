"""Spreadsheet cells that cannot run: one rule for every CSV and XLSX the site writes (the public
downloads and the admin's export) and its inverse for what staff import back."""

# A leading =, +, - or @ (or a tab or carriage return before one) would be read as a formula by
# spreadsheet programs (OWASP "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formula(value):
    """Text that starts like a formula gets a leading apostrophe, which shows it as text."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def restore_formula(value):
    """The text neutralise_formula wrote, read back as it was typed (the admin's import)."""
    if isinstance(value, str) and value.startswith("'") and value[1:].startswith(FORMULA_STARTS):
        return value[1:]
    return value
