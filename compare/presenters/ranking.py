"""A score sheet as a JSON-ready document in which every number traces to a fact."""

from __future__ import annotations

from typing import Any

from compare.facts import Fact, FactStatus
from compare.scoring.rank import MustHaveResult, OfferScore, ScoreSheet
from criteria.model import Catalogue


def evidence_document(fact: Fact | None, language: str) -> dict[str, Any] | None:
    """The fact behind a cell: status, level, quote, source and date (or None for no fact at all)."""
    if fact is None:
        return None
    evidence = fact.evidence
    return {
        "status": fact.status.value,
        "level": fact.level_id,
        "confidence": fact.confidence.value,
        "edition": fact.edition_id,
        "explanation": fact.explanation.get(language) if fact.explanation else None,
        "quote": evidence.quote if evidence else None,
        "source_url": evidence.source_url if evidence else None,
        "source_date": evidence.date_label if evidence else None,
        "source_type": evidence.source_type if evidence else None,
        "revision": fact.revision_id,
    }


def reason_text(result: MustHaveResult, fact: Fact | None, catalogue: Catalogue, language: str) -> str:
    """One line saying why a must-have failed or could not be judged."""
    criterion = catalogue.criterion(result.criterion_id)
    minimum = criterion.level(result.minimum).label.get(language)
    if result.level_id is None:
        state = "not verified" if fact is not None and fact.status is FactStatus.UNVERIFIED else "unknown"
        return f"{criterion.title.get(language)}: {state} (must be at least “{minimum}”)"
    found = criterion.level(result.level_id).label.get(language)
    return f"{criterion.title.get(language)}: “{found}” is below “{minimum}”"


def row_document(row: OfferScore, catalogue: Catalogue, language: str) -> dict[str, Any]:
    """One ranked offer with its range, coverage, must-haves and per-criterion contributions."""
    problems = row.knock_outs or row.undetermined_must_haves
    return {
        "rank": row.rank,
        "offer": row.offer_id,
        "product": row.offer.product.id,
        "edition": row.offer.edition.id if row.offer.edition else None,
        "label": row.offer.label(language),
        "standing": row.standing.value,
        "score": {"low": round(row.low, 4), "high": round(row.high, 4)},
        "coverage": round(row.coverage, 4),
        "reasons": [reason_text(m, row.offer.facts.get(m.criterion_id), catalogue, language) for m in problems],
        "must_haves": [
            {"criterion": m.criterion_id, "minimum": m.minimum, "verdict": m.verdict.value, "level": m.level_id}
            for m in row.must_haves
        ],
        "contributions": [
            {
                "criterion": c.criterion_id,
                "weight": c.weight,
                "share": round(c.share, 6),
                "level": c.level_id,
                "status": c.status.value,
                "low": round(c.low, 4),
                "high": round(c.high, 4),
                "fact": evidence_document(c.fact, language),
            }
            for c in row.contributions
        ],
    }


def ranking_document(sheet: ScoreSheet, catalogue: Catalogue, language: str) -> dict[str, Any]:
    """The whole ranking: the profile it used and one row per offer, in rank order."""
    profile = sheet.profile
    return {
        "profile": {
            "id": profile.id,
            "title": profile.title.get(language),
            "weights": dict(profile.weights),
            "must_haves": [{"criterion": m.criterion, "minimum": m.minimum} for m in profile.must_haves],
        },
        "rows": [row_document(row, catalogue, language) for row in sheet.rows],
    }
