"""Rounding that keeps sums honest: the parts on screen add up exactly to the total on screen.

Rounding each criterion's contribution on its own can make twelve parts disagree with their total
by a few tenths, and a procurement file with "sums that do not add up" loses trust. We use the
largest-remainder method at one decimal: round the total, floor every part, then hand the missing
tenths to the parts with the largest remainders (or take them from the smallest).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

# Scores are sums of float products; a part that is "really" 12.35 may arrive as 12.349999999.
EPSILON = 1e-9


def tenths(value: float) -> int:
    """``value`` rounded half-up to a whole number of tenths (12.35 → 124)."""
    return math.floor(value * 10 + 0.5 + EPSILON)


def apportion(values: Sequence[float], target: int) -> list[int]:
    """Whole tenths for each value, summing to exactly ``target`` tenths.

    Every part ends within one tenth of its floor (or ceiling) whenever ``target`` is within the
    parts' combined rounding slack, which holds for a target that is the rounded sum.
    """
    if not values:
        return []
    scaled = [v * 10 for v in values]
    floors = [math.floor(s + EPSILON) for s in scaled]
    missing = target - sum(floors)
    # Largest remainder first; ties go to the earlier part so the result is deterministic.
    order = sorted(range(len(values)), key=lambda i: (-(scaled[i] - floors[i]), i))
    result = list(floors)
    step = 1 if missing >= 0 else -1
    if step < 0:
        order.reverse()
    for k in range(abs(missing)):
        result[order[k % len(order)]] += step
    return result


@dataclass(frozen=True)
class DisplayedParts:
    """Contributions and totals in tenths, as they are printed."""

    low_parts: tuple[int, ...]
    high_parts: tuple[int, ...]
    low_total: int
    high_total: int


def display_parts(lows: Sequence[float], highs: Sequence[float], known: Sequence[bool]) -> DisplayedParts:
    """Round both ends of a score range so each end's parts add up to its printed total.

    A known part has one value (low equals high) and must print the same at both ends, so the
    low end is apportioned first, known parts keep that value at the high end, and only the
    unknown parts share what remains of the high total.
    """
    low_total = tenths(sum(lows))
    high_total = tenths(sum(highs))
    low_parts = apportion(lows, low_total)
    fixed = sum(part for part, is_known in zip(low_parts, known, strict=True) if is_known)
    open_indices = [i for i, is_known in enumerate(known) if not is_known]
    high_parts = list(low_parts)
    if open_indices:
        shares = apportion([highs[i] for i in open_indices], high_total - fixed)
        for i, share in zip(open_indices, shares, strict=True):
            high_parts[i] = share
    else:
        # Everything is known: the range is a single number, whatever float noise says.
        high_total = low_total
    return DisplayedParts(tuple(low_parts), tuple(high_parts), low_total, high_total)
