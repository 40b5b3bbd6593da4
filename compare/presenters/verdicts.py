"""Verdicts and the comparison with the reference offer, as documents every output shares.

The page, the API, the exports and the report print the same verdict words and the same points
gained or lost against WhatsApp Business, so they are made once here.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from compare.i18n import translator
from compare.verdicts import OfferVerdict, VerdictLevel, VerdictReason
from criteria.model import Catalogue

REFERENCE_OFFER = "whatsapp-business-app"
"""The offer our readers are replacing: the default baseline of every comparison."""


def verdict_label(level: VerdictLevel, language: str) -> str:
    """A verdict in words."""
    return _verdict_labels(language)[level]


@cache
def _verdict_labels(language: str) -> dict[VerdictLevel, str]:
    _ = translator(language).gettext
    return {
        VerdictLevel.SUITABLE: _("Suitable"),
        VerdictLevel.SUITABLE_WITH_MEASURES: _("Suitable with measures"),
        VerdictLevel.UNDETERMINED: _("Undetermined"),
        VerdictLevel.NOT_SUITABLE: _("Not suitable"),
    }


def reason_document(reason: VerdictReason, catalogue: Catalogue, language: str) -> dict[str, Any]:
    """One finding: both languages (the API promises both), the text to show, its article."""
    return {
        "kind": reason.kind.value,
        "en": reason.text.en,
        "nl": reason.text.get("nl"),
        "text": reason.text.get(language),
        "criterion": reason.criterion_id,
        "criterion_title": catalogue.criterion(reason.criterion_id).title.get(language) if reason.criterion_id else None,
        "gdpr": reason.gdpr,
        "rule": reason.rule_id,
    }


def measure_document(measure_id: str, catalogue: Catalogue, language: str) -> dict[str, Any]:
    """A governance topic or hardening measure from the source article, with its number."""
    _ = translator(language).gettext
    mitigation = catalogue.mitigation(measure_id)
    kind = _("Governance topic %(n)s") if mitigation.kind == "governance" else _("Hardening measure %(n)s")
    return {
        "id": mitigation.id,
        "kind": mitigation.kind,
        "number": mitigation.number,
        "label": kind % {"n": mitigation.number},
        "title": mitigation.title.get(language),
    }


def verdict_document(verdict: OfferVerdict, catalogue: Catalogue, language: str) -> dict[str, Any]:
    """The verdict with every reason (decisive ones first) and the measures it names."""
    return {
        "level": verdict.level.value,
        "label": verdict_label(verdict.level, language),
        "reasons": [reason_document(r, catalogue, language) for r in verdict.reasons],
        "decisive": [reason_document(r, catalogue, language) for r in verdict.decisive],
        "measures": [measure_document(m, catalogue, language) for m in verdict.measures],
    }


def tenths(value: float) -> int:
    """A printed score (one decimal) as whole tenths, so differences are exact."""
    return round(value * 10)


def versus_document(row: dict[str, Any], reference: dict[str, Any]) -> dict[str, Any]:
    """Per criterion: the reference's level, this offer's level, and the points gained or lost.

    Both rows are ``ranking_row`` documents under the same profile. Points are differences of the
    printed parts, so they add up exactly to the difference of the printed totals.
    """
    by_criterion = {c["criterion"]: c for c in reference["contributions"]}
    criteria = []
    for part in row["contributions"]:
        theirs = by_criterion[part["criterion"]]
        low = tenths(part["display"]["low"]) - tenths(theirs["display"]["low"])
        high = tenths(part["display"]["high"]) - tenths(theirs["display"]["high"])
        criteria.append(
            {
                "criterion": part["criterion"],
                "title": part["title"],
                "reference_level": theirs["level"] if theirs["status"] == "verified" else None,
                "reference_level_label": theirs["level_label"],
                "reference_status": theirs["status"],
                "level": part["level"] if part["status"] == "verified" else None,
                "level_label": part["level_label"],
                "status": part["status"],
                "points": {"low": low / 10, "high": high / 10},
            }
        )
    difference = {
        "low": (tenths(row["display"]["low"]) - tenths(reference["display"]["low"])) / 10,
        "high": (tenths(row["display"]["high"]) - tenths(reference["display"]["high"])) / 10,
    }
    return {"reference": reference["offer"], "reference_label": reference["label"], "difference": difference, "criteria": criteria}
