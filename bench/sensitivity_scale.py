"""Benchmark: the Monte Carlo sensitivity at 10× and 100× the seed (170 and 1,700 offers).

    OPENBLAS_NUM_THREADS=1 .venv/bin/python bench/sensitivity_scale.py 170 1700

Synthetic levels (five per criterion, 13 criteria), 10,000 samples; prints CPU seconds of the
rank distributions and of the weight thresholds, and the process's peak RSS, per size. CPU time
rather than wall time, so other work on the machine does not move the figure much.
"""

from __future__ import annotations

import resource
import sys
import time

import numpy as np

from compare.scoring.sensitivity import rank_distributions, thresholds_for

CRITERIA, SAMPLES = 13, 10_000


def main() -> None:
    """One line per size given on the command line."""
    for n in (int(arg) for arg in sys.argv[1:] or ["170", "1700"]):
        rng = np.random.default_rng(1)
        values = rng.choice([0.0, 25.0, 50.0, 75.0, 100.0], size=(n, CRITERIA))
        weights = rng.integers(1, 10, CRITERIA).astype(float)
        ids = [f"o{i}" for i in range(n)]
        start = time.process_time()
        rank_distributions(values, weights, ids, SAMPLES, 50.0, 0)
        middle = time.process_time()
        thresholds_for(values, weights, ids, [f"c{j}" for j in range(CRITERIA)])
        end = time.process_time()
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"{n} offers: distributions {middle - start:.2f} s CPU, thresholds {end - middle:.3f} s CPU, peak RSS {peak:.0f} MB")


if __name__ == "__main__":
    main()
