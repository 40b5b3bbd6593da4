"""Offers × criteria as arrays, with unknowns explicit, so ranking and Monte Carlo share one view.

The matrix is built once per (catalogue, facts) and reused for every weight profile: moving a
slider only changes weights, never which facts are known.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import numpy.typing as npt

from compare.facts import Fact, Offer
from criteria.model import Catalogue, Criterion

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]
IntArray = npt.NDArray[np.intp]


@dataclass(frozen=True, eq=False)
class DecisionMatrix:
    """Level scores per offer and criterion; ``known`` is False where no verified fact exists."""

    offers: tuple[Offer, ...]
    criteria: tuple[Criterion, ...]
    values: FloatArray
    """Score (0–100) of the fact's level where known; the criterion's worst score elsewhere."""
    known: BoolArray
    worst: FloatArray
    """Per criterion: the score an unknown counts as at the low end of a range."""
    best: FloatArray
    """Per criterion: the score an unknown counts as at the high end of a range."""

    def index_of_criterion(self, criterion_id: str) -> int:
        """Column of ``criterion_id``.

        Raises:
            KeyError: the matrix has no such criterion.
        """
        for i, criterion in enumerate(self.criteria):
            if criterion.id == criterion_id:
                return i
        raise KeyError(f"unknown criterion {criterion_id!r}")

    def fact(self, row: int, criterion_id: str) -> Fact | None:
        """The fact behind one cell, so every number can be traced to its evidence."""
        return self.offers[row].facts.get(criterion_id)

    @cached_property
    def steps(self) -> IntArray:
        """Per cell: the verified level's position on its scale (0 = worst), −1 where unknown.

        Must-haves compare positions, so with this grid a ranking judges every offer's
        must-haves with a few array comparisons instead of a lookup per cell.
        """
        steps = np.full(self.values.shape, -1, dtype=np.intp)
        for col, criterion in enumerate(self.criteria):
            position = {level.id: step for step, level in enumerate(criterion.levels)}
            for row in np.flatnonzero(self.known[:, col]):
                level_id = self.offers[row].facts[criterion.id].level_id
                steps[row, col] = position[level_id] if level_id is not None else -1
        return steps

    def subset(self, rows: Sequence[int]) -> DecisionMatrix:
        """The matrix with only these rows, in this order (derived grids come along when computed)."""
        picked = list(rows)
        part = DecisionMatrix(
            offers=tuple(self.offers[i] for i in picked),
            criteria=self.criteria,
            values=self.values[picked],
            known=self.known[picked],
            worst=self.worst,
            best=self.best,
        )
        if "steps" in self.__dict__:
            part.__dict__["steps"] = self.steps[picked]
        return part

    @property
    def low_values(self) -> FloatArray:
        """Values with unknowns at their worst level."""
        return np.where(self.known, self.values, self.worst[np.newaxis, :])

    @property
    def high_values(self) -> FloatArray:
        """Values with unknowns at their best level."""
        return np.where(self.known, self.values, self.best[np.newaxis, :])


def build_matrix(catalogue: Catalogue, offers: tuple[Offer, ...]) -> DecisionMatrix:
    """Place every offer's scoring facts in the grid; unverified and unknown facts stay unknown."""
    criteria = catalogue.criteria
    values = np.zeros((len(offers), len(criteria)))
    known = np.zeros((len(offers), len(criteria)), dtype=bool)
    worst = np.array([c.worst.score for c in criteria], dtype=float)
    best = np.array([c.best.score for c in criteria], dtype=float)
    for row, offer in enumerate(offers):
        for col, criterion in enumerate(criteria):
            fact = offer.facts.get(criterion.id)
            if fact is not None and fact.scores and fact.level_id is not None:
                values[row, col] = criterion.level(fact.level_id).score
                known[row, col] = True
            else:
                values[row, col] = worst[col]
    return DecisionMatrix(offers=offers, criteria=criteria, values=values, known=known, worst=worst, best=best)
