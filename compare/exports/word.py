"""The report as a Word document (python-docx), from the same document as the PDF.

Advisors paste from the report into their own files and edit it, so every heading uses Word's
named heading styles (the navigation pane lists them), tables are real tables and charts are
pictures (PNG: python-docx cannot place SVG). The level matrix and the risk registers sit in
landscape sections, as on the PDF's landscape pages.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from typing import Any

from docx import Document
from docx.document import Document as WordDocument
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.shared import Cm, Pt

from compare.exports.wording import translations
from compare.i18n import signed


def _table(doc: WordDocument, header: Sequence[str], rows: Sequence[Sequence[str]], size: float = 8) -> None:
    table = doc.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = text
        for run in cell.paragraphs[0].runs:
            run.bold = True
    for row in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            cell.text = text
    for row in table.rows:
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                for run in paragraph.runs:
                    run.font.size = Pt(size)


def _orientation(doc: WordDocument, landscape: bool) -> None:
    """Start a new section on a portrait or landscape A4 page."""
    section = doc.add_section(WD_SECTION.NEW_PAGE)
    width, height = Cm(21.0), Cm(29.7)
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (height, width) if landscape else (width, height)


def _answer(doc: WordDocument, a: Mapping[str, Any], data_date: str, language: str, _: Any) -> None:
    doc.add_heading(_("Replacing WhatsApp Business: the answer"), level=0)
    doc.add_paragraph(a["question"]).runs[0].bold = True
    must = "; ".join(f"{m['title']}: {_('at least')} “{m['minimum']}”" for m in a["must_haves"]) or _("none")
    doc.add_paragraph(f"{_('Profile')}: {a['profile']}")
    doc.add_paragraph(f"{_('Must-haves')}: {must}")
    doc.add_paragraph(f"{_('Data as of')}: {data_date}")
    for box in (a["reference"], a["platform"]):
        if not box:
            continue
        doc.add_heading(f"{_('Verdict on %(offer)s') % {'offer': box['label']}}: {box['verdict']}", level=2)
        for reason in box["reasons"][:4]:
            doc.add_paragraph(f"{reason['text']} ({reason['gdpr']})", style="List Bullet")
    doc.add_heading(_("Recommendation"), level=2)
    rows = []
    for i, pick in enumerate(a["recommendation"], start=1):
        gains = "; ".join(f"{g['title']}: {g['level_label']}" for g in pick["gains"])
        difference = f" ({signed(pick['difference']['low'], language)} {_('points')})" if pick["difference"] else ""
        rows.append([str(i), pick["label"], pick["verdict"], pick["score"] + difference, gains or "—"])
    if rows:
        _table(doc, ["#", _("Offer"), _("Verdict"), _("Score"), _("Gains over WhatsApp Business")], rows, 9)
        top = a["recommendation"][0]
        doc.add_paragraph(_("Recommended: %(offer)s (%(verdict)s).") % {"offer": top["label"], "verdict": top["verdict"].lower()})
    else:
        doc.add_paragraph(_("No offer in this comparison may be recommended under this profile: every one is not suitable."))
    doc.add_paragraph(f"{_('Sensitivity')}: {a['sensitivity']}")
    doc.add_paragraph(
        _("Permalink pinned to the facts of %(day)s (reproduces every number in this report):") % {"day": a["data_day"]}
        + " "
        + a["permalink"]
    )


SENSITIVITY_ROWS = 8
"""As many products as the PDF's sensitivity table lists."""


def _sensitivity(doc: WordDocument, sensitivity: Mapping[str, Any], _: Any) -> None:
    """The PDF's sensitivity section: its sentences, the table of the leading products, the method."""
    doc.add_heading(_("Sensitivity to the weights"), level=1)
    for sentence in sensitivity["summary"]:
        doc.add_paragraph(sentence)
    distributions = sensitivity.get("distributions") or []
    if distributions:
        _table(
            doc,
            [_("Product"), _("Ranks first"), _("In the top three"), _("Rank (90 % interval)")],
            [[item["label"], item["first_text"], item["top_text"], item["interval_text"]] for item in distributions[:SENSITIVITY_ROWS]],
            9,
        )
    doc.add_paragraph(
        _(
            "Method: %(samples)s weightings drawn around the profile (Dirichlet distribution, concentration %(concentration)s, seed %(seed)s); ranks use the guaranteed score."
        )
        % {"samples": sensitivity["samples_text"], "concentration": sensitivity["concentration"], "seed": sensitivity["seed"]}
    )


