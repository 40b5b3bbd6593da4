"""The overview: which offers are in view, their ranking with every contribution, and the matrix.

Every total comes with the parts it is made of, rounded so that the printed parts add up to the
printed total (see ``rounding``). Charts (``compare.charts``) and templates read this document;
so do the JSON twin and, later, the embeds and reports.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from compare.facts import Category, FactStatus, Hosting, Offer
from compare.i18n import number, percent, translator
from compare.practical import CertificationScheme, GuestAccess, certified, guest_meets, within_price
from compare.presenters.evidence import must_have_reason, standing_label, status_label
from compare.presenters.practical import practical_filter_options
from compare.presenters.profiles import ProfileChoice, profile_document
from compare.presenters.rounding import display_parts
from compare.presenters.verdicts import judged, verdict_document_of, verdict_label, versus_document
from compare.scoring.matrix import DecisionMatrix
from compare.scoring.rank import OfferScore, ScoreSheet, Standing
from compare.verdicts import VERDICT_ORDER, VerdictLevel
from criteria.model import Catalogue

TOP_PICKS = 3


@dataclass(frozen=True)
class Filters:
    """Which offers a reader wants to see; an empty filter keeps everything."""

    category: Category | None = None
    hosting: Hosting | None = None
    eu_only: bool = False
    search: str = ""
    """Words that must all occur in the product's name, edition or vendor (case-insensitive)."""
    verdict: VerdictLevel | None = None
    """Shows only offers with this verdict; ranks still count every offer the other filters keep."""
    price: str | None = None
    """One of ``PRICE_LIMITS``: free, or a verified list price at most this per user per month."""
    certification: CertificationScheme | None = None
    guest: GuestAccess | None = None
    """External people must take part at least this openly (verified facts only)."""

    def keeps(self, offer: Offer) -> bool:
        """Whether ``offer`` passes the filters that decide what is ranked (not the verdict).

        The practical filters keep only offers whose fact is verified: an unknown price is not cheap.
        """
        return (
            (self.category is None or offer.product.category is self.category)
            and (self.hosting is None or offer.hosting is self.hosting)
            and (not self.eu_only or offer.product.is_eu)
            and self.matches_search(offer)
            and (self.price is None or within_price(offer.practical, self.price))
            and (self.certification is None or certified(offer.practical, self.certification))
            and (self.guest is None or guest_meets(offer.practical, self.guest))
        )

    def matches_search(self, offer: Offer) -> bool:
        """Whether every search word occurs in the offer's names or vendor."""
        if not self.search:
            return True
        haystack = " ".join(
            [offer.product.name, offer.product.full_name, offer.product.vendor_company, offer.label("en"), offer.label("nl")]
        ).casefold()
        return all(word in haystack for word in self.search.casefold().split())

    @property
    def active(self) -> bool:
        """Whether any filter is set."""
        return (
            self.category is not None
            or self.hosting is not None
            or self.eu_only
            or bool(self.search)
            or self.verdict is not None
            or self.practical_active
        )

    @property
    def practical_active(self) -> bool:
        """Whether a price, certification or guest-access filter is set."""
        return self.price is not None or self.certification is not None or self.guest is not None


def filtered_matrix(matrix: DecisionMatrix, filters: Filters) -> DecisionMatrix:
    """The matrix restricted to the offers the filters keep, so ranks count only those.

    Without a ranking filter it is the matrix itself, so what was derived from it once (the
    level positions must-haves are judged on) serves every request.
    """
    rows = [i for i, offer in enumerate(matrix.offers) if filters.keeps(offer)]
    if len(rows) == len(matrix.offers):
        return matrix
    return matrix.subset(rows)


def category_label(category: Category, language: str) -> str:
    """A product category in words."""
    _ = translator(language).gettext
    return {
        Category.CONSUMER_APP: _("Consumer app"),
        Category.BUSINESS_MESSENGER: _("Business messenger"),
        Category.COLLABORATION_SUITE: _("Collaboration suite"),
        Category.SELF_HOSTABLE: _("Self-hostable"),
    }[category]


def hosting_label(hosting: Hosting, language: str) -> str:
    """A hosting option in words."""
    _ = translator(language).gettext
    return {
        Hosting.VENDOR_CLOUD: _("Vendor's cloud"),
        Hosting.SELF_HOSTED: _("Self-hosted"),
        Hosting.ON_PREMISES: _("On premises"),
        Hosting.PARTNER_HOSTED: _("Hosted by a partner"),
    }[hosting]


def filters_document(filters: Filters, language: str) -> dict[str, Any]:
    """The filters in force plus every option, for the filter form and the JSON twin."""
    return {
        "category": filters.category.value if filters.category else None,
        "hosting": filters.hosting.value if filters.hosting else None,
        "eu_only": filters.eu_only,
        "search": filters.search,
        "verdict": filters.verdict.value if filters.verdict else None,
        "active": filters.active,
        "categories": [{"id": c.value, "label": category_label(c, language)} for c in Category],
        "hostings": [{"id": h.value, "label": hosting_label(h, language)} for h in Hosting],
        "verdicts": [{"id": v.value, "label": verdict_label(v, language)} for v in VerdictLevel],
        "price": filters.price,
        "certification": filters.certification.value if filters.certification else None,
        "guest": filters.guest.value if filters.guest else None,
        **practical_filter_options(language),
    }


