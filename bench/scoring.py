"""Benchmark: ranking plus a 10,000-sample sensitivity run for 20 offers × 13 criteria.

Prints the median of several runs (and the spread), the figures docs/benchmarks.md records.
Run: .venv/bin/python bench/scoring.py
"""

from __future__ import annotations

import random
import statistics
import time
from datetime import date

from compare.facts import Category, Confidence, Evidence, Fact, FactStatus, Product, build_offers
from compare.scoring.matrix import build_matrix
from compare.scoring.rank import rank
from compare.scoring.sensitivity import analyse
from criteria.model import Catalogue, Criterion, Level, LocalizedText, MustHave, Risk, WeightProfile

OFFERS, CRITERIA, SAMPLES, RUNS = 20, 13, 10_000, 15


def text(value: str) -> LocalizedText:
    return LocalizedText(en=value, nl=value)


def synthetic(rng: random.Random) -> tuple[Catalogue, tuple[Fact, ...], tuple[Product, ...]]:
    criteria = tuple(
        Criterion(
            id=f"c{i}", core=i < 5, title=text(f"c{i}"), description=text("d"), why=text("w"), risks=("r",),
            gdpr=("Art. 32",), default_weight=1,
            levels=tuple(Level(id=f"l{k}", label=text(f"l{k}"), score=25 * k, qualifies=text("q")) for k in range(5)),
        )
        for i in range(CRITERIA)
    )
    profile = WeightProfile(
        id="bench", title=text("b"), description=text("b"),
        weights={c.id: rng.randint(1, 10) for c in criteria},
        must_haves=(MustHave(criterion="c0", minimum="l1"),),
    )
    catalogue = Catalogue(risks=(Risk(id="r", title=text("r")),), criteria=criteria, profiles=(profile,))
    products = tuple(
        Product(id=f"p{i}", name=f"P{i}", full_name=f"P{i}", vendor_company="V", jurisdiction="NL",
                jurisdiction_note="NL", website="https://p.example", category=Category.BUSINESS_MESSENGER)
        for i in range(OFFERS)
    )
    evidence = Evidence(quote="q", source_url="https://p.example", seen_on=date(2026, 11, 24), source_type="vendor")
    facts = tuple(
        Fact(product_id=p.id, edition_id=None, criterion_id=c.id, status=FactStatus.VERIFIED,
             level_id=f"l{rng.randint(0, 4)}", confidence=Confidence.HIGH, evidence=evidence)
        for p in products for c in criteria if rng.random() > 0.1  # about 10 % unknown cells
    )
    return catalogue, facts, products


def main() -> None:
    catalogue, facts, products = synthetic(random.Random(42))
    profile = catalogue.profiles[0]
    matrix = build_matrix(catalogue, build_offers(products, facts))
    rank_times, total_times = [], []
    for run in range(RUNS):
        start = time.perf_counter()
        sheet = rank(matrix, profile)
        ranked = time.perf_counter()
        analyse(matrix, sheet, samples=SAMPLES, seed=run)
        done = time.perf_counter()
        rank_times.append((ranked - start) * 1000)
        total_times.append((done - start) * 1000)
    print(f"{OFFERS} offers x {CRITERIA} criteria, {SAMPLES:,} samples, {RUNS} runs")
    print(f"rank only:           median {statistics.median(rank_times):6.2f} ms")
    print(f"rank + sensitivity:  median {statistics.median(total_times):6.2f} ms "
          f"(min {min(total_times):.2f}, max {max(total_times):.2f})")


if __name__ == "__main__":
    main()
