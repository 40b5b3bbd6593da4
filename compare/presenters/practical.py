"""Practical facts as a reader sees them: every topic in words, with evidence or visibly unknown.

The product page, the API and the overview's filter form read these documents. A topic without a
fact is listed as unknown rather than left out, so "no Dutch interface" and "nobody checked" never
look the same.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from babel import Locale

from compare.facts import FactStatus
from compare.i18n import number, translator
from compare.practical import (
    PRICE_LIMITS,
    CertificationScheme,
    DutchUi,
    FreeTier,
    Guest,
    GuestAccess,
    Headquarters,
    Platform,
    Platforms,
    PracticalFact,
    PracticalTopic,
    PracticalValue,
    Price,
)
from compare.presenters.evidence import evidence_document, status_label, text_document


@cache
def topic_labels(language: str) -> dict[PracticalTopic, str]:
    """The heading of each topic."""
    _ = translator(language).gettext
    return {
        PracticalTopic.PRICE: _("List price per user per month"),
        PracticalTopic.FREE_TIER: _("Free tier for organisations"),
        PracticalTopic.PLATFORMS: _("Platforms"),
        PracticalTopic.GUEST_ACCESS: _("Guests and customers"),
        PracticalTopic.CERTIFICATION: _("Certifications"),
        PracticalTopic.HEADQUARTERS: _("Headquarters and jurisdiction"),
        PracticalTopic.DUTCH_UI: _("Interface in Dutch"),
    }


@cache
def guest_labels(language: str) -> dict[GuestAccess, str]:
    """Guest-access levels in words."""
    _ = translator(language).gettext
    return {
        GuestAccess.MEMBERS_ONLY: _("Only members of the organisation"),
        GuestAccess.EXTERNAL_ACCOUNT: _("External people with their own account and app"),
        GuestAccess.WITHOUT_ACCOUNT: _("Customers without an account or app"),
    }


@cache
def certification_labels(language: str) -> dict[CertificationScheme, str]:
    """Certification schemes by their usual names (``other`` in words)."""
    _ = translator(language).gettext
    names = {
        CertificationScheme.ISO_27001: "ISO/IEC 27001",
        CertificationScheme.ISO_27017: "ISO/IEC 27017",
        CertificationScheme.ISO_27018: "ISO/IEC 27018",
        CertificationScheme.ISO_27701: "ISO/IEC 27701",
        CertificationScheme.SOC_2: "SOC 2",
        CertificationScheme.NEN_7510: "NEN 7510",
        CertificationScheme.BSI_C5: "BSI C5",
        CertificationScheme.HDS: "HDS",
    }
    return {**names, CertificationScheme.OTHER: _("Other certification")}


PLATFORM_NAMES = {
    Platform.IOS: "iOS",
    Platform.ANDROID: "Android",
    Platform.WINDOWS: "Windows",
    Platform.MACOS: "macOS",
    Platform.LINUX: "Linux",
    Platform.WEB: "Web",
}


def price_limit_label(limit: str, language: str) -> str:
    """A price band of the filter in words."""
    _ = translator(language).gettext
    if limit == "free":
        return _("Free for organisations")
    return _("At most %(amount)s per user per month") % {"amount": limit}


def practical_filter_options(language: str) -> dict[str, Any]:
    """The options of the price, certification and guest-access filters."""
    certifications = certification_labels(language)
    guests = guest_labels(language)
    return {
        "prices": [{"id": limit, "label": price_limit_label(limit, language)} for limit in PRICE_LIMITS],
        "certifications": [{"id": s.value, "label": certifications[s]} for s in CertificationScheme if s is not CertificationScheme.OTHER],
        "guests": [{"id": g.value, "label": guests[g]} for g in (GuestAccess.EXTERNAL_ACCOUNT, GuestAccess.WITHOUT_ACCOUNT)],
    }


def _yes_no(value: bool | None, language: str) -> str:
    _ = translator(language).gettext
    return _("not stated") if value is None else _("yes") if value else _("no")


def value_text(value: PracticalValue, language: str) -> str:
    """One value in a sentence fragment the reader can scan."""
    _ = translator(language).gettext
    if isinstance(value, Price):
        if value.on_request:
            return _("%(tier)s: price on request") % {"tier": value.tier}
        amount = f"{value.currency} {number(value.amount or 0.0, language, 2)}"
        billing = {"monthly": _("billed monthly"), "annual": _("billed annually")}.get(value.billing or "", "")
        return f"{value.tier}: {amount}" + (f" ({billing})" if billing else "")
    if isinstance(value, FreeTier):
        text = _("Free tier available") if value.available else _("No free tier")
        return f"{text} ({value.limits})" if value.limits else text
    if isinstance(value, Platforms):
        return ", ".join(PLATFORM_NAMES[p] for p in value.platforms)
    if isinstance(value, Guest):
        return f"{guest_labels(language)[value.access]}; " + _("federation with other organisations: %(answer)s") % {"answer": _yes_no(value.federation, language)}
    if isinstance(value, Headquarters):
        return _headquarters_text(value, language)
    if isinstance(value, DutchUi):
        return _("for users: %(user)s; for administrators: %(admin)s") % {"user": _yes_no(value.user, language), "admin": _yes_no(value.admin, language)}
    parts = [value.name or certification_labels(language)[value.scheme]]
    if value.scope:
        parts.append(_("scope: %(scope)s") % {"scope": value.scope})
    if value.issued:
        parts.append(_("issued %(date)s") % {"date": value.issued})
    if value.valid_until:
        parts.append(_("valid until %(date)s") % {"date": value.valid_until})
    return "; ".join(parts)


def country_name(code: str | None, language: str) -> str | None:
    """A country code in the reader's language (the code itself when Babel does not know it)."""
    if code is None:
        return None
    names: dict[str, str] = dict(Locale.parse(language).territories)
    return names.get(code, code)


def _headquarters_text(value: Headquarters, language: str) -> str:
    _ = translator(language).gettext
    text = _("Established in %(country)s") % {"country": country_name(value.country, language) or value.country}
    if value.parent_company or value.parent_country:
        parent = value.parent_company or ""
        where = country_name(value.parent_country, language) or ""
        text += "; " + _("parent: %(parent)s") % {"parent": ", ".join(p for p in (parent, where) if p)}
    if value.disclosure_laws:
        text += "; " + _("subject to %(laws)s") % {"laws": ", ".join(value.disclosure_laws)}
    elif value.non_eu_exposure:
        text += "; " + _("outside the EU/EEA")
    return text


def _item(fact: PracticalFact, language: str) -> dict[str, Any]:
    evidence = evidence_document(fact.evidence, language)
    return {
        "status": fact.status.value,
        "status_label": status_label(fact.status, language),
        "trusted": fact.trusted,
        "edition": fact.edition_id,
        "value": fact.value_json(),
        "text": value_text(fact.value, language) if fact.value is not None else None,
        "explanation": text_document(fact.explanation, language),
        "evidence": evidence,
        "non_eu_exposure": fact.value.non_eu_exposure if isinstance(fact.value, Headquarters) else None,
    }


def practical_document(facts: tuple[PracticalFact, ...], language: str) -> list[dict[str, Any]]:
    """Every topic in a fixed order, with its facts; a topic without one says "unknown"."""
    labels = topic_labels(language)
    return [
        {
            "topic": topic.value,
            "title": labels[topic],
            "known": any(f.topic is topic for f in facts),
            "unknown_label": status_label(FactStatus.UNKNOWN, language),
            "items": [_item(f, language) for f in facts if f.topic is topic],
        }
        for topic in PracticalTopic
    ]

