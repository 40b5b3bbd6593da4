"""What an export shows: which offers, ranked under which profile, in which language, as of when.

Every export (table, chart image, embed, report, API answer) is built from one ``Scope``, so a
CSV and a PDF made from the same link always agree on ranks, levels and dates.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cached_property
from typing import Any

from compare.facts import Offer
from compare.presenters.overview import Filters, overview_document
from compare.presenters.profiles import ProfileChoice, profile_document
from compare.presenters.sensitivity import sensitivity_document
from compare.presenters.side_by_side import comparison_document
from compare.scoring.matrix import DecisionMatrix
from compare.scoring.rank import OfferScore, ScoreSheet, rank
from compare.scoring.sensitivity import Sensitivity
from criteria.model import Catalogue


class UnknownOffers(KeyError):
    """Ids that name neither an offer (``product:edition``) nor a product."""

    def __init__(self, ids: Sequence[str]) -> None:
        super().__init__(", ".join(ids))
        self.ids = tuple(ids)


def resolve_offers(ids: Iterable[str], offers: Sequence[Offer]) -> tuple[Offer, ...]:
    """The offers named by offer id, or every edition of a named product, in the order asked.

    Raises:
        UnknownOffers: some ids name nothing (all of them are listed).
    """
    by_id = {offer.id: offer for offer in offers}
    chosen: list[Offer] = []
    unknown: list[str] = []
    for item in ids:
        matches = [by_id[item]] if item in by_id else [o for o in offers if o.product.id == item]
        if not matches:
            unknown.append(item)
        chosen.extend(m for m in matches if m not in chosen)
    if unknown:
        raise UnknownOffers(unknown)
    return tuple(chosen)


def restrict(matrix: DecisionMatrix, offers: Iterable[Offer]) -> DecisionMatrix:
    """The matrix with only ``offers`` (in the matrix's order), so ranks count only them."""
    wanted = {offer.id for offer in offers}
    return matrix.subset([i for i, offer in enumerate(matrix.offers) if offer.id in wanted])


def newest_recording(offers: Iterable[Offer]) -> date | None:
    """The day the newest fact in force for these offers was recorded: the data's "as of" date."""
    stamps = [
        fact.recorded_at
        for offer in offers
        for fact in offer.facts.values()
        if fact.recorded_at is not None
    ]
    return max(stamps).date() if stamps else None


@dataclass(frozen=True)
class Scope:
    """The offers in view, ranked among themselves under one profile, in one language.

    ``as_of`` is the day the reader asked the facts to be read at (None: as the store stands);
    ``data_date`` is when the newest of those facts was recorded; ``generated_at`` is now.
    """

    catalogue: Catalogue
    matrix: DecisionMatrix
    choice: ProfileChoice
    language: str
    generated_at: datetime
    as_of: date | None = None
    filters: Filters = field(default_factory=Filters)
    reference: OfferScore | None = None
    """The offer being replaced, scored under the same profile even when it is not in view."""

    @cached_property
    def sheet(self) -> ScoreSheet:
        """The ranking of the offers in view."""
        return rank(self.matrix, self.choice.effective)

    @property
    def offers(self) -> tuple[Offer, ...]:
        """The offers in view, in rank order."""
        return tuple(row.offer for row in self.sheet.rows)

    @property
    def data_date(self) -> date | None:
        """When the newest fact shown was recorded."""
        return newest_recording(self.matrix.offers)

    @cached_property
    def overview(self) -> dict[str, Any]:
        """The overview presenter's document: ranking rows (display values) and the level matrix."""
        return self.overview_page(None)

    def overview_page(self, limit: int | None, offset: int = 0) -> dict[str, Any]:
        """The overview document with rows for ``limit`` offers from ``offset`` only.

        Counts, top picks and the reference still take every offer into account.
        """
        return overview_document(
            self.matrix,
            self.sheet,
            self.choice,
            self.filters,
            self.catalogue,
            self.language,
            self.reference,
            limit,
            offset,
        )

    @cached_property
    def side_by_side(self) -> dict[str, Any]:
        """The side-by-side presenter's document for every offer in view: each cell with its evidence."""
        return comparison_document(
            self.sheet, self.offers, self.choice, self.catalogue, self.language
        )

    def sensitivity_document(self, analysis: Sensitivity) -> dict[str, Any]:
        """The sensitivity presenter's document for an analysis of this scope's ranking."""
        return sensitivity_document(
            analysis,
            self.sheet,
            self.choice,
            self.filters,
            self.catalogue,
            self.language,
            reference=self.reference.offer_id if self.reference else None,
        )

    def profile_document(self) -> dict[str, Any]:
        """The profile as used: weights and must-haves, with the built-in values beside them."""
        return profile_document(self.choice, self.catalogue, self.language)

    def about(self) -> dict[str, Any]:
        """The metadata every export carries, so a file cut out of its context still says what it is."""
        return {
            "language": self.language,
            "generated_at": self.generated_at.isoformat(timespec="seconds"),
            "as_of": self.as_of.isoformat() if self.as_of else None,
            "data_date": self.data_date.isoformat() if self.data_date else None,
            "profile": self.choice.effective.id,
            "profile_adjusted": self.choice.adjusted,
            "reference": self.reference.offer_id if self.reference else None,
            "offers": [offer.id for offer in self.offers],
        }
