"""Benchmark at 10× and 100× the seed: server time and bytes per size for the heavy answers.

    .venv/bin/python bench/scale.py [--sizes 1,10,100] [--runs 5] [--images] [--keep DIR]

For each size, builds a SQLite database with the real migrations holding the seed's products
copied ``size`` times (copy k of "Signal" is "Signal 7" with id ``signal-7``; about half of each
copy's scored levels are moved to another level of the same criterion at random, so copies do not
all tie). The copies' quotes are the seed's: this is load for a benchmark, never data to read.

Then, in process (Flask's test client around the WSGI call, no network), the median of
``--runs`` requests, each with a new weight so nothing is answered from a cache, in wall time
and in this process's CPU time:

- ``/`` (HTML, its size raw and brotli as the server sends it);
- ``/api/v1/scores`` (the ranking as JSON: its default page, and its largest page of
  ``API_MAX_PAGE`` rows);
- ``/sensitivity.json`` (10,000-sample Monte Carlo plus thresholds; the best 50 contenders, as
  the page), the ``/sensitivity`` page's brotli size, and the process's peak RSS;
- with ``--images``: a PNG of the ranking chart (warm renderer) and the HTML report.

Growth from one size to the next is printed as the ratio of times; linear × log would be about
``10 × log(10n)/log(n)`` for a tenfold size.
"""

from __future__ import annotations

import argparse
import dataclasses
import itertools
import random
import resource
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from flask.testing import FlaskClient

from compare.app import create_app
from compare.dataset import Dataset, load_dataset
from compare.presenters.paging import API_MAX_PAGE
from compare.store import queries
from compare.store.session import make_engine, make_session_factory, transaction
from compare.store.setup import upgrade
from criteria.load import load_catalogue
from criteria.model import Catalogue


def scaled(dataset: Dataset, catalogue: Catalogue, size: int, rng: random.Random) -> Dataset:
    """The seed and ``size - 1`` perturbed copies of every product, with their facts."""
    levels = {c.id: [level.id for level in c.levels] for c in catalogue.criteria}
    products, facts, practical = list(dataset.products), list(dataset.facts), list(dataset.practical)
    for copy in range(1, size):
        renamed = {p.id: f"{p.id}-{copy}" for p in dataset.products}
        for product in dataset.products:
            products.append(dataclasses.replace(product, id=renamed[product.id], name=f"{product.name} {copy}"))
        for fact in dataset.facts:
            level = fact.level_id
            if level is not None and rng.random() < 0.5:
                level = rng.choice(levels[fact.criterion_id])
            facts.append(dataclasses.replace(fact, product_id=renamed[fact.product_id], level_id=level))
        for item in dataset.practical:
            practical.append(dataclasses.replace(item, product_id=renamed[item.product_id]))
    return Dataset(products=tuple(products), facts=tuple(facts), observations=dataset.observations, practical=tuple(practical))


def build_database(folder: Path, size: int) -> tuple[str, int]:
    """A migrated SQLite database with the seed ``size`` times; its URL and number of products.

    An existing file in ``folder`` (from an earlier run with ``--keep``) is reused as it is: the
    100× database takes minutes to build and the copies are drawn from a fixed seed anyway.
    """
    catalogue = load_catalogue()
    dataset = scaled(load_dataset(catalogue), catalogue, size, random.Random(size))
    path = folder / f"scale-{size}.sqlite3"
    url = f"sqlite:///{path}"
    if path.exists():
        return url, len(dataset.products)
    building = path.with_suffix(".building")
    building.unlink(missing_ok=True)
    engine = make_engine(f"sqlite:///{building}")
    try:
        upgrade(engine)
        with transaction(make_session_factory(engine)) as session:
            queries.load_seed(session, dataset)
    finally:
        engine.dispose()
    building.rename(path)  # only a finished database is ever reused
    return url, len(dataset.products)


def timed(client: FlaskClient, url: str, **headers: str) -> tuple[float, bytes]:
    """Milliseconds for one request, and the body as sent."""
    start = time.perf_counter()
    response = client.get(url, headers=headers)
    elapsed = (time.perf_counter() - start) * 1000
    if response.status_code != 200:
        raise SystemExit(f"{url}: HTTP {response.status_code}: {response.get_data(as_text=True)[:300]}")
    return elapsed, response.data


