"""Side by side: two to five offers, criterion by criterion, with the evidence for every cell.

Offers appear in rank order (the best first), so "why lower" always explains each offer against
the best of the selection.
"""

from __future__ import annotations

from typing import Any

from compare.facts import Offer
from compare.i18n import translator
from compare.presenters.evidence import fact_document
from compare.presenters.explain import why_lower
from compare.presenters.overview import ranking_row, with_reference
from compare.presenters.profiles import ProfileChoice, profile_document
from compare.scoring.rank import OfferScore, ScoreSheet
from criteria.model import Catalogue

MIN_OFFERS = 2
MAX_OFFERS = 5


def comparison_document(
    sheet: ScoreSheet,
    offers: tuple[Offer, ...],
    choice: ProfileChoice,
    catalogue: Catalogue,
    language: str,
    reference: OfferScore | None = None,
) -> dict[str, Any]:
    """The selected offers ranked against the whole field, their cells per criterion, and why.

    ``sheet`` ranks every offer (so ranks match the overview); only ``offers`` are shown. With a
    ``reference`` (the offer being replaced), each offer also says what it gains or loses
    against it, whether or not the reference is among the offers shown.
    """
    _ = translator(language).gettext
    wanted = {offer.id for offer in offers}
    rows = [ranking_row(row, catalogue, language) for row in sheet.rows if row.offer_id in wanted]
    reference_row = ranking_row(reference, catalogue, language) if reference is not None else None
    with_reference(rows, reference_row)
    by_offer = {offer.id: offer for offer in offers}
    parts = {row["offer"]: {part["criterion"]: part for part in row["contributions"]} for row in rows}
    criteria = []
    for criterion in catalogue.criteria:
        cells = []
        for row in rows:
            offer = by_offer[row["offer"]]
            fact = offer.facts.get(criterion.id)
            cell = fact_document(fact, criterion, language, under_review=criterion.id in offer.under_review)
            cell["offer"] = row["offer"]
            cell["contribution"] = parts[row["offer"]].get(criterion.id)
            cells.append(cell)
        scored = [cell["level_score"] for cell in cells if cell["scores"]]
        signature = {(cell["status"], cell["level"]) for cell in cells}
        # A "best" star among cells of which some are unknown would praise a level only because
        # nobody knows the others: it is given only when every offer in view is verified.
        best = max(scored) if scored and len(scored) == len(cells) else None
        differs = len(signature) > 1
        for cell in cells:
            cell["best"] = bool(differs and best is not None and cell["level_score"] == best)
        criteria.append(
            {
                "id": criterion.id,
                "title": criterion.title.get(language),
                "weight": choice.effective.weight(criterion.id),
                "differs": differs,
                "differs_label": _("differs") if differs else None,
                "cells": cells,
            }
        )
    explanations = [
        {"upper": rows[0]["offer"], "lower": row["offer"], "label": row["label"], "sentences": why_lower(rows[0], row, language)}
        for row in rows[1:]
    ]
    against_reference = []
    if reference_row is not None:
        for row in rows:
            if row["is_reference"]:
                continue
            ahead = row["display"]["low"] >= reference_row["display"]["low"]
            upper, lower = (row, reference_row) if ahead else (reference_row, row)
            against_reference.append(
                {"offer": row["offer"], "label": row["label"], "ahead": ahead, "sentences": why_lower(upper, lower, language)}
            )
    return {
        "language": language,
        "profile": profile_document(choice, catalogue, language),
        "offers": rows,
        "criteria": criteria,
        "explanations": explanations,
        "reference": reference_row,
        "against_reference": against_reference,
    }