def _registers(doc: WordDocument, document: Mapping[str, Any], _: Any) -> None:
    doc.add_heading(_("Risk register (DPIA)"), level=1)
    doc.add_paragraph(
        _(
            "Likelihood and impact are scored 1–3; risk = likelihood × impact: 1–2 low, 3–4 medium, 6–9 high. Measures lower the likelihood, never the impact; a fact that is not verified is assessed at the worst level. Scales and method: see the method page."
        )
    )
    scales = document["register_scales"]
    for kind, title in (("likelihood", _("Likelihood")), ("impact", _("Impact"))):
        steps = "; ".join(f"{step['value']} {step['label']} — {step['description']}" for step in scales[kind])
        doc.add_paragraph(f"{title}: {steps}.")
    legend = "; ".join(f"{m['code']} {m['title']}" for m in scales["legend"])
    doc.add_paragraph(f"{_('Measures from the source article')}: {legend}.")
    for register in document["registers"]:
        role = f" ({register['role']})" if register["role"] else ""
        doc.add_heading(_("Risk register: %(offer)s") % {"offer": register["label"]} + role, level=2)
        before, residual = register["counts"]["before"], register["counts"]["residual"]
        doc.add_paragraph(
            _("Before measures: %(high)s high, %(medium)s medium, %(low)s low. After measures: %(rhigh)s high, %(rmedium)s medium, %(rlow)s low.")
            % {"high": before["high"], "medium": before["medium"], "low": before["low"], "rhigh": residual["high"], "rmedium": residual["medium"], "rlow": residual["low"]}
        )
        rows = []
        for r in register["rows"]:
            fact = f"{r['fact']['criterion_title']}: {r['fact']['level_label'] or '—'}"
            if r["fact"]["status"] != "verified":
                fact += f" ({r['fact']['status_label']})"
            if r["fact"]["quote"]:
                fact += f" “{r['fact']['quote']}” ({r['fact']['date']})"
            codes = ", ".join(m["code"] for m in r["measures"])
            mitigation = " ".join([*([codes + " ·"] if codes else []), *r["product_measures"]])
            rows.append(
                [
                    f"{r['title']} ({r['gdpr']})",
                    fact,
                    f"{r['likelihood']['value']} {r['likelihood']['label']}: {r['likelihood']['reason']}",
                    f"{r['impact']['value']} {r['impact']['label']}: {r['impact']['reason']}",
                    f"{r['risk']['value']} {r['risk']['label']}",
                    mitigation,
                    f"{r['residual']['value']} {r['residual']['label']}",
                ]
            )
        _table(doc, [_("Risk"), _("Fact"), _("Likelihood"), _("Impact"), _("Risk"), _("Mitigation"), _("Residual risk")], rows, 7)


def report_docx(document: Mapping[str, Any]) -> bytes:
    """The report's document (``compare.exports.report.report_document``) as a .docx file."""
    _ = translations(document["language"]).gettext
    doc = Document()
    doc.core_properties.title = _("Replacing WhatsApp Business: the answer")
    doc.core_properties.author = "msgcompare"
    _answer(doc, document["answer"], document["as_of"] or document["data_date"] or "—", document["language"], _)
    doc.add_page_break()  # type: ignore[no-untyped-call]
    doc.add_heading(_("Ranking"), level=1)
    _table(
        doc,
        [_("Rank"), _("Product"), _("Verdict"), _("Score"), _("vs WhatsApp"), _("Coverage")],
        [
            [
                str(row["rank"]),
                row["label"],
                row["verdict"]["label"],
                row["display"]["text"],
                signed(row["versus_reference"]["difference"]["low"], document["language"]) if row.get("versus_reference") and not row.get("is_reference") else "—",
                row["coverage_text"],
            ]
            for row in document["ranking"]
        ],
    )
    doc.add_heading(_("Weights and must-haves of the profile"), level=2)
    _table(
        doc,
        [_("Criterion"), _("Weight"), _("Share"), _("Must-have (minimum level)")],
        [
            [c["title"], f"{c['weight']:g}", f"{c['share'] * 100:.0f} %", c["must_have_label"] or "—"]
            for c in document["profile"]["criteria"]
            if c["weight"] > 0 or c["must_have"]
        ],
    )
    doc.add_heading(_("Verdicts and their reasons"), level=1)
    for row in document["ranking"]:
        doc.add_heading(f"{row['label']}: {row['verdict']['label']}", level=3)
        for reason in row["verdict"]["decisive"]:
            doc.add_paragraph(f"{reason['text']} ({reason['gdpr']})", style="List Bullet")
    _orientation(doc, landscape=True)
    doc.add_heading(_("Levels per criterion"), level=1)
    for group in document["matrix_groups"]:
        _table(
            doc,
            [_("Product"), *(c["title"] for c in group["criteria"])],
            [[row["label"], *(cell["text"] for cell in row["cells"])] for row in group["rows"]],
        )
        doc.add_paragraph()
    _orientation(doc, landscape=False)
    if document["charts"]:
        doc.add_heading(_("Charts"), level=1)
        for chart in document["charts"]:
            doc.add_picture(io.BytesIO(chart.image), width=Cm(16))
            doc.add_paragraph(f"{chart.title}. {chart.description}", style="Caption")
    _sensitivity(doc, document["sensitivity"], _)
    if document["registers"]:
        _orientation(doc, landscape=True)
        _registers(doc, document, _)
    if document["appendix"]:
        _orientation(doc, landscape=False)
        appendix = document["appendix"]
        doc.add_heading(_("Appendix A. The full field"), level=1)
        _table(
            doc,
            [_("Rank"), _("Product"), _("Verdict"), _("Score"), _("Coverage")],
            [[str(r["rank"]), r["label"], r["verdict"]["label"], r["display"]["text"], r["coverage_text"]] for r in appendix["ranking"]],
        )
        doc.add_heading(_("Appendix B. Evidence per criterion"), level=1)
        for criterion in appendix["criteria"]:
            doc.add_heading(criterion["title"], level=2)
            _table(
                doc,
                [_("Product"), _("Level"), _("Evidence"), _("Source"), _("Date")],
                [
                    [
                        row["label"],
                        (row["level_label"] or "—") + ("" if row["status"] == "verified" else f" ({row['status_label']})"),
                        f"“{row['quote']}”" if row["quote"] else "—",
                        row["source_url"] or "—",
                        row["date"] or "—",
                    ]
                    for row in criterion["rows"]
                ],
                7,
            )
    doc.add_paragraph(_("Generated by msgcompare on %(date)s.") % {"date": document["generated_at"]})
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
