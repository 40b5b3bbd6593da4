"""A product page: every fact with its evidence and history, and what to do where it falls short.

Shortfalls (a level below the criterion's best, or no verified fact) are listed with the risks
they leave open and the source article's governance topics and hardening measures that answer
them: for WhatsApp Business that is the article's "if you use it anyway" checklist.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from babel import Locale
from babel.dates import format_date

from compare.facts import SELF_RUN, Fact, FactStatus, Observation, Offer, Product
from compare.i18n import translator
from compare.presenters.evidence import (
    date_text,
    evidence_document,
    fact_document,
    status_label,
    text_document,
)
from compare.presenters.overview import category_label, hosting_label
from compare.presenters.practical import practical_document
from compare.presenters.provenance import topic_text, value_text
from criteria.model import Catalogue, Criterion

FactKey = tuple[str, str | None, str]


def revision_document(fact: Fact, criterion: Criterion, language: str) -> dict[str, Any]:
    """One entry of a fact's timeline: when, by whom, why, and what it said."""
    return {
        "revision": fact.revision_id,
        "recorded_at": fact.recorded_at.isoformat() if fact.recorded_at else None,
        "recorded_on": format_date(fact.recorded_at.date(), format="long", locale=language) if fact.recorded_at else None,
        "author": fact.author,
        "reason": fact.reason,
        "status": fact.status.value,
        "status_label": status_label(fact.status, language),
        "level": fact.level_id,
        "level_label": criterion.level(fact.level_id).label.get(language) if fact.level_id else None,
    }


def shortfall_of(fact: Fact | None, criterion: Criterion, language: str, self_hosted: bool = True) -> str | None:
    """Why a cell falls short of the best level the offer can reach, or None when it does not.

    A cloud offer is measured against the best level a cloud offer can reach: being below
    "no vendor processing (self-hosted)" is what a cloud service is, not a shortfall of it.
    """
    _ = translator(language).gettext
    if fact is None or fact.status is FactStatus.UNKNOWN or fact.level_id is None:
        return _("unknown")
    if not fact.scores:
        return _("not verified")
    best = criterion.best_reachable(self_hosted)
    if criterion.rank_of(fact.level_id) < criterion.rank_of(best.id):
        return _("“%(level)s”, below “%(best)s”") % {
            "level": criterion.level(fact.level_id).label.get(language),
            "best": best.label.get(language),
        }
    return None


def observation_document(observation: Observation, catalogue: Catalogue, language: str) -> dict[str, Any]:
    """A researched finding that is shown but not scored."""
    criterion = catalogue.criterion(observation.criterion_id) if observation.criterion_id else None
    return {
        "topic": observation.topic,
        "topic_text": topic_text(observation.topic, language),
        "value": observation.value,
        "value_text": value_text(observation.value, language)[0],
        "value_language": value_text(observation.value, language)[1],
        "criterion": observation.criterion_id,
        "criterion_title": criterion.title.get(language) if criterion else None,
        "confidence": observation.confidence.value,
        "explanation": text_document(observation.explanation, language),
        "evidence": evidence_document(observation.evidence, language),
        "events": [{"date": e.date, "date_text": date_text(e.date, language), "text": e.text} for e in observation.history],
    }


def product_document(
    product: Product,
    offers: tuple[Offer, ...],
    histories: Mapping[FactKey, tuple[Fact, ...]],
    observations: tuple[Observation, ...],
    catalogue: Catalogue,
    language: str,
) -> dict[str, Any]:
    """Facts grouped by criterion (one entry per distinct fact, with the editions it covers).

    ``histories`` maps a fact's key to all its revisions, oldest first (``queries.fact_history``).
    """
    _ = translator(language).gettext
    single = len(offers) == 1
    criteria: list[dict[str, Any]] = []
    shortfalls: list[dict[str, Any]] = []
    for criterion in catalogue.criteria:
        entries: dict[FactKey | None, dict[str, Any]] = {}
        short_offers = []
        for offer in offers:
            fact = offer.facts.get(criterion.id)
            key = fact.key if fact is not None else None
            self_hosted = offer.hosting in SELF_RUN
            if key not in entries:
                entry = fact_document(fact, criterion, language, under_review=criterion.id in offer.under_review)
                entry["applies_to"] = []
                entry["shortfall"] = shortfall_of(fact, criterion, language, self_hosted)
                entry["revisions"] = [revision_document(f, criterion, language) for f in histories.get(key, ())] if key else []
                entry["events"] = [{"date": e.date, "date_text": date_text(e.date, language), "text": e.text} for e in fact.history] if fact else []
                entries[key] = entry
            entries[key]["applies_to"].append({"offer": offer.id, "label": offer.label(language)})
            reason = shortfall_of(fact, criterion, language, self_hosted)
            if reason is not None:
                short_offers.append({"offer": offer.id, "label": offer.label(language), "reason": reason})
        criteria.append({"id": criterion.id, "title": criterion.title.get(language), "facts": list(entries.values())})
        if short_offers:
            shortfalls.append(
                {
                    "criterion": criterion.id,
                    "title": criterion.title.get(language),
                    "offers": short_offers,
                    "risks": [catalogue.risk(r).title.get(language) for r in criterion.risks],
                    "gdpr": list(criterion.gdpr),
                    "mitigations": [m.id for m in catalogue.mitigations_for(criterion.id) if m.fits(product.category.value)],
                }
            )
    short_ids = {s["criterion"] for s in shortfalls}
    checklist: dict[str, list[dict[str, Any]]] = {"governance": [], "hardening": []}
    for mitigation in sorted(catalogue.mitigations, key=lambda m: (m.kind != "governance", m.number)):
        answers = [c for c in mitigation.criteria if c in short_ids]
        if answers and mitigation.fits(product.category.value):
            checklist[mitigation.kind].append(
                {
                    "id": mitigation.id,
                    "number": mitigation.number,
                    "title": mitigation.title.get(language),
                    "criteria": [{"id": c, "title": catalogue.criterion(c).title.get(language)} for c in answers],
                }
            )
    counts = {status.value: 0 for status in FactStatus}
    for criterion_entry in criteria:
        for fact_entry in criterion_entry["facts"]:
            counts[fact_entry["status"]] += 1
    return {
        "language": language,
        "product": {
            "id": product.id,
            "name": product.name,
            "full_name": product.full_name,
            "vendor_company": product.vendor_company,
            "jurisdiction": product.jurisdiction,
            "jurisdiction_note": product.jurisdiction_note,
            "jurisdiction_name": country_name(product.jurisdiction, language),
            "website": product.website,
            "category": product.category.value,
            "category_label": category_label(product.category, language),
            "eu": product.is_eu,
        },
        "offers": [
            {
                "offer": offer.id,
                "label": offer.label(language),
                "edition": offer.edition.id if offer.edition else None,
                "hosting": offer.hosting.value,
                "hosting_label": hosting_label(offer.hosting, language),
                "practical": practical_document(offer.practical, language),
            }
            for offer in offers
        ],
        "single_edition": single,
        "status_counts": counts,
        "criteria": criteria,
        "observations": [observation_document(o, catalogue, language) for o in observations],
        "shortfalls": shortfalls,
        "checklist": checklist,
        "checklist_intro": _(
            "Measures from the source article for an organisation that uses this product anyway, for the shortfalls above."
        )
        if shortfalls
        else None,
    }


def country_name(code: str | None, language: str) -> str | None:
    """The vendor's country in the reader's language; the data's own note is a researcher's, in English."""
    if code is None:
        return None
    names: Mapping[str, str] = Locale.parse(language).territories
    return names.get(code, code)
