"""The profile in force as tender requirements (programma van eisen): Word and Excel.

Must-haves become numbered knock-out requirements (eisen) with the minimum level in words and
the kind of document a vendor proves it with (``criteria/tender-evidence.yaml``); the GDPR
baseline's "not suitable" levels (``criteria/verdicts.yaml``) become knock-outs too, because no
weighting buys them back. Weighted criteria become award criteria (wensen) with their weights as
percentages that add up to exactly 100, and each criterion's level scale is the scoring guide.
"""

from __future__ import annotations

import io
from functools import cache
from typing import Any

from docx import Document
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from compare.exports.scope import Scope
from compare.exports.spreadsheet import HEADER_FILL, HEADER_FONT, put
from compare.exports.wording import translations
from compare.presenters.rounding import apportion
from criteria.load import CRITERIA_ROOT
from criteria.model import Catalogue, LocalizedText
from criteria.tender import TENDER_FILE, read_tender_evidence

EVIDENCE_FILE = CRITERIA_ROOT / TENDER_FILE
WRAP = Alignment(wrap_text=True, vertical="top")


@cache
def evidence_kinds() -> dict[str, LocalizedText]:
    """Per criterion, how a vendor proves its level (``msgcompare criteria check`` holds the file
    against the catalogue; here a criterion without an entry falls back to its description).

    Raises:
        CatalogueError: the file is malformed (naming the key).
    """
    return read_tender_evidence(EVIDENCE_FILE)


def proof(catalogue: Catalogue, criterion_id: str, language: str) -> str:
    """How a vendor proves its level on ``criterion_id`` (the criterion's description as fallback)."""
    kind = evidence_kinds().get(criterion_id)
    return kind.get(language) if kind else catalogue.criterion(criterion_id).description.get(language)


def baseline_minimums(catalogue: Catalogue) -> dict[str, tuple[str, str]]:
    """Per criterion with a failing level in the GDPR baseline: (lowest level that does not fail, rule gdpr)."""
    minimums = {}
    for rule in catalogue.verdict_rules:
        failing = {level for o in rule.outcomes if o.outcome == "fail" for level in o.levels}
        if not failing:
            continue
        criterion = catalogue.criterion(rule.criterion)
        passing = [level.id for level in criterion.levels if level.id not in failing]
        if passing:
            minimums[rule.criterion] = (passing[0], rule.gdpr)
    return minimums


def percentages(weights: list[float]) -> list[float]:
    """Weights as percentages with one decimal that add up to exactly 100.0."""
    total = sum(weights)
    if total <= 0:
        return [0.0 for _ in weights]
    return [t / 10 for t in apportion([100 * w / total for w in weights], 1000)]


def requirements_document(scope: Scope) -> dict[str, Any]:
    """Knock-out requirements, award criteria with weights and the scoring guide, in ``scope.language``."""
    language = scope.language
    _ = translations(language).gettext
    catalogue = scope.catalogue
    profile = scope.choice.effective
    knock_outs: list[dict[str, Any]] = []
    musts = {m.criterion: m.minimum for m in profile.must_haves}
    baseline = baseline_minimums(catalogue)
    for criterion in catalogue.criteria:
        sources = []
        minimum_id = None
        if criterion.id in musts:
            minimum_id = musts[criterion.id]
            sources.append(_("must-have of the profile"))
        if criterion.id in baseline:
            floor, _gdpr = baseline[criterion.id]
            if minimum_id is None or criterion.rank_of(floor) > criterion.rank_of(minimum_id):
                minimum_id = floor
            sources.append(_("GDPR baseline"))
        if minimum_id is None:
            continue
        level = criterion.level(minimum_id)
        knock_outs.append(
            {
                "number": f"K{len(knock_outs) + 1}",
                "criterion": criterion.id,
                "title": criterion.title.get(language),
                "requirement": _("The offer reaches at least the level “%(level)s” on %(criterion)s.")
                % {"level": level.label.get(language), "criterion": criterion.title.get(language)},
                "minimum": level.label.get(language),
                "meaning": level.qualifies.get(language),
                "proof": proof(catalogue, criterion.id, language),
                "gdpr": ", ".join(criterion.gdpr),
                "basis": "; ".join(sources),
                "must_have": criterion.id in musts,
            }
        )
    weighted = [c for c in catalogue.criteria if profile.weight(c.id) > 0]
    shares = percentages([profile.weight(c.id) for c in weighted])
    awards: list[dict[str, Any]] = []
    for i, (criterion, share) in enumerate(zip(weighted, shares, strict=True), start=1):
        awards.append(
            {
                "number": f"W{i}",
                "criterion": criterion.id,
                "title": criterion.title.get(language),
                "weight": share,
                "proof": proof(catalogue, criterion.id, language),
                "gdpr": ", ".join(criterion.gdpr),
                "scale": [
                    {
                        "label": level.label.get(language),
                        "points": level.score,
                        "qualifies": level.qualifies.get(language),
                    }
                    for level in criterion.levels
                ],
            }
        )
    title = profile.title.get(language)
    return {
        "language": language,
        "title": _("Tender requirements: business messaging channel to replace WhatsApp Business"),
        "profile": title + (" (" + _("adjusted") + ")" if scope.choice.adjusted else ""),
        "date": (scope.as_of or scope.generated_at.date()).isoformat(),
        "intro": _(
            "Knock-out requirements (K) must all be met; an offer that misses one is excluded. Award criteria (W) are scored on their level scale: the points of the level the vendor proves, times the weight. Only levels proven with the kind of document named count."
        ),
        "knock_outs": knock_outs,
        "awards": awards,
        "total_weight": round(sum(a["weight"] for a in awards), 1),
        "labels": {
            "knock_outs": _("Knock-out requirements"),
            "awards": _("Award criteria"),
            "guide": _("Scoring guide"),
            "number": _("No."),
            "requirement": _("Requirement"),
            "criterion": _("Criterion"),
            "minimum": _("Minimum level"),
            "meaning": _("What the minimum level means"),
            "proof": _("How the vendor proves it"),
            "gdpr": _("GDPR"),
            "basis": _("Basis"),
            "weight": _("Weight (%)"),
            "level": _("Level"),
            "points": _("Points"),
            "qualifies": _("What qualifies"),
            "total": _("Total"),
            "profile": _("Profile"),
            "date": _("Date"),
        },
    }


