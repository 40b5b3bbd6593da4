"""Must-haves first, weighted sum second; unknowns widen a range instead of counting as 0 or 100.

Two stages, as in multi-criteria decision practice: a must-have is non-compensatory (no score on
other criteria buys back a missing processor agreement), the weighted sum is compensatory.
"""

from __future__ import annotations

from dataclasses import dataclass, field
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


@dataclass(frozen=True, eq=False)
class ScoreParts:
    """The arrays one ranking's contributions are read from, shared by all of its rows.

    A ranking of 2,300 offers would otherwise build 30,000 ``Contribution`` objects per set of
    weights although a page shows the breakdown of fifty; each row builds its own on first use.
    """

    matrix: DecisionMatrix
    weights: FloatArray
    shares: FloatArray
    low_parts: FloatArray
    high_parts: FloatArray

    def contributions(self, row: int) -> tuple[Contribution, ...]:
        """One offer's part per weighted criterion, in the matrix's criterion order."""
        matrix, offer = self.matrix, self.matrix.offers[row]
        known = matrix.known[row]
        parts = []
        for j, criterion in enumerate(matrix.criteria):
            if self.weights[j] <= 0:
                continue
            fact = offer.facts.get(criterion.id)
            parts.append(
                Contribution(
                    criterion_id=criterion.id,
                    weight=float(self.weights[j]),
                    share=float(self.shares[j]),
                    fact=fact,
                    level_id=fact.level_id if fact is not None and known[j] else None,
                    low=float(self.low_parts[row, j]),
                    high=float(self.high_parts[row, j]),
                )
            )
        return tuple(parts)


@dataclass(frozen=True, slots=True)
class OfferScore:
    """An offer's result: its score range, coverage, must-haves and the parts of its total."""

    offer: Offer
    standing: Standing
    low: float
    high: float
    coverage: float
    """Share (0–1) of the profile's weight resting on verified facts."""
    must_haves: tuple[MustHaveResult, ...]
    rank: int = 0
    parts: ScoreParts | None = field(default=None, repr=False, compare=False)
    row: int = field(default=0, repr=False, compare=False)
    """This offer's row in ``parts``' matrix."""

    @property
    def contributions(self) -> tuple[Contribution, ...]:
        """Each weighted criterion's part of the total (``low``/``high`` add up to the range).

        Built on each call and not kept: a cached ranking of 2,300 offers then holds 2,300 small
        objects, not 30,000 the garbage collector walks on every full collection. Read it once.
        """
        return self.parts.contributions(self.row) if self.parts is not None else ()

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


def judge_must_haves(must_haves: tuple[MustHave, ...], matrix: DecisionMatrix) -> list[tuple[MustHaveResult, ...]]:
    """Every offer's must-have results: the verified level against the minimum, by position.

    Anything unverified is undetermined. Results with equal content are one shared object, as
    a column of 2,300 offers holds only a handful of distinct outcomes.
    """
    columns = []
    for must in must_haves:
        col = matrix.index_of_criterion(must.criterion)
        criterion = matrix.criteria[col]
        minimum = criterion.rank_of(must.minimum)
        outcomes: dict[int, MustHaveResult] = {}
        column = []
        for step in matrix.steps[:, col].tolist():
            result = outcomes.get(step)
            if result is None:
                if step < 0:
                    result = MustHaveResult(must.criterion, must.minimum, Verdict.UNDETERMINED, None)
                else:
                    verdict = Verdict.PASSED if step >= minimum else Verdict.FAILED
                    result = MustHaveResult(must.criterion, must.minimum, verdict, criterion.levels[step].id)
                outcomes[step] = result
            column.append(result)
        columns.append(column)
    # Equal tuples are shared too: a cached ranking keeps a handful of them, not one per offer.
    shared: dict[tuple[MustHaveResult, ...], tuple[MustHaveResult, ...]] = {}
    return [shared.setdefault(results, results) for results in zip(*columns, strict=True)] if columns else [() for _ in matrix.offers]


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

    Totals and must-haves are computed for all offers at once on the arrays; each row's
    per-criterion breakdown is built only when someone reads it (``OfferScore.contributions``).

    Raises:
        ValueError: the profile gives every criterion zero weight.
    """
    weights = weight_vector(matrix, profile)
    total = weights.sum()
    if total <= 0:
        raise ValueError(f"profile {profile.id!r} gives every criterion zero weight")
    shares = weights / total
    parts = ScoreParts(matrix, weights, shares, matrix.low_values * shares, matrix.high_values * shares)
    lows, highs = parts.low_parts.sum(axis=1).tolist(), parts.high_parts.sum(axis=1).tolist()
    must_haves = judge_must_haves(profile.must_haves, matrix)
    standings = [standing_of(results) for results in must_haves]
    keys = [
        (STANDING_ORDER[standings[i]], -round(lows[i], 9), -round(highs[i], 9), offer.label("en").casefold(), i)
        for i, offer in enumerate(matrix.offers)
    ]
    rows: list[OfferScore] = []
    for position, (*_key, i) in enumerate(sorted(keys), start=1):
        previous = rows[-1] if rows else None
        # Competition ranking ("1, 2, 2, 4"): equal standing and equal range share a rank.
        tied = (
            previous is not None
            and previous.standing is standings[i]
            and abs(previous.low - lows[i]) <= TIE_TOLERANCE
            and abs(previous.high - highs[i]) <= TIE_TOLERANCE
        )
        rows.append(
            OfferScore(
                offer=matrix.offers[i],
                standing=standings[i],
                low=lows[i],
                high=highs[i],
                coverage=float(shares[matrix.known[i]].sum()),
                must_haves=must_haves[i],
                rank=previous.rank if tied and previous is not None else position,
                parts=parts,
                row=i,
            )
        )
    return ScoreSheet(profile=profile, rows=tuple(rows))
