"""Benchmark the comparison pages: server-side render time and bytes sent.

    .venv/bin/python bench/pages.py [--runs 50] [--markdown]
    .venv/bin/python bench/pages.py --tail 400 [--database sqlite:///…]     # p50/p99 and GC pauses of ``/``

Builds a fresh SQLite database with the real migrations and the real seed (17 products, 23
offers, 12 criteria), then times ``/`` and ``/compare`` (five offers) under the public-sector
profile, which weighs every criterion. Two timings per page:

- warm: the same URL again and again, so the per-weights caches (ranking, document) answer;
- cold: a different weight on every run, so the ranking, presenter document, charts and
  template are all computed anew (only the comparison, keyed on the data version, is reused).

Times are measured around the WSGI call (Flask's test client, no network), median of ``--runs``.
Bytes are the page's HTML and the scripts and styles it loads, raw and gzip-compressed.

``--tail N``: ``/`` with a new weight on each of N requests, one after another in one process,
once with Python's default collector settings and once after ``compare.gc_tuning.settle()`` (as
each gunicorn worker does), each in a fresh process. Prints p50/p99 of wall and CPU time and the
garbage-collection pauses (from ``gc.callbacks``): CPU time and pauses are what the process does
itself, so they can be read on a machine other sessions share; wall time cannot.
"""

from __future__ import annotations

import argparse
import gc
import gzip
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from flask import Flask
from flask.testing import FlaskClient

from compare import gc_tuning
from compare.app import create_app
from compare.store.setup import seed_database

PAGES = {
    "/": "/?profile=public-sector",
    "/compare": "/compare?profile=public-sector&products=element:self-hosted,mattermost:self-hosted,nextcloud-talk,signal,whatsapp-business-app",
}


def seeded_app(folder: Path) -> Flask:
    """An app on a new SQLite database migrated and loaded with the seed."""
    url = f"sqlite:///{folder / 'bench.sqlite3'}"
    seed_database(url)
    return create_app({"DATABASE_URL": url, "SECRET_KEY": "bench"})


def timed(client: FlaskClient, url: str) -> tuple[float, bytes]:
    """Milliseconds for one request, and the body."""
    start = time.perf_counter()
    response = client.get(url)
    elapsed = (time.perf_counter() - start) * 1000
    if response.status_code != 200:
        raise SystemExit(f"{url}: HTTP {response.status_code}")
    return elapsed, response.data


def assets(client: FlaskClient, html: bytes) -> dict[str, bytes]:
    """Every script and stylesheet the page loads from us, by URL."""
    found = {}
    for url in re.findall(rb'<(?:script|link)\b[^>]*\b(?:src|href)="(/[^"]+)"', html):
        path = url.decode()
        response = client.get(path, headers={"Accept-Encoding": "identity"})
        found[path.split("?")[0]] = response.data
        response.close()
    return found


def percentile(values: list[float], share: float) -> float:
    """The value below which ``share`` of ``values`` lie (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def tail(url: str, requests: int, tuned: bool) -> None:
    """One line of p50/p99 and GC pauses for ``/`` with new weights, in this process."""
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "bench"})
    client = app.test_client()
    for i in range(20):  # templates, comparison, the verdicts of every offer
        timed(client, f"/?profile=public-sector&w.eu-storage={1 + i / 1000:.4f}")
    if tuned:
        gc_tuning.settle()
    pauses: list[float] = []
    started = [0.0]

    def watch(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            started[0] = time.perf_counter()
        else:
            pauses.append((time.perf_counter() - started[0]) * 1000)

    gc.callbacks.append(watch)
    wall, cpu, worst = [], [], []
    for i in range(requests):
        before, seen = time.process_time(), len(pauses)
        elapsed, _body = timed(client, f"/?profile=public-sector&w.eu-storage={2 + i * 6 / requests:.5f}")
        wall.append(elapsed)
        cpu.append((time.process_time() - before) * 1000)
        worst.append(max(pauses[seen:], default=0.0))
    gc.callbacks.remove(watch)
    name = "gc tuned" if tuned else "gc default"
    print(
        f"{name:<11} wall p50 {percentile(wall, 0.5):7.1f} ms  p99 {percentile(wall, 0.99):7.1f} ms   "
        f"cpu p50 {percentile(cpu, 0.5):7.1f} ms  p99 {percentile(cpu, 0.99):7.1f} ms   "
        f"GC {len(pauses)} pauses, longest {max(pauses, default=0):.1f} ms, p99 of a request's longest {percentile(worst, 0.99):.1f} ms",
        flush=True,
    )
    app.extensions["msgcompare.engine"].dispose()


def tails(database: str | None, requests: int) -> None:
    """``tail`` with and without GC tuning, each in a fresh process on the same database."""
    with tempfile.TemporaryDirectory() as folder:
        url = database
        if url is None:
            url = f"sqlite:///{Path(folder) / 'bench.sqlite3'}"
            seed_database(url)
        print(f"/ with new weights, {requests} requests one after another, in process")
        for tuned in (False, True):
            command = [sys.executable, __file__, "--tail-run", url, str(requests), str(int(tuned))]
            subprocess.run(command, check=True)  # noqa: S603 - our own arguments


def main() -> None:
    """Run the benchmark and print the results."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--markdown", action="store_true", help="print a Markdown table for docs/benchmarks.md")
    parser.add_argument("--tail", type=int, metavar="N", help="p50/p99 and GC pauses of / over N requests with new weights")
    parser.add_argument("--database", help="database URL for --tail (default: a fresh seeded SQLite file)")
    parser.add_argument("--tail-run", nargs=3, help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.tail_run:
        url, requests, tuned = options.tail_run
        tail(url, int(requests), tuned == "1")
        return
    if options.tail:
        tails(options.database, options.tail)
        return
    with tempfile.TemporaryDirectory() as folder:
        app = seeded_app(Path(folder))
        client = app.test_client()
        rows = []
        for name, url in PAGES.items():
            _first, html = timed(client, url)  # template compilation and the comparison cache
            warm = [timed(client, url)[0] for _ in range(options.runs)]
            cold = [timed(client, f"{url}&w.encryption={1 + i * 7 / options.runs:.4f}")[0] for i in range(options.runs)]
            files = assets(client, html)
            js = sum(len(body) for path, body in files.items() if path.endswith(".js"))
            js_gz = sum(len(gzip.compress(body, 9)) for path, body in files.items() if path.endswith(".js"))
            css = sum(len(body) for path, body in files.items() if path.endswith(".css") or path.endswith(".svg"))
            rows.append(
                {
                    "page": name,
                    "warm": statistics.median(warm),
                    "cold": statistics.median(cold),
                    "html": len(html),
                    "html_gz": len(gzip.compress(html, 6)),
                    "js": js,
                    "js_gz": js_gz,
                    "other": css,
                }
            )
        app.extensions["msgcompare.engine"].dispose()
    header = "| page | render, warm (median ms) | render, cold (median ms) | HTML (KB) | HTML gzip (KB) | JS (KB) | JS gzip (KB) | CSS+icon (KB) |"
    print(header)
    print("|" + "---|" * 8)
    for row in rows:
        print(
            f"| `{row['page']}` | {row['warm']:.1f} | {row['cold']:.1f} | {row['html'] / 1024:.1f} | {row['html_gz'] / 1024:.1f} "
            f"| {row['js'] / 1024:.0f} | {row['js_gz'] / 1024:.0f} | {row['other'] / 1024:.1f} |"
        )
    if not options.markdown:
        print(f"\n{options.runs} runs per page; targets: render under 30 ms, a page's own HTML under 100 KB.")


if __name__ == "__main__":
    main()
