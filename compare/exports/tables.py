"""The matrix as data: one row per offer and criterion, with level, evidence quote, source and date.

Three formats are built from the same rows (``evidence_rows``): JSON (typed), CSV (for tools) and
XLSX (for people; see ``compare.exports.spreadsheet``). Quotes are text scraped from vendors'
pages, so the CSV neutralises anything a spreadsheet would run as a formula.

CSV decisions (docs/api.md): RFC 4180, comma-separated, CRLF line ends, UTF-8 *with* a byte-order
mark so Excel detects the encoding (Dutch and typographic characters survive a double-click),
dot decimals, column names as fixed English identifiers whatever the language.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from compare.exports.scope import Scope
from compare.presenters.spreadsheet_text import neutralise

COLUMNS = (
    "profile",
    "data_date",
    "as_of",
    "rank",
    "offer",
    "product",
    "edition",
    "offer_label",
    "standing",
    "verdict",
    "verdict_reasons",
    "criterion",
    "criterion_title",
    "weight",
    "status",
    "level",
    "level_label",
    "level_score",
    "scores",
    "confidence",
    "contribution_low",
    "contribution_high",
    "reference",
    "reference_level",
    "points_vs_reference",
    "quote",
    "source_url",
    "source_date",
    "seen_on",
    "source_type",
    "seen_in",
    "explanation",
    "revision",
)
"""The columns of every evidence row, in order; CSV headers use these names."""

def evidence_rows(scope: Scope) -> list[dict[str, Any]]:
    """Every offer (in rank order) × every criterion (catalogue order), with typed values.

    ``contribution_*`` are the printed parts of the offer's score (tenths that add up to the
    printed total); criteria the profile does not weigh have none.
    """
    about = scope.about()
    ranking = {row["offer"]: row for row in scope.overview["ranking"]}
    rows: list[dict[str, Any]] = []
    by_criterion = {criterion["id"]: criterion for criterion in scope.side_by_side["criteria"]}
    for offer in scope.offers:
        ranked = ranking.get(offer.id)
        if ranked is None:
            continue  # left out by the verdict filter
        versus = ranked["versus_reference"] or {"reference": None, "criteria": []}
        against = {part["criterion"]: part for part in versus["criteria"]}
        for criterion in scope.catalogue.criteria:
            entry = by_criterion[criterion.id]
            cell = next(c for c in entry["cells"] if c["offer"] == offer.id)
            evidence = cell["evidence"] or {}
            explanation = cell["explanation"] or {}
            contribution = cell["contribution"]
            rows.append(
                {
                    "profile": about["profile"],
                    "data_date": about["data_date"],
                    "as_of": about["as_of"],
                    "rank": ranked["rank"],
                    "offer": offer.id,
                    "product": offer.product.id,
                    "edition": offer.edition.id if offer.edition else None,
                    "offer_label": ranked["label"],
                    "standing": ranked["standing"],
                    "verdict": ranked["verdict"]["level"],
                    "verdict_reasons": "; ".join(r["text"] for r in ranked["verdict"]["decisive"]),
                    "criterion": criterion.id,
                    "criterion_title": entry["title"],
                    "weight": entry["weight"],
                    "status": cell["status"],
                    "level": cell["level"],
                    "level_label": cell["level_label"],
                    "level_score": cell["level_score"],
                    "scores": cell["scores"],
                    "confidence": cell["confidence"],
                    "contribution_low": contribution["display"]["low"] if contribution else None,
                    "contribution_high": contribution["display"]["high"] if contribution else None,
                    "reference": versus["reference"],
                    "reference_level": against[criterion.id]["reference_level"] if criterion.id in against else None,
                    "points_vs_reference": against[criterion.id]["points"]["low"] if criterion.id in against else None,
                    "quote": evidence.get("quote"),
                    "source_url": evidence.get("source_url"),
                    "source_date": evidence.get("date"),
                    "seen_on": evidence.get("seen_on"),
                    "source_type": evidence.get("source_type"),
                    "seen_in": evidence.get("seen_in"),
                    "explanation": explanation.get("text"),
                    "revision": cell["revision"],
                }
            )
    return rows


def matrix_document(scope: Scope) -> dict[str, Any]:
    """The JSON export: what it is, the profile used, the ranking, the criteria and every cell."""
    return {
        "about": scope.about(),
        "profile": scope.profile_document(),
        "ranking": [
            {
                "rank": row["rank"],
                "offer": row["offer"],
                "label": row["label"],
                "standing": row["standing"],
                "score": row["display"],
                "coverage": row["coverage"],
                "reasons": row["reasons"],
                "verdict": {
                    "level": row["verdict"]["level"],
                    "label": row["verdict"]["label"],
                    "reasons": [{k: r[k] for k in ("kind", "text", "criterion", "gdpr")} for r in row["verdict"]["reasons"]],
                    "measures": [m["label"] + ": " + m["title"] for m in row["verdict"]["measures"]],
                },
                "is_reference": row["is_reference"],
                "versus_reference": row["versus_reference"],
            }
            for row in scope.overview["ranking"]
        ],
        "criteria": [
            {
                "id": criterion.id,
                "title": criterion.title.get(scope.language),
                "weight": scope.choice.effective.weight(criterion.id),
                "levels": [
                    {"id": level.id, "label": level.label.get(scope.language), "score": level.score}
                    for level in criterion.levels
                ],
            }
            for criterion in scope.catalogue.criteria
        ],
        "columns": list(COLUMNS),
        "cells": evidence_rows(scope),
    }


def csv_text(value: Any) -> str:
    """One CSV field: numbers as written by Python (dot decimals), booleans as true/false, texts neutralised."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return f"{value:.12g}" if isinstance(value, float) else str(value)
    return neutralise(str(value))


def matrix_csv(scope: Scope) -> bytes:
    """The evidence rows as CSV bytes (UTF-8 with BOM, CRLF, every field quoted when needed)."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, dialect="excel")
    writer.writerow(COLUMNS)
    for row in evidence_rows(scope):
        writer.writerow([csv_text(row[column]) for column in COLUMNS])
    return buffer.getvalue().encode("utf-8-sig")
