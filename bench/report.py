"""Benchmark the procurement file and the chart images as production serves them.

    .venv/bin/python bench/report.py [--runs 3] [--web-workers 2]

Builds a fresh SQLite database with the real migrations and seed, then prints:

- default-scope PDF and DOCX, cold: each run is a new process (``python -c``: imports and every
  cache cold; the browser is started and the report's files read in the background when the app is up,
  as ``msgcompare worker`` does) rendering the public-sector report through the same builder the job worker
  runs, timed from the app being up; then a second report with other parameters in that process
  (a worker that has rendered before: browser warm, caches cold); medians of ``--runs``;
- then ``msgcompare serve`` (gunicorn with ``--web-workers`` web workers and its embedded job
  worker on a SQLite queue), over HTTP:
  - PNG: the first chart image after start (the worker's browser starts for it) and warm images
    (new sizes, so each is a new render job), request to bytes;
  - ``/`` p50/p99 idle, then while four different reports render, all asked for at once, each
    with the time the web workers waited for a CPU (their run-queue wait, from /proc); and, as
    the control, beside one ``SCHED_IDLE`` busy loop per core (what any background work costs);
  - the renderer's memory (proportional set size of the worker's Chromium processes) and the
    number of browsers under the web workers (0: memory does not grow with web workers).

Record the figures in docs/benchmarks.md, with the load of the machine.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

from compare.rendering.browser import descendants, processes, proportional_memory
from compare.store.setup import seed_database

REPORTS = [
    "/report.pdf?profile=core&lang=en",
    "/report.pdf?profile=healthcare&lang=nl",
    "/report.docx?profile=public-sector&lang=en",
    "/report.pdf?profile=sme-customer-contact&lang=en",
]
COLD = """
import sys, time
start = time.perf_counter()
from compare.app import create_app
app = create_app({{"DATABASE_URL": {db!r}, "SECRET_KEY": "x", "QUEUE_URL": "memory://"}})
from compare.web.reports import build
from compare.jobs.renders import warm_worker
warm_worker(app)  # as `msgcompare worker` does when it starts: browser and report files, in the background
print("startup", time.perf_counter() - start)
for query in ("profile=public-sector&lang=en", "profile=healthcare&lang=nl"):
    start = time.perf_counter()
    with app.test_request_context("/report.{fmt}", query_string=query):
        body = build({fmt!r})
    print("render", time.perf_counter() - start, len(body))
"""


def cold(db: str, fmt: str, runs: int) -> tuple[float, float, float, int]:
    """Medians: app start-up, first render in a fresh process, second render (other parameters), bytes."""
    startup, first, second, size = [], [], [], 0
    for _ in range(runs):
        out = subprocess.run([sys.executable, "-c", COLD.format(db=db, fmt=fmt)], capture_output=True, text=True, check=True)  # noqa: S603 - our own interpreter and script
        lines = [line.split() for line in out.stdout.splitlines() if line.startswith(("startup", "render"))]
        startup.append(float(lines[0][1]))
        first.append(float(lines[1][1]))
        second.append(float(lines[2][1]))
        size = int(lines[1][2])
    return statistics.median(startup), statistics.median(first), statistics.median(second), size


def get(base: str, path: str, accept: str = "*/*") -> tuple[int, bytes, dict[str, str]]:
    """Status, body and headers of one GET (errors are answers too)."""
    request = urllib.request.Request(base + path, headers={"Accept": accept})  # noqa: S310 - our own server on loopback
    try:
        with urllib.request.urlopen(request, timeout=120) as response:  # noqa: S310
            return response.status, response.read(), dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, error.read(), dict(error.headers)


def until_ready(base: str, path: str) -> float:
    """Seconds from asking for ``path`` to holding its bytes (following 202 answers)."""
    start = time.perf_counter()
    while True:
        status, _body, headers = get(base, path, "application/json")
        if status == 200:
            return time.perf_counter() - start
        if status != 202:
            raise SystemExit(f"{path} answered {status}")
        time.sleep(min(float(headers.get("Retry-After", "1")), 0.1))


def latencies(base: str, count: int) -> list[float]:
    found = []
    for _ in range(count):
        start = time.perf_counter()
        status, _body, _headers = get(base, "/?profile=healthcare", "text/html")
        found.append(time.perf_counter() - start)
        if status != 200:
            raise SystemExit(f"/ answered {status}")
    return found


def describe(values: list[float]) -> str:
    ordered = sorted(values)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    return f"p50 {statistics.median(ordered) * 1000:7.1f} ms   p99 {p99 * 1000:7.1f} ms   ({len(ordered)} requests, 0 errors)"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def is_browser(command: str) -> bool:
    """A browser's main process (not its renderer, GPU or crash-handler children)."""
    return command.split(" ", 1)[0].endswith("/chromium") and "--type=" not in command


