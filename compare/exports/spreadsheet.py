"""The matrix as an Excel workbook (openpyxl): about, ranking, level matrix and evidence sheets.

Every text goes in as a string cell, never as a formula: openpyxl turns any string that starts
with "=" into a formula unless told otherwise, and quotes are scraped text. Control characters
that XML cannot hold are dropped; links are made only for http(s) sources.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any
from urllib.parse import urlsplit

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell, MergedCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from compare.exports.scope import Scope
from compare.exports.tables import COLUMNS, evidence_rows
from compare.exports.wording import translations

HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDE7F0")
STATUS_FILLS = {"verified": "FFFFFF", "unverified": "FFF2CC", "unknown": "EDEDED"}
WRAP = Alignment(wrap_text=True, vertical="top")
WIDE_COLUMNS = {
    "quote": 60,
    "explanation": 50,
    "source_url": 40,
    "offer_label": 30,
    "criterion_title": 28,
    "seen_in": 30,
}


def is_web_link(url: str) -> bool:
    """Whether ``url`` is an http(s) address, the only kind we turn into a clickable link."""
    return urlsplit(url).scheme in ("http", "https")


def put(sheet: Worksheet, row: int, column: int, value: Any) -> Cell | MergedCell:
    """Write one value; strings always as text (never a formula), without XML-illegal characters."""
    cell = sheet.cell(row=row, column=column)
    if isinstance(value, str):
        cell.value = ILLEGAL_CHARACTERS_RE.sub("", value)
        cell.data_type = "s"
    else:
        cell.value = value
    return cell


def header(sheet: Worksheet, titles: Sequence[str]) -> None:
    """A bold, frozen first row."""
    for column, title in enumerate(titles, start=1):
        cell = put(sheet, 1, column, title)
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
    sheet.freeze_panes = "A2"


def about_sheet(sheet: Worksheet, scope: Scope) -> None:
    """What the workbook is: profile, weights, must-haves, dates and how to read unknowns."""
    _ = translations(scope.language).gettext
    profile = scope.profile_document()
    about = scope.about()
    lines: list[tuple[str | None, Any]] = [
        (_("Comparison of business messaging channels"), None),
        (
            _("Profile"),
            profile["title"]
            + (f" ({profile['adjusted_label']})" if profile["adjusted_label"] else ""),
        ),
        (_("Facts as recorded by"), about["as_of"] or _("today (the current facts)")),
        (_("Newest fact recorded on"), about["data_date"]),
        (_("Generated at"), about["generated_at"]),
        (_("Language"), scope.language),
        (
            _("How to read"),
            _(
                "Only verified facts (a quote, a source and a date) score. Unverified and unknown cells "
                "count at the worst level for the low end of a score range and at the best level for the high end."
            ),
        ),
        (None, None),
        (_("Criterion"), _("Weight")),
    ]
    for criterion in profile["criteria"]:
        lines.append((criterion["title"], criterion["weight"]))
    if profile["must_haves"]:
        lines.append((None, None))
        lines.append((_("Must-have"), _("Minimum level")))
        titles = {c["id"]: c for c in profile["criteria"]}
        for must in profile["must_haves"]:
            entry = titles[must["criterion"]]
            lines.append((entry["title"], entry["must_have_label"]))
    for row, (key, value) in enumerate(lines, start=1):
        if key is not None:
            put(sheet, row, 1, key).font = HEADER_FONT
        if value is not None:
            put(sheet, row, 2, value).alignment = WRAP
    sheet.column_dimensions["A"].width = 36
    sheet.column_dimensions["B"].width = 90


def ranking_sheet(sheet: Worksheet, scope: Scope) -> None:
    """Rank, offer, standing, score range, coverage and must-have reasons."""
    _ = translations(scope.language).gettext
    header(
        sheet,
        [
            _("Rank"),
            _("Product"),
            _("Standing"),
            _("Lowest score"),
            _("Highest score"),
            _("Coverage"),
            _("Must-haves"),
            _("Verdict"),
            _("Why"),
            _("Points versus the reference"),
        ],
    )
    for row_number, row in enumerate(scope.overview["ranking"], start=2):
        versus = row["versus_reference"]
        values = [
            row["rank"],
            row["label"],
            row["standing_label"],
            row["display"]["low"],
            row["display"]["high"],
            row["coverage"],
            "; ".join(row["reasons"]),
            row["verdict"]["label"],
            "; ".join(r["text"] for r in row["verdict"]["decisive"]),
            versus["difference"]["low"] if versus and not row["is_reference"] else None,
        ]
        for column, value in enumerate(values, start=1):
            put(sheet, row_number, column, value)
        sheet.cell(row=row_number, column=6).number_format = "0%"
    for letter, width in zip("ABCDEFGHIJ", (6, 40, 16, 12, 12, 10, 50, 20, 70, 14), strict=True):
        sheet.column_dimensions[letter].width = width


def matrix_sheet(sheet: Worksheet, scope: Scope) -> None:
    """Offers × criteria with the level in each cell; unverified and unknown cells shaded."""
    matrix = scope.overview["matrix"]
    header(sheet, ["", *[c["title"] for c in matrix["criteria"]]])
    for row_number, row in enumerate(matrix["rows"], start=2):
        put(sheet, row_number, 1, row["label"]).font = HEADER_FONT
        for column, cell in enumerate(row["cells"], start=2):
            written = put(sheet, row_number, column, cell["text"])
            written.alignment = WRAP
            written.fill = PatternFill("solid", fgColor=STATUS_FILLS.get(cell["status"], "FFFFFF"))
    sheet.column_dimensions["A"].width = 40
    for column in range(2, len(matrix["criteria"]) + 2):
        sheet.column_dimensions[get_column_letter(column)].width = 20
    sheet.freeze_panes = "B2"


def evidence_sheet(sheet: Worksheet, scope: Scope) -> None:
    """The evidence rows (the CSV's columns), with clickable http(s) sources."""
    header(sheet, list(COLUMNS))
    url_column = COLUMNS.index("source_url") + 1
    for row_number, row in enumerate(evidence_rows(scope), start=2):
        for column, name in enumerate(COLUMNS, start=1):
            put(sheet, row_number, column, row[name])
        url = row["source_url"]
        if url and is_web_link(url):
            link = sheet.cell(row=row_number, column=url_column)
            link.hyperlink = url
            link.style = "Hyperlink"
    for column, name in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = WIDE_COLUMNS.get(name, 14)
    sheet.auto_filter.ref = sheet.dimensions


def matrix_workbook(scope: Scope) -> bytes:
    """The whole workbook as .xlsx bytes."""
    _ = translations(scope.language).gettext
    workbook = Workbook()
    workbook.remove(workbook.worksheets[0])
    about_sheet(workbook.create_sheet(_("About")), scope)
    ranking_sheet(workbook.create_sheet(_("Ranking")), scope)
    matrix_sheet(workbook.create_sheet(_("Matrix")), scope)
    evidence_sheet(workbook.create_sheet(_("Evidence")), scope)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
