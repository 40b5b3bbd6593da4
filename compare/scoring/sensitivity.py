"""How robust is a ranking: Monte Carlo over weights, and the weight change that swaps two offers.

Weights are a judgment call, so a procurement file should show whether a different but defensible
weighting would crown another product. Both analyses use the guaranteed (low) score, the same key
the ranking uses, and leave knocked-out offers out: no weighting brings them back.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from compare.scoring.matrix import DecisionMatrix, FloatArray
from compare.scoring.rank import ScoreSheet, Standing, weight_vector

DEFAULT_SAMPLES = 10_000
DEFAULT_CONCENTRATION = 50.0
"""Dirichlet concentration: higher keeps sampled weights closer to the profile (50 ≈ ±15 % on a
weight of one fifth)."""


@dataclass(frozen=True, eq=False)
class RankDistribution:
    """One offer's ranks across the sampled weightings.

    The counts are a row of one shared integer array: 1,300 contenders have 1.7 million
    probabilities, which as Python floats would be ~50 MB per cached analysis instead of ~3 MB.
    """

    offer_id: str
    counts: npt.NDArray[np.unsignedinteger]
    """counts[k] = number of samples in which the offer ranks k + 1."""
    samples: int
    interval: tuple[int, int]
    """5th and 95th percentile rank."""

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, RankDistribution):
            return NotImplemented
        same = (self.offer_id, self.samples, self.interval) == (other.offer_id, other.samples, other.interval)
        return same and np.array_equal(self.counts, other.counts)

    __hash__ = None  # type: ignore[assignment]  # equal by content, and the counts are mutable

    @property
    def probabilities(self) -> tuple[float, ...]:
        """probabilities[k] = P(rank == k + 1); sums to 1."""
        return tuple((self.counts / self.samples).tolist())

    @property
    def first(self) -> float:
        """Probability of ranking first."""
        return float(self.counts[0] / self.samples) if self.counts.size else 0.0

    def top(self, ranks: int) -> float:
        """Probability of ranking among the first ``ranks`` (the sum of their probabilities, in order)."""
        return float(sum((self.counts[:ranks] / self.samples).tolist()))

    @property
    def expected_rank(self) -> float:
        """The mean rank (1 = first) over the sampled weightings."""
        return float(self.counts @ np.arange(1, self.counts.size + 1) / self.samples)


@dataclass(frozen=True)
class WeightThreshold:
    """The smallest change of one weight that lets ``challenger`` overtake ``leader``."""

    leader_id: str
    challenger_id: str
    criterion_id: str
    current_weight: float
    new_weight: float

    @property
    def change(self) -> float:
        """Signed change of the raw weight (negative = the weight must drop)."""
        return self.new_weight - self.current_weight


@dataclass(frozen=True)
class Sensitivity:
    """Monte Carlo rank distributions plus weight thresholds for one profile."""

    samples: int
    seed: int
    concentration: float
    distributions: tuple[RankDistribution, ...]
    thresholds: tuple[WeightThreshold, ...]
    """For each challenger: the cheapest single-weight change that swaps it with the leader."""
    criterion_thresholds: tuple[WeightThreshold, ...]
    """For each criterion: the cheapest change of that weight that dethrones the leader (tornado)."""


def sample_weights(weights: FloatArray, samples: int, concentration: float, seed: int) -> FloatArray:
    """Dirichlet draws centred on the profile; criteria with zero weight stay at zero."""
    active = weights > 0
    shares = weights[active] / weights[active].sum()
    rng = np.random.default_rng(seed)
    drawn = rng.dirichlet(shares * concentration, size=samples)
    out = np.zeros((samples, weights.size))
    out[:, active] = drawn
    return out


TIE_TOLERANCE = 1e-12
"""Scores closer than this count as equal: float noise in the weighted sum must not split a tie."""
CHUNK_CELLS = 1 << 20
"""Samples × offers handled at once (about 8 MB of float64); bounds memory at any data size."""


def _ranks_in_order(scores: FloatArray) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.intp], npt.NDArray[np.intp]]:
    """Each sample's offers from best to worst, their ranks in that order, and the inexact samples.

    In descending order the offers that beat position p are exactly those before the start of
    p's run of near-equal scores, so the rank is that start plus one. A run whose first score is
    more than the tolerance above a later member (a chain of tiny gaps, practically never seen)
    makes that count wrong; such samples are returned for an exact count.
    """
    n = scores.shape[1]
    order = np.argsort(-scores, axis=1)
    ordered = np.take_along_axis(scores, order, axis=1)
    tied = np.zeros(scores.shape, dtype=bool)
    tied[:, 1:] = ~(ordered[:, :-1] > ordered[:, 1:] + TIE_TOLERANCE)
    start = np.maximum.accumulate(np.where(tied, 0, np.arange(n)), axis=1)
    leaders = np.take_along_axis(ordered, start, axis=1)
    chained = np.flatnonzero((leaders > ordered + TIE_TOLERANCE).any(axis=1))
    return order, start + 1, chained


def _exact_ranks(scores: FloatArray) -> npt.NDArray[np.intp]:
    """Ranks of one sample by binary search: one plus the offers scoring above the tolerance."""
    ascending = np.sort(scores)
    beaten_by = scores.size - np.searchsorted(ascending, scores + TIE_TOLERANCE, side="right")
    return beaten_by + 1


def ranks_per_sample(scores: FloatArray) -> npt.NDArray[np.intp]:
    """Competition rank of every offer in every sample (1 = best; ties share the better rank).

    An offer's rank is one plus the number of offers scoring more than it (beyond
    ``TIE_TOLERANCE``). Sorting each sample once finds that count without comparing every pair,
    so memory is O(samples × n) and time O(samples × n log n).
    """
    order, ranked, chained = _ranks_in_order(scores)
    ranks = np.empty(scores.shape, dtype=np.intp)
    np.put_along_axis(ranks, order, ranked, axis=1)
    for row in chained:
        ranks[row] = _exact_ranks(scores[row])
    return ranks


def rank_counts(values: FloatArray, sampled: FloatArray) -> npt.NDArray[np.int64]:
    """counts[i, k] = number of samples in which offer i ranks k + 1, computed in chunks.

    Only one chunk of scores and ranks exists at a time, so memory stays linear in the number
    of offers (the n × n table of counts aside) whatever the number of samples.
    """
    n = values.shape[0]
    counts = np.zeros(n * n, dtype=np.int64)
    chunk = max(1, CHUNK_CELLS // max(n, 1))
    for first in range(0, sampled.shape[0], chunk):
        scores = sampled[first : first + chunk] @ values.T
        order, ranked, chained = _ranks_in_order(scores)
        if chained.size:
            exact = np.ones(len(scores), dtype=bool)
            exact[chained] = False
            order, ranked = order[exact], ranked[exact]
            for row in chained:
                counts += np.bincount(np.arange(n) * n + _exact_ranks(scores[row]) - 1, minlength=n * n)
        counts += np.bincount((order * n + ranked - 1).ravel(), minlength=n * n)
    return counts.reshape(n, n)


def rank_intervals(counts: npt.NDArray[np.int64]) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.intp]]:
    """5th and 95th percentile rank per offer, read off the counts.

    Asking numpy for the percentiles of 0, 1, …, samples − 1 gives the positions it would pick
    in the sorted ranks; the cumulative counts tell which rank sits at each position.
    """
    samples = int(counts[0].sum()) if counts.size else 0
    positions = np.percentile(np.arange(samples), [5, 95], method="inverted_cdf")
    cumulative = counts.cumsum(axis=1)
    low, high = ((cumulative <= int(k)).sum(axis=1) + 1 for k in positions)
    return low, high


def rank_distributions(
    values: FloatArray, weights: FloatArray, offer_ids: list[str], samples: int, concentration: float, seed: int
) -> tuple[RankDistribution, ...]:
    """Rank probabilities and 5–95 % intervals over sampled weightings, vectorised in chunks."""
    sampled = sample_weights(weights, samples, concentration, seed)
    counts = rank_counts(values, sampled)
    low, high = rank_intervals(counts)
    compact = counts.astype(np.min_scalar_type(samples))
    return tuple(
        RankDistribution(offer_id=offer_ids[i], counts=compact[i], samples=samples, interval=(int(low[i]), int(high[i])))
        for i in range(len(offer_ids))
    )


def swap_threshold(
    leader: FloatArray, challenger: FloatArray, weights: FloatArray, j: int
) -> float | None:
    """New raw weight of criterion ``j`` at which the challenger draws level, or None if none.

    With shares w/Σw the lead is D = Σ w_k (l_k − c_k) / Σw; the denominator never changes the
    sign, so the lead vanishes when w_j moves by −D·Σw / Δ_j, provided the weight stays ≥ 0.
    """
    delta = leader - challenger
    lead = float(weights @ delta)
    if delta[j] == 0 or weights.sum() == 0:
        return None
    new_weight = float(weights[j] - lead / delta[j])
    return new_weight if new_weight >= 0 else None


def thresholds_for(
    values: FloatArray, weights: FloatArray, offer_ids: list[str], criterion_ids: list[str]
) -> tuple[tuple[WeightThreshold, ...], tuple[WeightThreshold, ...]]:
    """Per challenger and per criterion, the cheapest single-weight change that dethrones the leader.

    The arithmetic is ``swap_threshold``'s, done for all criteria of a challenger at once; ties
    between equally cheap changes go to the first criterion (per challenger) and the first
    challenger (per criterion).
    """
    n, m = len(offer_ids), len(criterion_ids)
    if n < 2 or weights.sum() == 0:
        return (), ()
    new_weights = np.full((n - 1, m), np.nan)
    for c in range(1, n):
        delta = values[0] - values[c]
        lead = float(weights @ delta)
        moving = delta != 0
        new_weights[c - 1, moving] = weights[moving] - lead / delta[moving]
    valid = new_weights >= 0  # NaN (no threshold) compares False
    cost = np.where(valid, np.abs(np.where(valid, new_weights, 0.0) - weights), np.inf)

    def threshold(c: int, j: int) -> WeightThreshold:
        return WeightThreshold(offer_ids[0], offer_ids[c + 1], criterion_ids[j], float(weights[j]), float(new_weights[c, j]))

    per_challenger = tuple(threshold(c, int(cost[c].argmin())) for c in range(n - 1) if valid[c].any())
    per_criterion = tuple(threshold(int(cost[:, j].argmin()), j) for j in range(m) if valid[:, j].any())
    return per_challenger, per_criterion


def analyse(
    matrix: DecisionMatrix,
    sheet: ScoreSheet,
    samples: int = DEFAULT_SAMPLES,
    seed: int = 0,
    concentration: float = DEFAULT_CONCENTRATION,
) -> Sensitivity:
    """Sensitivity of ``sheet`` (ranked with ``rank``) to its profile's weights.

    Offers keep the sheet's order, so row 0 is the sheet's leader; knocked-out offers are left out.
    """
    contenders = [row for row in sheet.rows if row.standing is not Standing.KNOCKED_OUT]
    index = {offer.id: i for i, offer in enumerate(matrix.offers)}
    rows = [index[row.offer_id] for row in contenders]
    offer_ids = [row.offer_id for row in contenders]
    if not rows:
        return Sensitivity(samples, seed, concentration, (), (), ())
    values = matrix.low_values[rows]
    weights = weight_vector(matrix, sheet.profile)
    distributions = rank_distributions(values, weights, offer_ids, samples, concentration, seed)
    per_challenger, per_criterion = thresholds_for(values, weights, offer_ids, [c.id for c in matrix.criteria])
    return Sensitivity(samples, seed, concentration, distributions, per_challenger, per_criterion)
