"""The building blocks every page shares: a fact with its evidence, a level, a must-have reason.

Documents are plain dicts of strings, numbers, lists and None, so a template, the JSON twin, the
API and a PDF report all read the same thing. Texts are in the requested language; where Dutch
is missing for a scraped text, ``*_language`` says which language the text really is in, so the
page can mark it with ``lang="en"``.
"""

from __future__ import annotations

from datetime import date
from functools import cache
from typing import Any

from babel.dates import format_date

from compare.facts import Evidence, Fact, FactStatus, Text
from compare.i18n import translator
from compare.presenters.provenance import place_text, source_type_text
from compare.scoring.rank import MustHaveResult, Standing
from criteria.model import Catalogue, Criterion


def text_document(text: Text | None, language: str) -> dict[str, Any] | None:
    """A free text and the language it is actually shown in."""
    if text is None:
        return None
    return {"text": text.get(language), "language": language if text.is_translated(language) else "en"}


def date_text(label: str, language: str) -> str:
    """An ISO date in the reader's format (``16 februari 2024``); partial dates stay as written."""
    try:
        day = date.fromisoformat(label)
    except ValueError:
        return label
    return str(format_date(day, format="long", locale=language))


def evidence_document(evidence: Evidence | None, language: str = "en") -> dict[str, Any] | None:
    """Quote, source link and dates exactly as researched (quotes are never translated)."""
    if evidence is None:
        return None
    return {
        "quote": evidence.quote,
        "source_url": evidence.source_url,
        "date": evidence.date_label,
        "date_text": date_text(evidence.date_label, language),
        "source_date": evidence.source_date,
        "seen_on": evidence.seen_on.isoformat(),
        "source_type": evidence.source_type,
        "source_type_text": source_type_text(evidence.source_type, language),
        "seen_in": evidence.seen_in,
        "seen_in_text": place_text(evidence.seen_in, language),
        "checked_on": evidence.checked_on.isoformat() if evidence.checked_on else None,
        "checked_on_text": date_text(evidence.checked_on.isoformat(), language) if evidence.checked_on else None,
        "checked": evidence.checked,
    }


def status_label(status: FactStatus, language: str) -> str:
    """"verified" / "unverified" / "unknown" in the reader's language."""
    return _status_labels(language)[status]


@cache
def _status_labels(language: str) -> dict[FactStatus, str]:
    _ = translator(language).gettext
    return {
        FactStatus.VERIFIED: _("verified"),
        FactStatus.UNVERIFIED: _("unverified"),
        FactStatus.UNKNOWN: _("unknown"),
    }


def standing_label(standing: Standing, language: str) -> str:
    """Where an offer stands after the must-haves, in words."""
    _ = translator(language).gettext
    labels = {
        Standing.ELIGIBLE: _("eligible"),
        Standing.UNDETERMINED: _("undetermined"),
        Standing.KNOCKED_OUT: _("knocked out"),
    }
    return labels[standing]


def level_label(criterion: Criterion, level_id: str | None, language: str) -> str | None:
    """The label of a level, or None for no level."""
    return criterion.level(level_id).label.get(language) if level_id is not None else None


def fact_document(fact: Fact | None, criterion: Criterion, language: str, *, under_review: bool = False) -> dict[str, Any]:
    """One cell: status, level (claimed or verified), explanation and evidence.

    A missing fact is shown as unknown, never as an empty cell, so a reader can tell "nobody
    looked" from "the vendor has nothing". ``under_review``: the vendor's source changed and a
    proposal awaits a reviewer, so the reader is warned the fact may be outdated.
    """
    status = fact.status if fact is not None else FactStatus.UNKNOWN
    level_id = fact.level_id if fact is not None else None
    level = criterion.level(level_id) if level_id is not None else None
    return {
        "status": status.value,
        "status_label": status_label(status, language),
        "scores": bool(fact is not None and fact.scores),
        "level": level_id,
        "level_label": level.label.get(language) if level else None,
        "level_score": level.score if level else None,
        "confidence": fact.confidence.value if fact is not None else None,
        "edition": fact.edition_id if fact is not None else None,
        "explanation": text_document(fact.explanation if fact is not None else None, language),
        "evidence": evidence_document(fact.evidence if fact is not None else None, language),
        "research_value": fact.research_value if fact is not None else None,
        "revision": fact.revision_id if fact is not None else None,
        "under_review": under_review,
    }


def must_have_reason(result: MustHaveResult, catalogue: Catalogue, language: str) -> str:
    """One line saying why a must-have failed or could not be judged."""
    _ = translator(language).gettext
    criterion = catalogue.criterion(result.criterion_id)
    values = {
        "criterion": criterion.title.get(language),
        "minimum": criterion.level(result.minimum).label.get(language),
    }
    if result.level_id is None:
        return _("%(criterion)s: not verified (must be at least “%(minimum)s”)") % values
    values["found"] = criterion.level(result.level_id).label.get(language)
    return _("%(criterion)s: “%(found)s” is below “%(minimum)s”") % values
