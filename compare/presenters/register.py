"""An offer's DPIA-style risk register, read off its facts with ``criteria/risk-register.yaml``.

Each row says what the fact is (level, quote, source, date), how likely the risk is at that level
and why, how bad it is if it happens, the measures that answer it (the source article's governance
topics and hardening measures that fit the product, plus what to do on this kind of offer) and the
risk that is left. A fact that is not verified counts at the worst level: a register must not
call a risk low on a claim nobody checked.
"""

from __future__ import annotations

from typing import Any

from compare.facts import Fact, FactStatus, Offer
from compare.i18n import translator
from compare.presenters.evidence import status_label
from criteria.model import Catalogue
from criteria.register import Register, RegisterEntry, rating


def rating_label(value: str, language: str) -> str:
    """``low``/``medium``/``high`` in words."""
    _ = translator(language).gettext
    return {"low": _("Low risk"), "medium": _("Medium risk"), "high": _("High risk")}[value]


def measure_code(kind: str, number: int) -> str:
    """``G3`` for governance topic 3, ``H5`` for hardening measure 5: short enough for a table cell."""
    return f"{'G' if kind == 'governance' else 'H'}{number}"


def measure_legend(catalogue: Catalogue, language: str) -> list[dict[str, str]]:
    """Every measure of the source article by its code, for the legend under the registers."""
    _ = translator(language).gettext
    legend = []
    for mitigation in catalogue.mitigations:
        kind = _("Governance topic %(n)s") if mitigation.kind == "governance" else _("Hardening measure %(n)s")
        legend.append(
            {"code": measure_code(mitigation.kind, mitigation.number), "label": kind % {"n": mitigation.number}, "title": mitigation.title.get(language)}
        )
    return legend


def scales_document(register: Register, language: str) -> dict[str, Any]:
    """The likelihood and impact scales with their meaning, for the method page and the report."""
    return {
        kind: [
            {"value": step.value, "label": step.label.get(language), "description": step.description.get(language)}
            for step in steps
        ]
        for kind, steps in (("likelihood", register.scales.likelihood), ("impact", register.scales.impact))
    }


def _fact_document(fact: Fact | None, entry: RegisterEntry, catalogue: Catalogue, language: str) -> dict[str, Any]:
    criterion = catalogue.criterion(entry.criterion)
    status = fact.status if fact is not None else FactStatus.UNKNOWN
    level = criterion.level(fact.level_id) if fact is not None and fact.level_id else None
    evidence = fact.evidence if fact is not None else None
    return {
        "criterion": criterion.id,
        "criterion_title": criterion.title.get(language),
        "status": status.value,
        "status_label": status_label(status, language),
        "level": level.id if level else None,
        "level_label": level.label.get(language) if level else None,
        "quote": evidence.quote if evidence else None,
        "source_url": evidence.source_url if evidence else None,
        "date": evidence.date_label if evidence else None,
    }


def register_row(offer: Offer, entry: RegisterEntry, register: Register, catalogue: Catalogue, language: str) -> dict[str, Any]:
    """One risk for one offer: fact, likelihood, impact, measures and residual risk."""
    _ = translator(language).gettext
    criterion = catalogue.criterion(entry.criterion)
    fact = offer.facts.get(entry.criterion)
    verified = fact is not None and fact.scores and fact.level_id is not None
    assessment = entry.assessment_for(fact.level_id if verified and fact is not None and fact.level_id else criterion.worst.id)
    reason = assessment.reason.get(language)
    product_measures = [assessment.product_measures.get(language)]
    if not verified:
        reason = _("Not verified, so assessed at the worst level: %(reason)s") % {"reason": reason}
        product_measures.insert(0, _("Ask the vendor for evidence that shows the level: %(what)s") % {"what": criterion.title.get(language)})
    category = offer.product.category.value
    measures = []
    for measure_id in assessment.measures:
        mitigation = catalogue.mitigation(measure_id)
        if not mitigation.fits(category):
            continue
        kind = _("Governance topic %(n)s") if mitigation.kind == "governance" else _("Hardening measure %(n)s")
        measures.append(
            {"id": mitigation.id, "code": measure_code(mitigation.kind, mitigation.number), "label": kind % {"n": mitigation.number}, "title": mitigation.title.get(language)}
        )
    inherent = rating(assessment.likelihood, entry.impact)
    residual = rating(assessment.residual, entry.impact)
    scales = register.scales
    return {
        "id": entry.id,
        "title": catalogue.risk(entry.risk).title.get(language),
        "gdpr": entry.gdpr,
        "fact": _fact_document(fact, entry, catalogue, language),
        "likelihood": {
            "value": assessment.likelihood,
            "label": scales.step("likelihood", assessment.likelihood).label.get(language),
            "reason": reason,
        },
        "impact": {
            "value": entry.impact,
            "label": scales.step("impact", entry.impact).label.get(language),
            "reason": entry.impact_reason.get(language),
        },
        "risk": {"value": assessment.likelihood * entry.impact, "rating": inherent, "label": rating_label(inherent, language)},
        "measures": measures,
        "product_measures": product_measures,
        "residual": {
            "likelihood": assessment.residual,
            "likelihood_label": scales.step("likelihood", assessment.residual).label.get(language),
            "value": assessment.residual * entry.impact,
            "rating": residual,
            "label": rating_label(residual, language),
        },
    }


RATING_ORDER = {"high": 0, "medium": 1, "low": 2}


def register_document(offer: Offer, register: Register, catalogue: Catalogue, language: str) -> dict[str, Any]:
    """The register of one offer, highest risks first, with counts per residual rating."""
    rows = [register_row(offer, entry, register, catalogue, language) for entry in register.entries]
    rows.sort(key=lambda r: (RATING_ORDER[r["risk"]["rating"]], -r["risk"]["value"]))
    return {
        "offer": offer.id,
        "label": offer.label(language),
        "rows": rows,
        "counts": {
            stage: {level: sum(r[key]["rating"] == level for r in rows) for level in ("high", "medium", "low")}
            for stage, key in (("before", "risk"), ("residual", "residual"))
        },
    }


def register_method_document(register: Register, catalogue: Catalogue, language: str) -> dict[str, Any]:
    """The scales and, per risk, its article, deciding criterion and impact: for the method page."""
    return {
        "scales": scales_document(register, language),
        "entries": [
            {
                "id": entry.id,
                "title": catalogue.risk(entry.risk).title.get(language),
                "gdpr": entry.gdpr,
                "criterion": catalogue.criterion(entry.criterion).title.get(language),
                "impact": entry.impact,
                "impact_label": register.scales.step("impact", entry.impact).label.get(language),
                "impact_reason": entry.impact_reason.get(language),
            }
            for entry in register.entries
        ],
    }
