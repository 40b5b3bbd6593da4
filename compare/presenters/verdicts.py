"""Verdicts and the comparison with the reference offer, as documents every output shares.

The page, the API, the exports and the report print the same verdict words and the same points
gained or lost against WhatsApp Business, so they are made once here.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from compare.i18n import translator
from compare.scoring.rank import OfferScore
from compare.verdicts import OfferVerdict, VerdictLevel, VerdictReason, judge
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


MEMO_SIZE = 50_000
"""Entries kept by each memo below: every offer of a 2,300-offer ranking under a score of must-have sets."""
# A verdict depends on the offer's facts, its must-have results and the catalogue's rules, never
# on the weights: a new weighting of 2,300 offers would otherwise judge (and word) them all again.
# Offers and catalogues are immutable but not hashable, so entries are keyed by identity and hold
# the objects they were made from (an id is never reused while its object is alive).
_VERDICTS: dict[tuple[int, int, tuple[Any, ...]], tuple[object, object, OfferVerdict]] = {}
_VERDICT_DOCUMENTS: dict[tuple[int, int, str], tuple[OfferVerdict, object, dict[str, Any]]] = {}


def judged(row: OfferScore, catalogue: Catalogue) -> OfferVerdict:
    """``judge(row, catalogue)``, remembered for the same offer, catalogue and must-have results."""
    key = (id(row.offer), id(catalogue), row.must_haves)
    entry = _VERDICTS.get(key)
    if entry is None or entry[0] is not row.offer or entry[1] is not catalogue:
        if len(_VERDICTS) >= MEMO_SIZE:
            _VERDICTS.clear()
        entry = _VERDICTS[key] = (row.offer, catalogue, judge(row, catalogue))
    return entry[2]


def verdict_document_of(verdict: OfferVerdict, catalogue: Catalogue, language: str) -> dict[str, Any]:
    """``verdict_document``, remembered per verdict object (from ``judged``); treat it as read-only."""
    key = (id(verdict), id(catalogue), language)
    entry = _VERDICT_DOCUMENTS.get(key)
    if entry is None or entry[0] is not verdict or entry[1] is not catalogue:
        if len(_VERDICT_DOCUMENTS) >= MEMO_SIZE:
            _VERDICT_DOCUMENTS.clear()
        entry = _VERDICT_DOCUMENTS[key] = (verdict, catalogue, verdict_document(verdict, catalogue, language))
    return entry[2]


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