def score_text(low: float, high: float, language: str) -> str:
    """``62.5`` or ``62.5–80.0``: a single number when nothing is unknown."""
    if low == high:
        return number(low, language)
    return f"{number(low, language)}–{number(high, language)}"


LevelTable = dict[tuple[str, str], tuple[str, float, int]]
# Derived lookups per (catalogue, language). Catalogues are immutable but not hashable (their
# profiles hold mappings), so entries are keyed by identity and keep their catalogue alive.
_LOOKUPS: dict[tuple[int, str], tuple[Catalogue, LevelTable, dict[str, str]]] = {}


def _lookups(catalogue: Catalogue, language: str) -> tuple[LevelTable, dict[str, str]]:
    """(criterion, level) → (label, score, step), and criterion → title: asked hundreds of times a page."""
    key = (id(catalogue), language)
    entry = _LOOKUPS.get(key)
    if entry is None or entry[0] is not catalogue:
        levels = {
            (criterion.id, level.id): (level.label.get(language), level.score, step)
            for criterion in catalogue.criteria
            for step, level in enumerate(criterion.levels)
        }
        titles = {criterion.id: criterion.title.get(language) for criterion in catalogue.criteria}
        if len(_LOOKUPS) > 16:
            _LOOKUPS.clear()
        entry = _LOOKUPS[key] = (catalogue, levels, titles)
    return entry[1], entry[2]


def ranking_row(row: OfferScore, catalogue: Catalogue, language: str) -> dict[str, Any]:
    """One ranked offer: range, coverage, standing with reasons, verdict, and each criterion's part.

    ``display`` values are what the page prints (tenths, parts summing to totals); ``score`` and
    the parts' ``low``/``high`` keep full precision for anyone who recomputes.
    """
    shares = row.contributions
    parts = display_parts([c.low for c in shares], [c.high for c in shares], [c.known for c in shares])
    contributions = []
    levels, titles = _lookups(catalogue, language)
    for c, low, high in zip(shares, parts.low_parts, parts.high_parts, strict=True):
        shown = c.level_id or (c.fact.level_id if c.fact is not None else None)
        status = c.status
        contributions.append(
            {
                "criterion": c.criterion_id,
                "title": titles[c.criterion_id],
                "weight": c.weight,
                "share": round(c.share, 6),
                "level": c.level_id,
                "level_label": levels[(c.criterion_id, shown)][0] if shown else None,
                "status": status.value,
                "status_label": status_label(status, language),
                "low": round(c.low, 6),
                "high": round(c.high, 6),
                "display": {"low": low / 10, "high": high / 10, "text": score_text(low / 10, high / 10, language)},
            }
        )
    problems = row.knock_outs or row.undetermined_must_haves
    product = row.offer.product
    return {
        "rank": row.rank,
        "offer": row.offer_id,
        "product": product.id,
        "edition": row.offer.edition.id if row.offer.edition else None,
        "label": row.offer.label(language),
        "category": product.category.value,
        "hosting": row.offer.hosting.value,
        "eu": product.is_eu,
        "standing": row.standing.value,
        "standing_label": standing_label(row.standing, language),
        "score": {"low": round(row.low, 6), "high": round(row.high, 6)},
        "display": {
            "low": parts.low_total / 10,
            "high": parts.high_total / 10,
            "text": score_text(parts.low_total / 10, parts.high_total / 10, language),
        },
        "coverage": round(row.coverage, 6),
        "coverage_text": percent(row.coverage, language),
        "verdict": verdict_document_of(judged(row, catalogue), catalogue, language),
        "reasons": [must_have_reason(m, catalogue, language) for m in problems],
        "must_haves": [
            {"criterion": m.criterion_id, "minimum": m.minimum, "verdict": m.verdict.value, "level": m.level_id}
            for m in row.must_haves
        ],
        "contributions": contributions,
    }


def matrix_document(matrix: DecisionMatrix, ranked: Sequence[OfferScore], catalogue: Catalogue, language: str) -> dict[str, Any]:
    """Offers (``ranked``, in rank order) × every criterion: the level in each cell and how sure we are of it.

    Unverified cells carry the claimed level but ``scores`` is false; unknown cells have no level.
    """
    _ = translator(language).gettext
    unknown, unverified = _("Unknown"), _("Unverified: %(level)s")
    levels, _titles = _lookups(catalogue, language)
    criteria = [{"id": c.id, "title": c.title.get(language), "levels": len(c.levels)} for c in matrix.criteria]
    rows = []
    for scored in ranked:
        offer = scored.offer
        cells = []
        for criterion in matrix.criteria:
            fact = offer.facts.get(criterion.id)
            status = fact.status if fact is not None else FactStatus.UNKNOWN
            level_id = fact.level_id if fact is not None else None
            label, score, step = levels[(criterion.id, level_id)] if level_id is not None else (None, None, None)
            if label is None:
                text = unknown
            elif status is FactStatus.VERIFIED:
                text = label
            else:
                text = unverified % {"level": label}
            cells.append(
                {"criterion": criterion.id, "status": status.value, "level": level_id, "text": text, "score": score, "step": step}
            )
        rows.append({"offer": offer.id, "product": offer.product.id, "label": offer.label(language), "cells": cells})
    return {"criteria": criteria, "rows": rows}