def nice_of(pid: int) -> int:
    """A process's niceness (-1 when it has gone)."""
    try:
        return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[16])
    except (OSError, IndexError, ValueError):
        return -1


def workers_of(root: int) -> list[int]:
    """The job worker processes under ``root``."""
    below = set(descendants(root))
    return [pid for pid, _parent, command in processes() if pid in below and "compare.cli worker" in command]


IDLE_SAMPLES = 300
"""Requests per idle measurement: enough that its p99 is not just the slowest one."""


def web_workers_of(root: int) -> list[int]:
    """The web processes under ``root`` (gunicorn's workers), not the job worker or what it started."""
    below = set(descendants(root))
    workers = workers_of(root)
    theirs = {found for worker in workers for found in descendants(worker, include_self=True)}
    return sorted(below - theirs)


def run_queue_wait(pids: list[int]) -> float:
    """Milliseconds the threads of ``pids`` have waited, runnable, for a CPU (``/proc/<pid>/task/*/schedstat``).

    The measured cause of a slower answer while reports render: time a web worker was ready but
    another task had the CPU.
    """
    total = 0
    for pid in pids:
        for task in Path(f"/proc/{pid}/task").glob("*"):
            try:
                total += int((task / "schedstat").read_text().split()[1])
            except (OSError, IndexError, ValueError):
                continue
    return total / 1e6


BUSY_LOOP = "while True:\n    pass"


@contextlib.contextmanager
def busy_loops(count: int) -> Iterator[None]:
    """``count`` processes spinning under ``SCHED_IDLE``: the least any background work can cost.

    The control for "/ while reports render": a task of the lowest priority there is, doing
    nothing but compute. What it still costs the web workers is what sharing the machine's
    cores costs, whatever the renderer's priority.
    """

    def lowest() -> None:
        os.sched_setscheduler(0, os.SCHED_IDLE, os.sched_param(0))

    loops = [subprocess.Popen([sys.executable, "-c", BUSY_LOOP], preexec_fn=lowest) for _ in range(count)]  # noqa: S603 - our interpreter; the hook only lowers its priority
    try:
        time.sleep(1)
        yield
    finally:
        for loop in loops:
            loop.kill()
            loop.wait()


def browser_pids(root: int) -> list[int]:
    """Main browser processes under ``root``."""
    below = set(descendants(root))
    return [pid for pid, _parent, command in processes() if pid in below and is_browser(command)]


