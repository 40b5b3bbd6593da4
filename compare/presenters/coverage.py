"""How complete the data is: per criterion, how many offers have a verified fact, and which do not.

The same figures as ``msgcompare criteria check --coverage`` (``compare.audit.coverage``), in the
reader's language, for the open-data page: a buyer who relies on a ranking should see how much
of the matrix it rests on and which cells are still open, not only the maintainers.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from compare.audit import coverage
from compare.facts import Offer
from compare.i18n import number, translator
from compare.presenters.evidence import status_label
from criteria.model import Catalogue


def coverage_document(catalogue: Catalogue, offers: Sequence[Offer], language: str) -> dict[str, Any]:
    """One row per criterion in catalogue order: verified cells against the target, and the open cells."""
    _ = translator(language).gettext
    criteria = {c.id: c for c in catalogue.criteria}
    rows = []
    for row in coverage(catalogue, tuple(offers)):
        open_cells = []
        for offer in row.open:
            fact = offer.facts.get(row.criterion_id)
            open_cells.append(
                {
                    "offer": offer.id,
                    "label": offer.label(language),
                    "status": fact.status.value if fact is not None else "missing",
                    "status_label": status_label(fact.status, language) if fact is not None else _("no fact"),
                }
            )
        kind = _("core") if row.core else _("scored") if row.scored else _("not weighted")
        rows.append(
            {
                "criterion": row.criterion_id,
                "title": criteria[row.criterion_id].title.get(language),
                "core": row.core,
                "kind": kind,
                "verified": row.verified,
                "cells": row.cells,
                "percent": round(row.percent, 1),
                "percent_text": f"{number(row.percent, language, 1)}\N{NO-BREAK SPACE}%",
                "target": row.target,
                "target_text": f"{number(row.target, language, 0)}\N{NO-BREAK SPACE}%",
                "met": row.passed,
                "open": open_cells,
            }
        )
    met = sum(1 for row in rows if row["met"])
    return {
        "rows": rows,
        "met": met,
        "summary": _("%(met)s of %(total)s criteria meet their target: the five core criteria 95 %% of the offers verified, the other weighted ones 75 %%.")
        % {"met": met, "total": len(rows)},
    }

