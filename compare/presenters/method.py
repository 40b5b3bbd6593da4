"""The method page's document: the verdict rules, profiles and a worked example, read from the data.

The page explains how answers are made; the tables come from the catalogue itself, so the page
cannot drift from what the service computes.
"""

from __future__ import annotations

from typing import Any

from compare.presenters.verdicts import verdict_label
from compare.verdicts import VerdictLevel
from criteria.model import Catalogue

OUTCOME_VERDICT = {
    "fail": VerdictLevel.NOT_SUITABLE,
    "measures": VerdictLevel.SUITABLE_WITH_MEASURES,
    "pass": VerdictLevel.SUITABLE,
}


def rules_document(catalogue: Catalogue, language: str) -> list[dict[str, Any]]:
    """Each baseline rule with its article and what every level of its criterion leads to."""
    rules = []
    for rule in catalogue.verdict_rules:
        criterion = catalogue.criterion(rule.criterion)
        outcomes = []
        for outcome in rule.outcomes:
            verdict = OUTCOME_VERDICT[outcome.outcome]
            outcomes.append(
                {
                    "outcome": outcome.outcome,
                    "verdict": verdict.value,
                    "verdict_label": verdict_label(verdict, language),
                    "levels": [criterion.level(level).label.get(language) for level in outcome.levels],
                    "reason": outcome.reason.get(language) if outcome.reason else None,
                    "measures": [
                        {"id": m, "number": catalogue.mitigation(m).number, "kind": catalogue.mitigation(m).kind, "title": catalogue.mitigation(m).title.get(language)}
                        for m in outcome.measures
                    ],
                }
            )
        rules.append(
            {
                "id": rule.id,
                "title": rule.title.get(language),
                "gdpr": rule.gdpr,
                "criterion": criterion.id,
                "criterion_title": criterion.title.get(language),
                "decisive": rule.decisive,
                "unknown": rule.unknown.get(language),
                "outcomes": outcomes,
            }
        )
    return rules


def profiles_document(catalogue: Catalogue, language: str) -> list[dict[str, Any]]:
    """The built-in profiles with their must-haves in words."""
    result = []
    for profile in catalogue.profiles:
        musts = []
        for must in profile.must_haves:
            criterion = catalogue.criterion(must.criterion)
            musts.append({"criterion": criterion.title.get(language), "minimum": criterion.level(must.minimum).label.get(language)})
        result.append({"id": profile.id, "title": profile.title.get(language), "description": profile.description.get(language), "must_haves": musts})
    return result


def method_document(catalogue: Catalogue, language: str, example: dict[str, Any] | None, counts: dict[str, int]) -> dict[str, Any]:
    """What the method page shows besides its prose."""
    return {
        "language": language,
        "rules": rules_document(catalogue, language),
        "profiles": profiles_document(catalogue, language),
        "criteria": [{"id": c.id, "title": c.title.get(language), "core": c.core} for c in catalogue.criteria],
        "governance": [m.title.get(language) for m in catalogue.mitigations if m.kind == "governance"],
        "hardening": [m.title.get(language) for m in catalogue.mitigations if m.kind == "hardening"],
        "example": example,
        "counts": counts,
    }