def served(folder: Path, db: str, web_workers: int) -> None:
    """The HTTP figures against ``msgcompare serve``."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {k: v for k, v in os.environ.items() if not k.startswith("MSGCOMPARE_")}
    env.update(DATABASE_URL=db, MSGCOMPARE_QUEUE_URL=f"sqlite:///{folder / 'queue.sqlite3'}", MSGCOMPARE_SECRET_KEY="bench-" + "x" * 32,
               MSGCOMPARE_RENDER_LIMIT_PER_ADDRESS="1000 per minute")
    log = (folder / "serve.log").open("wb")
    server = subprocess.Popen([sys.executable, "-m", "compare.cli", "serve", "--port", str(port), "--workers", str(web_workers)], env=env, stdout=log, stderr=subprocess.STDOUT)  # noqa: S603
    try:
        deadline = time.monotonic() + 120
        while get_or_none(base) != 200:
            if time.monotonic() > deadline or server.poll() is not None:
                raise SystemExit(f"serve did not start: see {folder / 'serve.log'}")
            time.sleep(0.2)
        up = time.perf_counter()
        worker_ready = time.perf_counter()
        while "msgcompare worker:" not in (folder / "serve.log").read_text(errors="replace"):
            time.sleep(0.1)
            worker_ready = time.perf_counter()
        while not browser_pids(server.pid) and time.perf_counter() - worker_ready < 60:
            time.sleep(0.1)
        warmed = time.perf_counter()
        first = until_ready(base, "/export/ranking.png?width=800")
        print(f"serve up → worker ready {worker_ready - up:5.1f} s → its browser started {warmed - worker_ready:5.1f} s later (in the background)")
        warm = [until_ready(base, f"/export/ranking.png?width={801 + k}") for k in range(8)]
        print(f"PNG first image after start (browser warm) {first:6.2f} s   warm {statistics.median(warm):6.3f} s (median of {len(warm)} new images, min {min(warm):.3f})")
        latencies(base, 40)  # warm the page caches of each web worker
        web = web_workers_of(server.pid)
        before = run_queue_wait(web)
        print(f"/ idle                      {describe(latencies(base, IDLE_SAMPLES))}   run-queue wait of the web workers {run_queue_wait(web) - before:5.0f} ms")
        for url in REPORTS:
            status, body, _headers = get(base, url, "application/json")
            if status != 202:
                raise SystemExit(f"{url} was not queued: {status} {body[:300]!r}")
        busy: list[float] = []
        before = run_queue_wait(web)
        started = time.perf_counter()
        niceness: set[int] = set()
        while any(get(base, u, "application/json")[0] == 202 for u in REPORTS):
            busy += latencies(base, 10)
            niceness |= {nice_of(pid) for worker in workers_of(server.pid) for pid in descendants(worker, include_self=True)}
        print(f"/ while 4 reports render    {describe(busy)}   run-queue wait of the web workers {run_queue_wait(web) - before:5.0f} ms   (all four done in {time.perf_counter() - started:.1f} s)")
        before = run_queue_wait(web)
        print(f"/ idle again, afterwards    {describe(latencies(base, IDLE_SAMPLES))}   run-queue wait of the web workers {run_queue_wait(web) - before:5.0f} ms")
        before = run_queue_wait(web)
        with busy_loops(os.cpu_count() or 1):
            print(f"/ beside idle busy loops    {describe(latencies(base, IDLE_SAMPLES))}   run-queue wait of the web workers {run_queue_wait(web) - before:5.0f} ms")
        print(f"niceness of the worker and its browser processes while rendering: {sorted(niceness - {-1})}")
        tree = {pid for pid in descendants(server.pid)}
        commands = {pid: command for pid, _parent, command in processes() if pid in tree}
        workers = workers_of(server.pid)
        below = {found for worker in workers for found in descendants(worker)}
        browsers = [pid for pid in below if is_browser(commands.get(pid, ""))]
        memory = sum(proportional_memory(pid) for browser in browsers for pid in descendants(browser, include_self=True))
        web_browsers = [pid for pid in tree - below if is_browser(commands.get(pid, ""))]
        print(f"renderer memory {memory / 2**20:6.0f} MB (PSS of the worker's {len(browsers)} browser(s) and their children); browsers under the {web_workers} web workers: {len(web_browsers)}")
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()


def get_or_none(base: str) -> int | None:
    try:
        return get(base, "/healthz")[0]
    except (OSError, urllib.error.URLError):
        return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--web-workers", type=int, default=2)
    parser.add_argument("--skip-cold", action="store_true", help="only the figures against msgcompare serve")
    options = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="bench-report-"))
    db = f"sqlite:///{folder / 'bench.sqlite3'}"
    seed_database(db)
    for fmt in () if options.skip_cold else ("pdf", "docx"):
        startup, first, second, size = cold(db, fmt, options.runs)
        print(f"default-scope {fmt:4}  fresh process {first:6.2f} s (after {startup:.1f} s app start)   warm process, new parameters {second:6.2f} s   (medians of {options.runs}; {size:,} bytes)")
    served(folder, db, options.web_workers)


if __name__ == "__main__":
    main()
