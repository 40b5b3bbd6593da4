"""Sensitivity: rank probabilities over sampled weights, and single-weight swap thresholds."""

from __future__ import annotations

import numpy as np
import pytest

from compare.scoring.matrix import build_matrix
from compare.scoring.rank import rank
from compare.scoring.sensitivity import analyse, sample_weights, swap_threshold
from tests.compare.scoring.worked_example import EXAMPLE, catalogue, offers, profile


def analysed(rows, samples=2000, seed=7, **profile_args):  # type: ignore[no-untyped-def]
    chosen = profile(**profile_args)
    matrix = build_matrix(catalogue(chosen), offers(rows))
    sheet = rank(matrix, chosen)
    return matrix, sheet, analyse(matrix, sheet, samples=samples, seed=seed)


def test_rank_probabilities_sum_to_one_for_every_offer_and_every_rank() -> None:
    _, _, result = analysed(EXAMPLE, must_haves=())
    table = np.array([d.probabilities for d in result.distributions])

    assert table.sum(axis=1) == pytest.approx(np.ones(len(table)))
    # Without ties every sample hands out each rank exactly once.
    assert table.sum(axis=0) == pytest.approx(np.ones(len(table)))


def test_dominant_offer_ranks_first_in_every_sample() -> None:
    rows = dict(EXAMPLE, best={"processor": "dpa", "storage": "eu", "encryption": "e2ee"})
    _, _, result = analysed(rows, must_haves=())
    best = next(d for d in result.distributions if d.offer_id == "best")

    assert best.first == 1.0
    assert best.interval == (1, 1)


def test_knocked_out_offers_are_left_out() -> None:
    _, _, result = analysed(EXAMPLE)

    assert "zeal" not in {d.offer_id for d in result.distributions}


def test_same_seed_gives_the_same_result() -> None:
    _, _, first = analysed(EXAMPLE, must_haves=(), seed=3)
    _, _, again = analysed(EXAMPLE, must_haves=(), seed=3)

    assert first == again


def test_sampled_weights_centre_on_the_profile_and_keep_zero_weights_at_zero() -> None:
    weights = np.array([2.0, 1.0, 0.0, 1.0])
    drawn = sample_weights(weights, 20_000, 50.0, seed=1)

    assert drawn[:, 2].max() == 0
    assert drawn.sum(axis=1) == pytest.approx(np.ones(20_000))
    assert drawn.mean(axis=0) == pytest.approx([0.5, 0.25, 0.0, 0.25], abs=0.01)


def test_threshold_from_the_worked_example() -> None:
    _, _, result = analysed(EXAMPLE, must_haves=())
    xylo = next(t for t in result.thresholds if t.challenger_id == "xylo")

    assert (xylo.leader_id, xylo.criterion_id) == ("yarn", "encryption")
    assert (xylo.current_weight, xylo.new_weight) == pytest.approx((1.0, 0.8))


def test_threshold_weight_makes_leader_and_challenger_draw_level() -> None:
    matrix, sheet, result = analysed(EXAMPLE, must_haves=())
    for threshold in result.thresholds:
        weights = {c.id: sheet.profile.weight(c.id) for c in matrix.criteria}
        weights[threshold.criterion_id] = threshold.new_weight
        moved = rank(matrix, profile(weights=weights, must_haves=()))
        assert moved.row(threshold.leader_id).low == pytest.approx(moved.row(threshold.challenger_id).low)


def test_no_threshold_when_the_leader_is_at_least_as_good_everywhere() -> None:
    leader = np.array([100.0, 100.0, 100.0])
    challenger = np.array([50.0, 100.0, 25.0])
    weights = np.array([1.0, 1.0, 1.0])

    assert [swap_threshold(leader, challenger, weights, j) for j in range(3)] == [None, None, None]