def with_reference(rows: list[dict[str, Any]], reference: dict[str, Any] | None) -> None:
    """Mark the reference row and add, to every row, what it gains or loses against the reference."""
    for row in rows:
        row["is_reference"] = reference is not None and row["offer"] == reference["offer"]
        row["versus_reference"] = versus_document(row, reference) if reference is not None else None


def top_pick_rows(offer_ids: list[str], levels: list[VerdictLevel], reference: str | None, count: int = TOP_PICKS) -> list[int]:
    """Positions of the best-ranked offers a buyer may use (suitable, with or without measures), reference excluded.

    When fewer qualify, undetermined offers fill the cards (their verdict says so); offers that
    are not suitable are never recommended.
    """
    candidates = [i for i, offer in enumerate(offer_ids) if offer != reference]
    usable = VERDICT_ORDER[VerdictLevel.SUITABLE_WITH_MEASURES]
    picks = [i for i in candidates if VERDICT_ORDER[levels[i]] <= usable][:count]
    if len(picks) < count:
        picks += [i for i in candidates if levels[i] is VerdictLevel.UNDETERMINED][: count - len(picks)]
    return picks


def reference_sentence(reference: dict[str, Any], profile_title: str, language: str) -> str:
    """One sentence: the verdict on the offer being replaced, under the profile in force."""
    _ = translator(language).gettext
    return _("Under the profile “%(profile)s”, %(offer)s is: %(verdict)s.") % {
        "profile": profile_title,
        "offer": reference["label"],
        "verdict": reference["verdict"]["label"].lower(),
    }


def overview_document(
    matrix: DecisionMatrix,
    sheet: ScoreSheet,
    choice: ProfileChoice,
    filters: Filters,
    catalogue: Catalogue,
    language: str,
    reference: OfferScore | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> dict[str, Any]:
    """Everything the overview shows, for ``sheet`` ranked on ``matrix`` (already filtered).

    ``reference`` is the offer being replaced, scored under the same profile even when the
    filters hide it, so the answer and every "versus" column can always be given.

    With a ``limit`` only the best ``limit`` offers the verdict filter keeps get a row (and a
    matrix row), and ``paging`` says how many there were: counts and top picks still take every
    offer into account, but a page of fifty out of 2,300 builds fifty rows, not 2,300. ``offset``
    skips that many of the kept offers first (the API's later pages).
    """
    verdicts = [judged(row, catalogue) for row in sheet.rows]
    levels = [verdict.level for verdict in verdicts]
    offer_ids = [row.offer_id for row in sheet.rows]
    reference_row = ranking_row(reference, catalogue, language) if reference is not None else None
    if reference_row is not None:
        with_reference([reference_row], reference_row)
    built: dict[int, dict[str, Any]] = {}

    def document_of(i: int) -> dict[str, Any]:
        if i not in built:
            built[i] = ranking_row(sheet.rows[i], catalogue, language)
            with_reference([built[i]], reference_row)
        return built[i]

    kept = [i for i, level in enumerate(levels) if filters.verdict is None or level is filters.verdict]
    shown = kept[offset:] if limit is None else kept[offset : offset + limit]
    rows = [document_of(i) for i in shown]
    picks = [document_of(i) for i in top_pick_rows(offer_ids, levels, reference.offer_id if reference is not None else None)]
    weighted = [c for c in catalogue.criteria if choice.effective.weight(c.id) > 0]
    profile = profile_document(choice, catalogue, language)
    standings = Counter(row.standing for row in sheet.rows)
    verdict_counts = Counter(levels)
    return {
        "language": language,
        "profile": profile,
        "filters": filters_document(filters, language),
        "reference": (
            {**reference_row, "sentence": reference_sentence(reference_row, choice.effective.title.get(language), language)}
            if reference_row is not None
            else None
        ),
        "top_picks": picks,
        "counts": {
            "offers": len(sheet.rows),
            "shown": len(kept),
            "eligible": standings[Standing.ELIGIBLE],
            "undetermined": standings[Standing.UNDETERMINED],
            "knocked_out": standings[Standing.KNOCKED_OUT],
            "verdicts": {v.value: verdict_counts[v] for v in VerdictLevel},
        },
        "weighted_criteria": [{"id": c.id, "title": c.title.get(language)} for c in weighted],
        "ranking": rows,
        "matrix": matrix_document(matrix, sheet.rows if len(shown) == len(kept) else [sheet.rows[i] for i in shown], catalogue, language),
        "paging": {"shown": len(shown), "total": len(kept)} if len(shown) < len(kept) else None,
    }
