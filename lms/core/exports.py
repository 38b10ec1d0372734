"""Spreadsheet safety shared by every export."""

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formula(value):
    """
    Make a text cell read as text in spreadsheet programs: a cell that begins
    with =, +, -, @, tab or carriage return gets a leading apostrophe (the
    OWASP advice against CSV formula injection). Non-text values pass through.
    """
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value
