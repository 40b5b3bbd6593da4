"""Must-haves first, weighted sum second; unknowns widen a range instead of counting as 0 or 100.

Two stages, as in multi-criteria decision practice: a must-have is non-compensatory (no score on
other criteria buys back a missing processor agreement), the weighted sum is compensatory.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import StrEnum

import numpy as np

from compare.facts import Fact, FactStatus, Offer
from compare.scoring.matrix import DecisionMatrix, FloatArray
from criteria.model import MustHave, WeightProfile

TIE_TOLERANCE = 1e-9


class Verdict(StrEnum):
    """A must-have's outcome for one offer."""

    PASSED = "passed"
    FAILED = "failed"
    UNDETERMINED = "undetermined"
    """The fact is unknown or unverified, so nobody can say whether the minimum is met."""


class Standing(StrEnum):
    """Where an offer stands after the must-haves; the ranking lists them in this order."""

    ELIGIBLE = "eligible"
    UNDETERMINED = "undetermined"
    KNOCKED_OUT = "knocked-out"


STANDING_ORDER = {Standing.ELIGIBLE: 0, Standing.UNDETERMINED: 1, Standing.KNOCKED_OUT: 2}


@dataclass(frozen=True)
class MustHaveResult:
    """A must-have applied to one offer, with the level found so the reason can be shown."""

    criterion_id: str
    minimum: str
    verdict: Verdict
    level_id: str | None


@dataclass(frozen=True)
class Contribution:
    """One criterion's part of an offer's total: ``low``/``high`` add up to the offer's range."""

    criterion_id: str
    weight: float
    """Raw weight from the profile."""
    share: float
    """Weight divided by the profile's total weight (0–1)."""
    fact: Fact | None
    level_id: str | None
    """The level that was scored; None when the cell is unknown or unverified."""
    low: float
    high: float

    @property
    def known(self) -> bool:
        """Whether a verified fact fixed this contribution (low == high)."""
        return self.level_id is not None

    @property
    def status(self) -> FactStatus:
        """The fact's status, or unknown when we hold no fact at all."""
        return self.fact.status if self.fact else FactStatus.UNKNOWN


@dataclass(frozen=True)
class OfferScore:
    """An offer's result: its score range, coverage, must-haves and the parts of its total."""

    offer: Offer
    standing: Standing
    low: float
    high: float
    coverage: float
    """Share (0–1) of the profile's weight resting on verified facts."""
    contributions: tuple[Contribution, ...]
    must_haves: tuple[MustHaveResult, ...]
    rank: int = 0

    @property
    def offer_id(self) -> str:
        """The ranked offer's id."""
        return self.offer.id

    @property
    def knock_outs(self) -> tuple[MustHaveResult, ...]:
        """The must-haves this offer fails: the reasons it is out."""
        return tuple(m for m in self.must_haves if m.verdict is Verdict.FAILED)

    @property
    def undetermined_must_haves(self) -> tuple[MustHaveResult, ...]:
        """The must-haves nobody can judge yet for lack of verified evidence."""
        return tuple(m for m in self.must_haves if m.verdict is Verdict.UNDETERMINED)

    def sort_key(self) -> tuple[int, float, float]:
        """Standing first, then the guaranteed (low) score, then the best case."""
        return (STANDING_ORDER[self.standing], -round(self.low, 9), -round(self.high, 9))


@dataclass(frozen=True)
class ScoreSheet:
    """A ranking under one profile; rows are ordered and carry shared ranks for ties."""

    profile: WeightProfile
    rows: tuple[OfferScore, ...]

    def row(self, offer_id: str) -> OfferScore:
        """The row of one offer.

        Raises:
            KeyError: the offer is not on this sheet.
        """
        for row in self.rows:
            if row.offer_id == offer_id:
                return row
        raise KeyError(f"offer {offer_id!r} is not on this score sheet")


def judge_must_have(must: MustHave, matrix: DecisionMatrix, row: int) -> MustHaveResult:
    """Compare the verified level with the minimum; anything unverified is undetermined."""
    criterion = matrix.criteria[matrix.index_of_criterion(must.criterion)]
    fact = matrix.fact(row, must.criterion)
    if fact is None or not fact.scores or fact.level_id is None:
        return MustHaveResult(must.criterion, must.minimum, Verdict.UNDETERMINED, None)
    passed = criterion.rank_of(fact.level_id) >= criterion.rank_of(must.minimum)
    return MustHaveResult(must.criterion, must.minimum, Verdict.PASSED if passed else Verdict.FAILED, fact.level_id)


def standing_of(results: tuple[MustHaveResult, ...]) -> Standing:
    """A failed must-have knocks out; an undetermined one holds judgment; otherwise eligible."""
    verdicts = {r.verdict for r in results}
    if Verdict.FAILED in verdicts:
        return Standing.KNOCKED_OUT
    if Verdict.UNDETERMINED in verdicts:
        return Standing.UNDETERMINED
    return Standing.ELIGIBLE


def weight_vector(matrix: DecisionMatrix, profile: WeightProfile) -> FloatArray:
    """Raw profile weights in the matrix's criterion order (criteria left out weigh 0)."""
    return np.array([profile.weight(c.id) for c in matrix.criteria], dtype=float)


def rank(matrix: DecisionMatrix, profile: WeightProfile) -> ScoreSheet:
    """Score every offer under ``profile`` and order them, giving tied offers the same rank.

    Raises:
        ValueError: the profile gives every criterion zero weight.
    """
    weights = weight_vector(matrix, profile)
    total = weights.sum()
    if total <= 0:
        raise ValueError(f"profile {profile.id!r} gives every criterion zero weight")
    shares = weights / total
    low_parts = matrix.low_values * shares
    high_parts = matrix.high_values * shares
    rows = []
    for i, offer in enumerate(matrix.offers):
        contributions = []
        for j, criterion in enumerate(matrix.criteria):
            if weights[j] <= 0:
                continue
            fact = matrix.fact(i, criterion.id)
            contributions.append(
                Contribution(
                    criterion_id=criterion.id,
                    weight=float(weights[j]),
                    share=float(shares[j]),
                    fact=fact,
                    level_id=fact.level_id if fact is not None and matrix.known[i, j] else None,
                    low=float(low_parts[i, j]),
                    high=float(high_parts[i, j]),
                )
            )
        must_haves = tuple(judge_must_have(m, matrix, i) for m in profile.must_haves)
        rows.append(
            OfferScore(
                offer=offer,
                standing=standing_of(must_haves),
                low=float(low_parts[i].sum()),
                high=float(high_parts[i].sum()),
                coverage=float(shares[matrix.known[i]].sum()),
                contributions=tuple(contributions),
                must_haves=must_haves,
            )
        )
    rows.sort(key=lambda r: (*r.sort_key(), r.offer.label("en").casefold()))
    return ScoreSheet(profile=profile, rows=assign_ranks(rows))


def assign_ranks(rows: list[OfferScore]) -> tuple[OfferScore, ...]:
    """Competition ranking ("1, 2, 2, 4"): equal standing and equal range share a rank."""
    ranked: list[OfferScore] = []
    for position, row in enumerate(rows, start=1):
        previous = ranked[-1] if ranked else None
        tied = (
            previous is not None
            and previous.standing is row.standing
            and abs(previous.low - row.low) <= TIE_TOLERANCE
            and abs(previous.high - row.high) <= TIE_TOLERANCE
        )
        ranked.append(replace(row, rank=previous.rank if tied and previous else position))
    return tuple(ranked)
