"""How robust is a ranking: Monte Carlo over weights, and the weight change that swaps two offers.

Weights are a judgment call, so a procurement file should show whether a different but defensible
weighting would crown another product. Both analyses use the guaranteed (low) score, the same key
the ranking uses, and leave knocked-out offers out: no weighting brings them back.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from compare.scoring.matrix import DecisionMatrix, FloatArray
from compare.scoring.rank import ScoreSheet, Standing, weight_vector

DEFAULT_SAMPLES = 10_000
DEFAULT_CONCENTRATION = 50.0
"""Dirichlet concentration: higher keeps sampled weights closer to the profile (50 ≈ ±15 % on a
weight of one fifth)."""


@dataclass(frozen=True)
class RankDistribution:
    """One offer's ranks across the sampled weightings."""

    offer_id: str
    probabilities: tuple[float, ...]
    """probabilities[k] = P(rank == k + 1); sums to 1."""
    interval: tuple[int, int]
    """5th and 95th percentile rank."""

    @property
    def first(self) -> float:
        """Probability of ranking first."""
        return self.probabilities[0]


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


def ranks_per_sample(scores: FloatArray) -> np.ndarray:
    """Competition rank of every offer in every sample (1 = best; ties share the better rank)."""
    better = scores[:, np.newaxis, :] > scores[:, :, np.newaxis] + 1e-12
    ranks: np.ndarray = better.sum(axis=2) + 1
    return ranks


def rank_distributions(
    values: FloatArray, weights: FloatArray, offer_ids: list[str], samples: int, concentration: float, seed: int
) -> tuple[RankDistribution, ...]:
    """Rank probabilities and 5–95 % intervals over sampled weightings, vectorised."""
    sampled = sample_weights(weights, samples, concentration, seed)
    ranks = ranks_per_sample(sampled @ values.T)
    n = len(offer_ids)
    counts = np.stack([np.bincount(ranks[:, i] - 1, minlength=n) for i in range(n)])
    low, high = np.percentile(ranks, [5, 95], axis=0, method="inverted_cdf")
    return tuple(
        RankDistribution(
            offer_id=offer_ids[i],
            probabilities=tuple(float(p) for p in counts[i] / samples),
            interval=(int(low[i]), int(high[i])),
        )
        for i in range(n)
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
    """Per challenger and per criterion, the cheapest single-weight change that dethrones the leader."""
    per_challenger: list[WeightThreshold] = []
    per_criterion: dict[int, WeightThreshold] = {}
    leader_row = 0
    for c in range(1, len(offer_ids)):
        best: WeightThreshold | None = None
        for j in range(len(criterion_ids)):
            new_weight = swap_threshold(values[leader_row], values[c], weights, j)
            if new_weight is None:
                continue
            candidate = WeightThreshold(offer_ids[leader_row], offer_ids[c], criterion_ids[j], float(weights[j]), new_weight)
            if best is None or abs(candidate.change) < abs(best.change):
                best = candidate
            current = per_criterion.get(j)
            if current is None or abs(candidate.change) < abs(current.change):
                per_criterion[j] = candidate
        if best is not None:
            per_challenger.append(best)
    return tuple(per_challenger), tuple(per_criterion[j] for j in sorted(per_criterion))


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
