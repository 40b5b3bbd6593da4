"""Benchmark the fetcher: concurrency against one-by-one, and bytes saved by conditional requests.

50 documents on 10 hosts (loopback addresses 127.0.0.2 … 127.0.0.11, one threaded server
each), every response (robots.txt, pages, 304s) delayed by 200 ms to stand in for a distant
vendor server. Prints the median of several runs for:

* wall time of ``fetch_all`` with the default limits against the same requests with
  ``max_concurrency=1`` (one by one, same robots.txt handling), target ≥ 8× faster;
  One untimed warm-up run comes first, so lazy imports do not count against either side;
  each measured run still pays for its own HTTP client and TLS context (~50 ms);
* bytes the servers sent on a second, unchanged refresh that revisits every page with its
  ETag (all 304s), as a share of the first refresh, target < 10 %.

Run: ``.venv/bin/python bench/refresh.py [--runs 3]`` (Linux: all of 127.0.0.0/8 is loopback).
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import html
import multiprocessing
import statistics
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from scrapers.fetch import FetchError, FetchRequest, FetchResult, FetchSettings, fetch_all

HOSTS = [f"127.0.0.{n}" for n in range(2, 12)]
DOCS_PER_HOST = 5
LATENCY = 0.2
POLICIES = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "scrapers" / "policies"


def pages() -> list[bytes]:
    """Realistic page bodies (30–60 KB) made from the archived policy texts."""
    bodies = []
    for path in sorted(POLICIES.rglob("*.md")):
        paragraphs = path.read_text(encoding="utf-8").split("\n\n")
        content = "".join(f"<p>{html.escape(p)}</p>\n" for p in paragraphs if p.strip())
        bodies.append(f"<!DOCTYPE html><html><body><main>{content}</main></body></html>".encode())
    return bodies


class Counter:
    """Bytes written by all servers; shared with the server process."""

    def __init__(self) -> None:
        self.value = multiprocessing.Value("q", 0)

    def add(self, n: int) -> None:
        with self.value.get_lock():
            self.value.value += n

    @property
    def bytes(self) -> int:
        return int(self.value.value)

    def reset(self) -> None:
        with self.value.get_lock():
            self.value.value = 0


class CountingWriter:
    """Wraps a handler's socket writer to count every byte sent (status line, headers, body)."""

    def __init__(self, inner: Any, counter: Counter) -> None:
        self.inner, self.counter = inner, counter

    def write(self, data: bytes) -> int:
        self.counter.add(len(data))
        written: int = self.inner.write(data)
        return written

    def flush(self) -> None:
        self.inner.flush()

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)


def handler_for(documents: dict[str, bytes], counter: Counter) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True  # headers and body go out in separate writes

        def setup(self) -> None:
            super().setup()
            self.wfile = CountingWriter(self.wfile, counter)  # type: ignore[assignment]

        def log_message(self, format: str, *args: Any) -> None:
            pass

        def do_GET(self) -> None:
            time.sleep(LATENCY)  # a distant vendor server
            if self.path == "/robots.txt":
                self.reply(200, b"User-agent: *\nAllow: /\n", "text/plain")
                return
            body = documents.get(self.path)
            if body is None:
                self.reply(404, b"not found", "text/plain")
                return
            etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
            if self.headers.get("If-None-Match") == etag:
                self.send_response(304)
                self.send_header("ETag", etag)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            self.reply(200, body, "text/html; charset=utf-8", etag)

        def reply(
            self, status: int, body: bytes, content_type: str, etag: str | None = None
        ) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            if etag:
                self.send_header("ETag", etag)
            self.end_headers()
            self.wfile.write(body)

    return Handler


def serve(counter: Counter, ready: Any, stop: Any) -> None:
    """Server process: one threaded server per loopback address until ``stop`` is set.

    The servers run in their own process so their threads do not compete with the client
    being measured for the interpreter lock.
    """
    bodies = pages()
    servers, urls = [], []
    for h, host in enumerate(HOSTS):
        documents = {
            f"/legal/doc-{d}": bodies[(h * DOCS_PER_HOST + d) % len(bodies)]
            for d in range(DOCS_PER_HOST)
        }
        server = ThreadingHTTPServer((host, 0), handler_for(documents, counter))
        server.daemon_threads = True
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        urls += [f"http://{host}:{server.server_address[1]}{path}" for path in documents]
    ready.put(urls)
    stop.wait()
    for server in servers:
        server.shutdown()
        server.server_close()


@contextmanager
def vendor_hosts(counter: Counter) -> Iterator[list[str]]:
    """Start the server process; yield the 50 document URLs."""
    ready: Any = multiprocessing.Queue()
    stop = multiprocessing.Event()
    process = multiprocessing.Process(target=serve, args=(counter, ready, stop), daemon=True)
    process.start()
    try:
        yield ready.get(timeout=30)
    finally:
        stop.set()
        process.join(timeout=10)


def timed(requests: list[FetchRequest], settings: FetchSettings) -> tuple[float, list[FetchResult]]:
    start = time.perf_counter()
    outcomes = fetch_all(requests, settings)
    elapsed = time.perf_counter() - start
    errors = [o for o in outcomes if isinstance(o, FetchError)]
    if errors:
        raise SystemExit(f"benchmark fetch failed: {errors[0]}")
    return elapsed, [o for o in outcomes if isinstance(o, FetchResult)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument(
        "--runs", type=int, default=3, help="runs per measurement; the median is printed"
    )
    args = parser.parse_args()
    settings = FetchSettings(
        contact_url="https://msgcompare.example/about", allow_networks=("127.0.0.0/8",)
    )
    one_by_one = dataclasses.replace(settings, max_concurrency=1)
    counter = Counter()
    concurrent_times, sequential_times, first_bytes, second_bytes = [], [], [], []
    with vendor_hosts(counter) as urls:
        fresh = [FetchRequest(url) for url in urls]
        timed(fresh, settings)  # warm-up, not measured: first imports of httpx/anyio/h11 internals
        for _ in range(args.runs):
            counter.reset()
            elapsed, results = timed(fresh, settings)
            concurrent_times.append(elapsed)
            first_bytes.append(counter.bytes)
            counter.reset()
            _, again = timed([FetchRequest.revisit(r) for r in results], settings)
            if not all(r.unchanged for r in again):
                raise SystemExit("the second, unchanged refresh should get a 304 for every page")
            second_bytes.append(counter.bytes)
            sequential_times.append(timed(fresh, one_by_one)[0])
    concurrent, sequential = (
        statistics.median(concurrent_times),
        statistics.median(sequential_times),
    )
    first, second = statistics.median(first_bytes), statistics.median(second_bytes)
    print(
        f"{len(urls)} documents on {len(HOSTS)} loopback hosts, {LATENCY * 1000:.0f} ms per response, median of {args.runs} runs"
    )
    print(
        f"fetch_all (max_concurrency={settings.max_concurrency}, one request per host): {concurrent:6.2f} s"
    )
    print(f"one by one (max_concurrency=1):                          {sequential:6.2f} s")
    print(f"speed-up: {sequential / concurrent:.1f}x (target >= 8x)")
    print(f"bytes sent, first refresh:            {first:>10,.0f}")
    print(
        f"bytes sent, unchanged second refresh: {second:>10,.0f} ({100 * second / first:.1f} % of the first; target < 10 %)"
    )


if __name__ == "__main__":
    main()