def median_of(runs: int, request: Callable[[int], tuple[float, bytes]]) -> tuple[float, float, bytes]:
    """Median wall time and median CPU time (this process) over ``runs`` calls of ``request(i)``, and the last body.

    CPU time is what the request itself costs; on a machine other work shares, wall time also
    holds the waits for a core.
    """
    times, cpu, body = [], [], b""
    for i in range(runs):
        before = time.process_time()
        elapsed, body = request(i)
        cpu.append((time.process_time() - before) * 1000)
        times.append(elapsed)
    return statistics.median(times), statistics.median(cpu), body


def weight(i: int) -> str:
    """A weight no earlier request used, so no cache answers."""
    return f"w.encryption={1 + (i + 1) * 0.0137:.4f}"


def measure(url: str, runs: int, images: bool) -> dict[str, float]:
    """Every figure for one database."""
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "bench"})
    client = app.test_client()
    figures: dict[str, float] = {}
    timed(client, "/")  # templates, comparison cache
    figures["offers"] = client.get("/api/v1/scores").get_json()["paging"]["total"]
    figures["/ ms"], figures["/ cpu ms"], html = median_of(runs, lambda i: timed(client, f"/?profile=public-sector&{weight(i)}"))
    figures["/ KB"] = len(html) / 1024
    _ms, compressed = timed(client, f"/?profile=public-sector&{weight(runs)}", **{"Accept-Encoding": "br"})
    figures["/ KB br"] = len(compressed) / 1024
    scores = median_of(runs, lambda i: timed(client, f"/api/v1/scores?profile=public-sector&{weight(i)}"))
    figures["scores ms"], figures["scores cpu ms"], body = scores
    figures["scores KB"] = len(body) / 1024
    largest = median_of(runs, lambda i: timed(client, f"/api/v1/scores?profile=public-sector&limit={API_MAX_PAGE}&{weight(i)}"))
    figures["scores 1000 ms"], figures["scores 1000 cpu ms"], body = largest
    sensitivity = median_of(runs, lambda i: timed(client, f"/sensitivity.json?profile=public-sector&{weight(i)}"))
    figures["sensitivity ms"], figures["sensitivity cpu ms"], _ = sensitivity
    _ms, page = timed(client, f"/sensitivity?profile=public-sector&{weight(runs)}", **{"Accept-Encoding": "br"})
    figures["/sensitivity KB br"] = len(page) / 1024
    figures["peak RSS MB"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    if images:
        timed(client, "/export/ranking.png")  # starts the renderer
        figures["png ms"], _cpu, _ = median_of(runs, lambda i: timed(client, f"/export/ranking.png?profile=public-sector&{weight(i)}"))
        figures["report ms"], _cpu, _ = median_of(max(1, runs // 2), lambda i: timed(client, f"/report.html?profile=public-sector&{weight(i)}"))
    app.extensions["msgcompare.engine"].dispose()
    return figures


def main() -> None:
    """Build each size, measure, print one row per size."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1,10,100", help="copies of the seed, comma-separated")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--images", action="store_true", help="also time a PNG and the HTML report")
    parser.add_argument("--keep", type=Path, help="folder to keep the databases in and reuse them from")
    options = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as scratch:
        folder = options.keep or Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        for size in (int(s) for s in options.sizes.split(",")):
            start = time.perf_counter()
            url, products = build_database(folder, size)
            built = time.perf_counter() - start
            figures = measure(url, options.runs, options.images)
            rows.append((size, products, figures))
            print(f"{size}x: {products} products, {figures['offers']:.0f} offers (database built in {built:.0f} s)", flush=True)
    keys = [k for k in rows[0][2] if k != "offers"]
    print("| size | products | offers | " + " | ".join(keys) + " |")
    print("|" + "---|" * (3 + len(keys)))
    for size, products, figures in rows:
        print(f"| {size}x | {products} | {figures['offers']:.0f} | " + " | ".join(f"{figures[k]:.1f}" for k in keys) + " |")
    for (small, _, a), (big, _, b) in itertools.pairwise(rows):
        ratios = ", ".join(f"{k} ×{b[k] / a[k]:.1f}" for k in keys if k.endswith("ms") and a[k] > 0)
        print(f"{small}x → {big}x: {ratios}")
    print(f"medians of {options.runs} runs, new weights on every request")


if __name__ == "__main__":
    main()