def requirements_xlsx(document: dict[str, Any]) -> bytes:
    """Three sheets: knock-out requirements, award criteria (weights summing to 100), scoring guide."""
    labels = document["labels"]
    book = Workbook()
    book.remove(book.worksheets[0])
    sheet = book.create_sheet(labels["knock_outs"][:31])
    columns = ["number", "requirement", "criterion", "minimum", "meaning", "proof", "gdpr", "basis"]
    widths = [7, 50, 26, 26, 50, 50, 16, 26]
    _table(sheet, [labels[c] for c in columns], [[k["title"] if c == "criterion" else k[c] for c in columns] for k in document["knock_outs"]], widths)
    awards = book.create_sheet(labels["awards"][:31])
    rows: list[list[Any]] = [[a["number"], a["title"], a["weight"], a["proof"], a["gdpr"]] for a in document["awards"]]
    _table(awards, [labels["number"], labels["criterion"], labels["weight"], labels["proof"], labels["gdpr"]], rows, [7, 30, 12, 60, 18])
    total_row = len(rows) + 2
    put(awards, total_row, 2, labels["total"]).font = Font(bold=True)
    put(awards, total_row, 3, document["total_weight"]).font = Font(bold=True)
    for row in range(2, total_row + 1):
        awards.cell(row=row, column=3).number_format = "0.0"
    guide = book.create_sheet(labels["guide"][:31])
    guide_rows = [
        [a["number"], a["title"], level["label"], level["points"], level["qualifies"]]
        for a in document["awards"]
        for level in a["scale"]
    ]
    _table(guide, [labels["number"], labels["criterion"], labels["level"], labels["points"], labels["qualifies"]], guide_rows, [7, 30, 30, 9, 70])
    about = book.create_sheet("msgcompare")
    for i, (key, value) in enumerate(((labels["profile"], document["profile"]), (labels["date"], document["date"]), ("", document["intro"])), start=1):
        put(about, i, 1, key)
        put(about, i, 2, value).alignment = WRAP
    about.column_dimensions["B"].width = 100
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _table(sheet: Any, titles: list[str], rows: list[list[Any]], widths: list[int]) -> None:
    for column, title in enumerate(titles, start=1):
        cell = put(sheet, 1, column, title)
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
    for r, row in enumerate(rows, start=2):
        for column, value in enumerate(row, start=1):
            put(sheet, r, column, value).alignment = WRAP
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[chr(64 + column)].width = width
    sheet.freeze_panes = "A2"


def requirements_docx(document: dict[str, Any]) -> bytes:
    """The same requirements as a Word document with named heading styles and tables."""
    labels = document["labels"]
    doc = Document()
    doc.add_heading(document["title"], level=0)
    doc.add_paragraph(f"{labels['profile']}: {document['profile']} · {labels['date']}: {document['date']}")
    doc.add_paragraph(document["intro"])
    doc.add_heading(labels["knock_outs"], level=1)
    for item in document["knock_outs"]:
        doc.add_heading(f"{item['number']}. {item['title']}", level=2)
        doc.add_paragraph(item["requirement"])
        table = doc.add_table(rows=0, cols=2)
        table.style = "Table Grid"
        for key in ("minimum", "meaning", "proof", "gdpr", "basis"):
            cells = table.add_row().cells
            cells[0].text, cells[1].text = labels[key], str(item[key])
    doc.add_heading(labels["awards"], level=1)
    table = doc.add_table(rows=1, cols=3)
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, (labels["number"], labels["criterion"], labels["weight"]), strict=True):
        cell.text = text
    for item in document["awards"]:
        cells = table.add_row().cells
        cells[0].text, cells[1].text, cells[2].text = item["number"], item["title"], f"{item['weight']:.1f}"
    cells = table.add_row().cells
    cells[1].text, cells[2].text = labels["total"], f"{document['total_weight']:.1f}"
    doc.add_heading(labels["guide"], level=1)
    for item in document["awards"]:
        doc.add_heading(f"{item['number']}. {item['title']} ({item['weight']:.1f} %)", level=2)
        doc.add_paragraph(f"{labels['proof']}: {item['proof']}")
        guide = doc.add_table(rows=1, cols=3)
        guide.style = "Table Grid"
        for cell, text in zip(guide.rows[0].cells, (labels["level"], labels["points"], labels["qualifies"]), strict=True):
            cell.text = text
        for level in item["scale"]:
            cells = guide.add_row().cells
            cells[0].text, cells[1].text, cells[2].text = level["label"], f"{level['points']:g}", level["qualifies"]
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
