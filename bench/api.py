"""Benchmark the JSON API and an embed under load, served by gunicorn with two workers.

    .venv/bin/python bench/api.py [--duration 15] [--connections 8] [--python-load]

Builds a fresh SQLite database (real migrations, real seed: 17 products, 23 offers), starts
``gunicorn -w 2`` on a free loopback port, warms each URL up, then loads it with ``wrk``
(Debian's package; loopback only) or, with ``--python-load`` or without wrk, with a bounded
Python loop of keep-alive connections. Prints requests per second and p50/p99 latency for:

- ``/api/v1/scores`` (public-sector profile with one adjusted weight: a full ranking with every
  contribution and its quote, source and date);
- ``/embed/ranking`` (the embed page's HTML: ranking, chart figure, caption);

each twice: the same URL again and again (answered from the answer cache after the first
request, as for an embed many readers open), and a new weight on every request (ranked,
presented and rendered anew; only the comparison itself is reused).

Then opens the embed twice in Debian's chromium (Playwright) and prints the bytes it transferred
on the first load and on a repeat load within the cache lifetime (Resource Timing transferSize:
headers plus body as sent, compressed where the server compresses).
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from compare.store.setup import seed_database

SCORES = "/api/v1/scores?profile=public-sector&w.eu-storage=8"
EMBED = "/embed/ranking?profile=public-sector&lang=nl"
RUNS = (
    ("/", "new weights", "/?profile=public-sector&w.eu-storage=", True),
    ("/api/v1/scores", "same URL", SCORES, False),
    ("/api/v1/scores", "new weights", "/api/v1/scores?profile=public-sector&w.eu-storage=", True),
    ("/embed/ranking", "same URL", EMBED, False),
    (
        "/embed/ranking",
        "new weights",
        "/embed/ranking?profile=public-sector&lang=nl&w.eu-storage=",
        True,
    ),
)
CHROMIUM = "/usr/bin/chromium"


@dataclass(frozen=True)
class Load:
    """What a load run measured."""

    requests: int
    seconds: float
    p50_ms: float
    p99_ms: float
    errors: int

    @property
    def rate(self) -> float:
        """Requests per second."""
        return self.requests / self.seconds


def seeded_database(folder: Path) -> str:
    """A new SQLite database with the real migrations and seed; its URL."""
    url = f"sqlite:///{folder / 'bench.sqlite3'}"
    seed_database(url)
    return url


def free_port() -> int:
    """A loopback port nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def start_gunicorn(database_url: str, port: int, workers: int, gc_tuning: bool = True) -> subprocess.Popen[bytes]:
    """``gunicorn -w <workers>`` serving ``create_app()`` on 127.0.0.1:<port>, once it answers."""
    gunicorn = shutil.which("gunicorn", path=str(Path(sys.executable).parent)) or "gunicorn"
    env = {**os.environ, "DATABASE_URL": database_url, "MSGCOMPARE_SECRET_KEY": "bench"}
    command = [
        gunicorn,
        "-w",
        str(workers),
        "-b",
        f"127.0.0.1:{port}",
        "--log-level",
        "warning",
        *(["-c", "python:compare.gunicorn_conf"] if gc_tuning else []),  # as `msgcompare serve` runs
        "compare.app:create_app()",
    ]
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)  # noqa: S603 - our own arguments
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(
                f"gunicorn exited: {process.stderr.read().decode() if process.stderr else ''}"
            )
        try:
            with urllib.request.urlopen(
                f"http://127.0.0.1:{port}/api/v1/criteria", timeout=2
            ) as response:
                if response.status == 200:
                    return process
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.2)
    process.terminate()
    raise SystemExit("gunicorn did not answer within 60 s")


def warm_up(port: int, path: str, times: int = 20) -> None:
    """Let every worker build its comparison and caches before measuring."""
    for _ in range(times):
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=30) as response:
            response.read()


# wrk's Lua: a different weight on every request (seeded per thread), so nothing is served from a cache.
VARYING_LUA = """
local threads = 0
setup = function(thread) threads = threads + 1; thread:set("tid", threads) end
init = function(args) math.randomseed(tid * 7919) end
request = function() return wrk.format(nil, PATH .. (math.random(0, 1000000) / 10000)) end
"""


def wrk_load(
    port: int, path: str, seconds: int, connections: int, *, varying: bool = False
) -> Load:
    """Load with wrk (two threads) and read its summary and latency distribution.

    ``varying``: ``path`` ends in ``=`` and every request appends a random weight to it.
    """
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", "--timeout", "10s"]
    with tempfile.TemporaryDirectory() as folder:
        if varying:
            script = Path(folder) / "varying.lua"
            script.write_text(f"PATH = {path!r}\n{VARYING_LUA}", encoding="utf-8")
            command += ["-s", str(script)]
        command.append(f"http://127.0.0.1:{port}{path}")
        output = subprocess.run(command, capture_output=True, text=True, check=True).stdout  # noqa: S603 - fixed arguments
    summary = re.search(r"(\d+) requests in ([\d.]+)(ms|s|m)", output)
    if summary is None:
        raise SystemExit(f"no summary in wrk's output:\n{output}")
    elapsed = float(summary.group(2)) * {"ms": 0.001, "s": 1.0, "m": 60.0}[summary.group(3)]
    failed = re.findall(r"Non-2xx or 3xx responses: (\d+)", output) + re.findall(
        r"Socket errors: .*timeout (\d+)", output
    )
    errors = sum(int(n) for n in failed)
    return Load(
        int(summary.group(1)),
        elapsed,
        wrk_percentile(output, "50"),
        wrk_percentile(output, "99"),
        errors,
    )


