"""The criteria page: what each criterion measures, its levels, why it matters, and the profiles."""

from __future__ import annotations

from typing import Any

from criteria.model import Catalogue


def criteria_document(catalogue: Catalogue, language: str) -> dict[str, Any]:
    """Every criterion with its ordered levels, risks, GDPR articles and the article's measures."""
    profiles = [{"id": p.id, "title": p.title.get(language), "description": p.description.get(language)} for p in catalogue.profiles]
    criteria = []
    for criterion in catalogue.criteria:
        criteria.append(
            {
                "id": criterion.id,
                "core": criterion.core,
                "title": criterion.title.get(language),
                "description": criterion.description.get(language),
                "why": criterion.why.get(language),
                "gdpr": list(criterion.gdpr),
                "default_weight": criterion.default_weight,
                "risks": [{"id": r, "title": catalogue.risk(r).title.get(language)} for r in criterion.risks],
                "levels": [
                    {"id": level.id, "label": level.label.get(language), "score": level.score, "qualifies": level.qualifies.get(language)}
                    for level in reversed(criterion.levels)
                ],
                "mitigations": [
                    {"id": m.id, "kind": m.kind, "number": m.number, "title": m.title.get(language)}
                    for m in catalogue.mitigations_for(criterion.id)
                ],
                "weights": {p.id: p.weight(criterion.id) for p in catalogue.profiles},
                "must_haves": {
                    p.id: criterion.level(m.minimum).label.get(language)
                    for p in catalogue.profiles
                    for m in p.must_haves
                    if m.criterion == criterion.id
                },
            }
        )
    return {
        "language": language,
        "criteria": criteria,
        "profiles": profiles,
        "risks": [{"id": r.id, "title": r.title.get(language)} for r in catalogue.risks],
    }
