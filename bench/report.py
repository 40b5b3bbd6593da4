"""Benchmark the procurement file: cold report renders, and `/` while four reports render.

    .venv/bin/python bench/report.py [--runs 3]

Builds a fresh SQLite database with the real migrations and seed. Three figures:

- default-scope PDF and DOCX: each run is a new process (`python -c`, so imports, the chart
  browser and the caches are all cold) rendering `/report.pdf` / `/report.docx` for the
  public-sector profile through the same builder the job worker runs, then a second report with
  other parameters in the same process (what a worker that has rendered before does: browser
  warm, caches cold); medians of ``--runs``;
- `/` latency (p50, p99 of 40 requests each) with nothing rendering, then while a
  `msgcompare worker --concurrency 2` renders four different reports, all asked for at once
  through the site (which only queues them and answers 202).

Prints medians; record them in docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from compare.app import create_app
from compare.store.setup import seed_database

REPORTS = [
    "/report.pdf?profile=core&lang=en",
    "/report.pdf?profile=healthcare&lang=nl",
    "/report.docx?profile=public-sector&lang=en",
    "/report.pdf?profile=sme-customer-contact&lang=en",
]
COLD = """
import sys, time
from compare.app import create_app
app = create_app({{"DATABASE_URL": {db!r}, "SECRET_KEY": "x", "QUEUE_URL": "memory://"}})
from compare.web.reports import build
for query in ("profile=public-sector&lang=en", "profile=healthcare&lang=nl"):
    start = time.perf_counter()
    with app.test_request_context("/report.{fmt}", query_string=query):
        body = build({fmt!r})
    print(time.perf_counter() - start, len(body))
"""


def cold(db: str, fmt: str, runs: int) -> tuple[float, float, int]:
    """Median seconds of a first render in a fresh process (after app start-up), of a second
    render with other parameters in the same process (browser warm, caches cold), and bytes."""
    first, second, size = [], [], 0
    for _ in range(runs):
        out = subprocess.run([sys.executable, "-c", COLD.format(db=db, fmt=fmt)], capture_output=True, text=True, check=True)  # noqa: S603 - our own interpreter and script
        numbers = out.stdout.split()[-4:]
        first.append(float(numbers[0]))
        second.append(float(numbers[2]))
        size = int(numbers[1])
    return statistics.median(first), statistics.median(second), size


def latencies(client: object, count: int = 40) -> list[float]:
    found = []
    for _ in range(count):
        start = time.perf_counter()
        response = client.get("/?profile=healthcare")  # type: ignore[attr-defined]
        found.append(time.perf_counter() - start)
        if response.status_code != 200:
            raise SystemExit(f"/ answered {response.status_code}")
    return sorted(found)


def describe(values: list[float]) -> str:
    p99 = values[min(len(values) - 1, int(len(values) * 0.99))]
    return f"p50 {statistics.median(values) * 1000:7.1f} ms   p99 {p99 * 1000:7.1f} ms   ({len(values)} requests, 0 errors)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    options = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="bench-report-"))
    db = f"sqlite:///{folder / 'bench.sqlite3'}"
    seed_database(db)
    for fmt in ("pdf", "docx"):
        first, second, size = cold(db, fmt, options.runs)
        print(f"default-scope {fmt:4}  fresh process {first:6.2f} s   warm process, new parameters {second:6.2f} s   (medians of {options.runs}; {size:,} bytes)")
    queue = f"sqlite:///{folder / 'queue.sqlite3'}"
    app = create_app({"DATABASE_URL": db, "SECRET_KEY": "x", "QUEUE_URL": queue})
    client = app.test_client()
    latencies(client, 10)  # warm the page caches
    print(f"/ idle                      {describe(latencies(client))}")
    env = {k: v for k, v in os.environ.items() if not k.startswith("MSGCOMPARE_")}
    env.update(DATABASE_URL=db, MSGCOMPARE_QUEUE_URL=queue)
    worker = subprocess.Popen([sys.executable, "-m", "compare.cli", "worker", "--concurrency", "2"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for url in REPORTS:
            if client.get(url, headers={"Accept": "application/json"}).status_code != 202:
                raise SystemExit(f"{url} was not queued")
        busy: list[float] = []
        started = time.perf_counter()
        while any(client.get(u, headers={"Accept": "application/json"}).status_code == 202 for u in REPORTS):
            busy += latencies(client, 10)
        print(f"/ while 4 reports render    {describe(sorted(busy))}   (all four done in {time.perf_counter() - started:.1f} s)")
    finally:
        worker.terminate()
        worker.wait(timeout=30)


if __name__ == "__main__":
    main()