def wrk_percentile(output: str, percent: str) -> float:
    """A latency percentile from wrk's --latency table, in milliseconds."""
    match = re.search(rf"^\s*{percent}(?:\.000)?%\s+([\d.]+)(us|ms|s)\s*$", output, re.MULTILINE)
    if match is None:
        raise SystemExit(f"no {percent}% line in wrk's output:\n{output}")
    return float(match.group(1)) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[match.group(2)]


def python_load(
    port: int, path: str, seconds: int, connections: int, *, varying: bool = False
) -> Load:
    """A bounded load loop: ``connections`` threads, keep-alive, for ``seconds``; every latency kept.

    ``varying``: ``path`` ends in ``=`` and every request appends a random weight to it.
    """
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def worker() -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        mine: list[float] = []
        rng = random.Random()
        while time.monotonic() < stop:
            started = time.perf_counter()
            connection.request("GET", path + (f"{rng.uniform(0, 100):.4f}" if varying else ""))
            response = connection.getresponse()
            response.read()
            mine.append((time.perf_counter() - started) * 1000)
            if response.status != 200:
                with lock:
                    errors[0] += 1
        connection.close()
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=worker) for _ in range(connections)]
    began = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - began
    cuts = statistics.quantiles(latencies, n=100, method="inclusive")
    return Load(len(latencies), elapsed, statistics.median(latencies), cuts[98], errors[0])


def embed_bytes(port: int) -> tuple[int, int, list[str]]:
    """Bytes Chromium transfers for the embed on a first and on a repeat load (same browser cache)."""
    from playwright.sync_api import sync_playwright

    script = "() => [performance.getEntriesByType('navigation')[0].transferSize, ...performance.getEntriesByType('resource').map(e => e.transferSize)]"
    names = "() => [location.pathname, ...performance.getEntriesByType('resource').map(e => new URL(e.name).pathname)]"
    with sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=CHROMIUM)
        page = browser.new_context().new_page()
        page.goto(f"http://127.0.0.1:{port}{EMBED}")
        page.wait_for_selector(".main-svg")
        first = sum(page.evaluate(script))
        loaded = page.evaluate(names)
        page.goto(f"http://127.0.0.1:{port}{EMBED}")
        page.wait_for_selector(".main-svg")
        repeat = sum(page.evaluate(script))
        browser.close()
    return first, repeat, loaded


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=15, help="seconds of load per URL")
    parser.add_argument(
        "--connections", type=int, default=8, help="concurrent keep-alive connections"
    )
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument(
        "--python-load",
        action="store_true",
        help="use the Python load loop even if wrk is installed",
    )
    parser.add_argument(
        "--no-gc-tuning",
        action="store_true",
        help="leave the garbage collector as Python sets it (compare.gc_tuning off)",
    )
    args = parser.parse_args()
    use_wrk = shutil.which("wrk") is not None and not args.python_load
    with tempfile.TemporaryDirectory() as folder:
        database = seeded_database(Path(folder))
        port = free_port()
        server = start_gunicorn(database, port, args.workers, gc_tuning=not args.no_gc_tuning)
        try:
            print(
                f"gunicorn -w {args.workers} on 127.0.0.1:{port} (GC tuning {'off' if args.no_gc_tuning else 'on'}); {os.cpu_count()} CPUs; load: "
                + (
                    f"wrk -t2 -c{args.connections} -d{args.duration}s"
                    if use_wrk
                    else f"Python loop, {args.connections} connections, {args.duration} s"
                )
            )
            for label, kind, path, varying in RUNS:
                sample = path + ("5" if varying else "")
                warm_up(port, sample)
                with urllib.request.urlopen(f"http://127.0.0.1:{port}{sample}") as response:
                    size = len(response.read())
                load = (wrk_load if use_wrk else python_load)(
                    port, path, args.duration, args.connections, varying=varying
                )
                print(
                    f"{label:<15} {kind:<12} {load.rate:8.1f} req/s   p50 {load.p50_ms:7.1f} ms   p99 {load.p99_ms:7.1f} ms   "
                    f"{load.requests} requests, {load.errors} errors, body {size:,} bytes"
                )
            if Path(CHROMIUM).exists():
                first, repeat, loaded = embed_bytes(port)
                print(
                    f"embed bytes transferred (Chromium): first load {first:,}, repeat load {repeat:,}   ({', '.join(loaded)})"
                )
            else:
                print(f"embed bytes: skipped, {CHROMIUM} is missing")
        finally:
            server.terminate()
            server.wait(timeout=20)


if __name__ == "__main__":
    main()
