"""Text that goes into a spreadsheet cell stays text: nothing a reader opens may run as a formula.

Every CSV we serve (the matrix export and the open dataset's facts) carries quotes scraped from
vendors' pages and names typed by people, so both neutralise them the same way, here.
"""

from __future__ import annotations

# Characters with which a spreadsheet starts a formula (OWASP "CSV injection"), including the
# full-width forms some spreadsheet programs also accept, and the control characters that can
# smuggle one onto a new line of the cell.
FORMULA_STARTS = frozenset("=+-@\t\r\n\uff1d\uff0b\uff0d\uff20")


def neutralise(text: str) -> str:
    """Prefix a text a spreadsheet would evaluate with an apostrophe, so it stays text.

    The apostrophe is the spreadsheet convention for "this is a literal"; Excel and LibreOffice
    hide it in the cell and keep it in the value.
    """
    return "'" + text if text and text[0] in FORMULA_STARTS else text
