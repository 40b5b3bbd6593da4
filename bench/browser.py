"""What a reader waits for: msgcompare's ``/`` against Datasette's table page, in headless Chromium.

    .venv/bin/python bench/browser.py [--runs 7] [--path /]

Builds a fresh SQLite database (real migrations and seed), serves it with ``msgcompare serve``
(gunicorn, two web workers, no job worker) and with Datasette on the *same file*, Datasette
installed by this script into its own virtualenv under ``~/.cache/msgcompare-bench/datasette``
(pip from the package index; never into our .venv).
Then, in Debian's chromium driven by Playwright (``/usr/bin/chromium``; no browser download),
for each run and with the two systems interleaved (the order alternates between runs):

- **cold**: a new browser context (empty HTTP cache) opens msgcompare's ``/`` and Datasette's
  table page of the fact revisions. Bytes are what the network delivered for the page and
  everything it loaded (Chrome DevTools Protocol ``Network.loadingFinished`` ``encodedDataLength``:
  headers plus body as sent, compressed where the server compresses). Moments are counted from
  the start of the navigation: first contentful paint, the load event's end and, for msgcompare,
  the *first chart drawn*: when the server-drawn ranking chart is painted (Element Timing) or the
  first Plotly ``svg.main-svg`` enters the document (a MutationObserver), whichever is first
  (both installed before any page script runs; see ``FIRST_CHART``). Datasette's table
  page is server-rendered HTML without charts, so its load event's end is when it is complete.
- **warm**: the same page again in the same context (assets in the HTTP cache, server caches
  warm), the same moments, and the bytes transferred (the repeat view).

With ``--eager-compile`` a third system joins the interleaving: msgcompare's page with plotly.js
served (through Playwright's routing) behind V8's ``//# allFunctionsCalledOnLoad`` hint, cold
loads only, to weigh that hint on this machine.

Prints the median of every figure, and the ratio of msgcompare's first chart to Datasette's
load, taken in the same run. Figures, not asserts: see docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from compare.store.setup import seed_database

CHROMIUM = "/usr/bin/chromium"
DATASETTE_VENV = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "msgcompare-bench" / "datasette"
DATASETTE_REQUIREMENT = "datasette>=0.64,<2"
FACTS_TABLE = "fact_revision"
DATASETTE_PAGE = f"/bench/{FACTS_TABLE}"
FIRST_CHART = """
window.__firstChart = null;
window.__interactive = null;
function chartDrawn(at) {
  if (window.__firstChart === null || at < window.__firstChart) {
    window.__firstChart = at;
  }
  if (!performance.getEntriesByName('first-chart').length) {
    performance.mark('first-chart', {startTime: at});
  }
}
new MutationObserver((records, observer) => {
  if (document.querySelector('svg.main-svg')) {
    window.__interactive = performance.now();
    chartDrawn(window.__interactive);
    observer.disconnect();
  }
}).observe(document, {childList: true, subtree: true});
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    if (entry.identifier === 'first-chart') {
      chartDrawn(entry.renderTime || entry.loadTime);
    }
  }
}).observe({type: 'element', buffered: true});
addEventListener('load', () => performance.mark('loaded'));
"""
"""Installed before any script of the page runs: the moment the first chart is on screen, also as
a User Timing mark, which the trace shows beside the renderer's tasks. That is Plotly putting its
first SVG in the page or, where the server drew the chart in the HTML (the ranking on ``/``), the
moment Chromium painted it: the Element Timing API's ``renderTime`` of the element marked
``elementtiming="first-chart"``. Whichever comes first."""
TRACE_CATEGORIES = ["devtools.timeline", "disabled-by-default-devtools.timeline", "blink.user_timing", "toplevel"]
MOMENTS = """() => ({
  load: performance.getEntriesByType('navigation')[0].loadEventEnd,
  paint: (performance.getEntriesByName('first-contentful-paint')[0] || {startTime: NaN}).startTime,
})"""
START_TIMEOUT = 90.0


@dataclass(frozen=True)
class Visit:
    """One page load: milliseconds from navigation start to each moment, and bytes received."""

    first_chart: float | None
    """The first chart on screen: painted by the server's HTML or drawn by Plotly (``None`` on pages without charts)."""
    first_paint: float
    """First contentful paint: the reader sees text."""
    load_end: float
    bytes: int
    requests: int
    cpu: float | None = None
    """CPU time of the page's renderer main thread from navigation start to the moment compared
    (from a trace): the work itself, which other processes on a busy machine stretch in
    wall-clock time but do not add to."""
    all_cpu: float | None = None
    interactive: float | None = None
    """When Plotly drew its first chart (hover, zoom, live re-ranking): after the load event on ``/``."""
    """The same for every thread of the renderer process (background compiling included)."""

    @property
    def ready(self) -> float:
        """The moment compared: first chart where the page draws one, else the load event's end."""
        return self.first_chart if self.first_chart is not None else self.load_end


def free_port() -> int:
    """A loopback port nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def wait_until_answering(process: subprocess.Popen[bytes], url: str, name: str) -> None:
    """Return once ``url`` answers 200; stop with the server's own error output if it exits first."""
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            error = process.stderr.read().decode(errors="replace") if process.stderr else ""
            raise SystemExit(f"{name} exited with {process.returncode}:\n{error[-2000:]}")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - our loopback server
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.3)
    process.terminate()
    raise SystemExit(f"{name} did not answer {url} within {START_TIMEOUT:.0f} s")


@contextmanager
def running(command: list[str], env: dict[str, str], probe: str, name: str) -> Iterator[None]:
    """Run a server for the duration of the block; stop it (and only it) afterwards."""
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)  # noqa: S603 - our own arguments
    try:
        wait_until_answering(process, probe, name)
        yield
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def datasette_executable() -> Path:
    """Datasette in its own virtualenv (created and installed on first use, then reused)."""
    executable = DATASETTE_VENV / "bin" / "datasette"
    if not executable.exists():
        print(f"installing {DATASETTE_REQUIREMENT} into {DATASETTE_VENV} (first run only)", flush=True)
        subprocess.run([sys.executable, "-m", "venv", str(DATASETTE_VENV)], check=True)  # noqa: S603 - fixed arguments
        pip = DATASETTE_VENV / "bin" / "pip"
        subprocess.run([str(pip), "install", "--quiet", DATASETTE_REQUIREMENT], check=True)  # noqa: S603 - fixed arguments
    return executable


def datasette_version(executable: Path) -> str:
    """``datasette --version``'s answer, for the printed header."""
    return subprocess.run([str(executable), "--version"], capture_output=True, text=True, check=True).stdout.strip()  # noqa: S603 - our venv


def msgcompare_command(port: int) -> list[str]:
    """The production server as README's ``msgcompare serve`` starts it, without the job worker."""
    msgcompare = shutil.which("msgcompare", path=str(Path(sys.executable).parent)) or "msgcompare"
    return [msgcompare, "serve", "--port", str(port), "--workers", "2", "--no-embedded-worker"]


def visit(browser: Any, context: Any, url: str, *, chart: bool, trace: Path | None = None) -> Visit:
    """Open ``url`` in a new tab of ``context``: moments, bytes received and (traced) main-thread CPU."""
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    received: dict[str, int] = {}
    cdp.send("Network.enable")
    cdp.on("Network.loadingFinished", lambda event: received.__setitem__(event["requestId"], int(event["encodedDataLength"])))
    page.add_init_script(FIRST_CHART)
    if trace is not None:
        browser.start_tracing(page=page, path=str(trace), categories=TRACE_CATEGORIES)
    page.goto(url, wait_until="load")
    first_chart = interactive = None
    if chart:
        # Polled from here: wait_for_function would evaluate a string in the page, which its CSP forbids.
        deadline = time.monotonic() + 60
        while (found := page.evaluate("window.__firstChart")) is None:
            if time.monotonic() > deadline:
                raise TimeoutError(f"no chart on {url} within 60 s")
            page.wait_for_timeout(20)
        first_chart = float(found)
        while (drawn := page.evaluate("window.__interactive")) is None and time.monotonic() < deadline:
            page.wait_for_timeout(20)
        interactive = None if drawn is None else float(drawn)
    if trace is not None:
        browser.stop_tracing()
    page.wait_for_load_state("networkidle")  # late requests (icon, second chart) count as bytes too
    moments = page.evaluate(MOMENTS)
    page.close()
    cpu, all_cpu = renderer_cpu(trace, "first-chart" if chart else "loaded") if trace is not None else (None, None)
    return Visit(first_chart, float(moments["paint"]), float(moments["load"]), sum(received.values()), len(received), cpu, all_cpu, interactive)


def renderer_cpu(trace: Path, mark: str) -> tuple[float, float]:
    """Milliseconds of CPU from navigation start to ``mark``: the renderer's main thread, and all its threads.

    The page's main thread is the one that recorded the User Timing ``mark`` (the trace holds one,
    from the traced page); the mark's ``startTime`` (ms since navigation start) gives the start.
    Tasks are the top-level ``RunTask`` (and worker ``ThreadPool_RunTask``) events, whose
    ``tdur`` is thread (CPU) time; "all threads" adds V8's background compiling and the rest of
    the renderer process.
    """
    events = json.loads(trace.read_text(encoding="utf-8"))["traceEvents"]
    marked = next(e for e in events if e.get("name") == mark and e.get("cat") == "blink.user_timing")
    thread, end = (marked["pid"], marked["tid"]), marked["ts"]
    start = end - float(marked["args"]["data"]["startTime"]) * 1000
    main_thread = every_thread = 0.0
    for e in events:
        if e.get("ph") == "X" and e["pid"] == thread[0] and start <= e["ts"] < end and e.get("name") in ("RunTask", "ThreadPool_RunTask"):
            every_thread += e.get("tdur", 0) / 1000
            if (e["pid"], e["tid"]) == thread:
                main_thread += e.get("tdur", 0) / 1000
    return main_thread, every_thread


EAGER = "msgcompare, eager compile"


def serve_eager_plotly(context: Any, base: str) -> None:
    """Answer this context's plotly.js requests with the same bundle behind V8's eager-compile hint.

    The hint (``//# allFunctionsCalledOnLoad`` on the first line) makes V8 compile every function
    on a background thread while the file streams in, rather than each on the main thread at its
    first call. Served uncompressed from here, with the same immutable cache header.
    """
    with urllib.request.urlopen(f"{base}/", timeout=30) as response:  # noqa: S310 - our loopback server
        page = response.read().decode()
    path = re.search(r'src="(/assets/plotly-[^"]+)"', page)
    if path is None:
        raise SystemExit("no plotly.js <script> on the page")
    with urllib.request.urlopen(f"{base}{path.group(1)}", timeout=30) as response:  # noqa: S310 - our loopback server
        body = b"//# allFunctionsCalledOnLoad\n" + response.read()
    headers = {"content-type": "text/javascript; charset=utf-8", "cache-control": "public, max-age=31536000, immutable"}

    def answer(route: Any) -> None:
        route.fulfill(status=200, body=body, headers=headers)

    context.route(f"{base}{path.group(1)}", answer)


def median(values: list[float]) -> float:
    """The median, for the printed figures."""
    return statistics.median(values)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7, help="runs per system (interleaved)")
    parser.add_argument("--path", default="/", help="msgcompare page to open")
    parser.add_argument(
        "--eager-compile",
        action="store_true",
        help="also load msgcompare with plotly.js starting with V8's //# allFunctionsCalledOnLoad hint",
    )
    args = parser.parse_args()
    if not Path(CHROMIUM).exists():
        raise SystemExit(f"{CHROMIUM} is missing (apt-get install chromium)")
    datasette = datasette_executable()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as folder:
        database = Path(folder) / "bench.sqlite3"
        seed_database(f"sqlite:///{database}")
        ours, theirs = free_port(), free_port()
        env = {
            **os.environ,
            "DATABASE_URL": f"sqlite:///{database}",
            "MSGCOMPARE_SECRET_KEY": "bench",
            "MSGCOMPARE_QUEUE_URL": f"sqlite:///{Path(folder) / 'queue.sqlite3'}",
        }
        base, other = f"http://127.0.0.1:{ours}", f"http://127.0.0.1:{theirs}"
        datasette_command = [str(datasette), "serve", str(database), "-h", "127.0.0.1", "-p", str(theirs)]
        with (
            running(msgcompare_command(ours), env, f"{base}/healthz", "msgcompare serve"),
            running(datasette_command, dict(os.environ), f"{other}{DATASETTE_PAGE}", "datasette"),
            sync_playwright() as driver,
        ):
            browser = driver.chromium.launch(executable_path=CHROMIUM)
            systems = {
                "msgcompare": (f"{base}{args.path}", True),
                "datasette": (f"{other}{DATASETTE_PAGE}", False),
            }
            if args.eager_compile:
                systems[EAGER] = (f"{base}{args.path}", True)
            for url, chart in systems.values():  # server-side warm-up, outside the figures
                context = browser.new_context()
                visit(browser, context, url, chart=chart)
                context.close()
            load_before = os.getloadavg()[0]
            cold: dict[str, list[Visit]] = {name: [] for name in systems}
            warm: dict[str, list[Visit]] = {name: [] for name in systems}
            for run in range(args.runs):
                order = list(systems) if run % 2 == 0 else list(reversed(systems))
                for name in order:
                    url, chart = systems[name]
                    context = browser.new_context()
                    if name == EAGER:
                        serve_eager_plotly(context, base)
                    cold[name].append(visit(browser, context, url, chart=chart, trace=Path(folder) / "trace.json"))
                    if name != EAGER:  # Playwright's routing turns the HTTP cache off: no warm load
                        warm[name].append(visit(browser, context, url, chart=chart, trace=Path(folder) / "trace.json"))
                    context.close()
            browser.close()
            print(
                f"msgcompare serve (gunicorn, 2 workers) {base}{args.path} vs {datasette_version(datasette)} "
                f"{other}{DATASETTE_PAGE}; same SQLite file; {args.runs} runs interleaved; {os.cpu_count()} CPUs, "
                f"load average {load_before:.1f} before, {os.getloadavg()[0]:.1f} after"
            )
            report(cold, warm)


def report(cold: dict[str, list[Visit]], warm: dict[str, list[Visit]]) -> None:
    """Print the medians and the same-run ratio of msgcompare's first chart to Datasette's load."""
    print("| system | load | first paint ms | first chart ms | load end ms | interactive chart ms | main-thread CPU ms | renderer CPU ms | bytes | requests |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for name in cold:
        for kind, visits in (("cold", cold[name]), ("warm", warm[name])):
            if not visits:
                continue
            charts = [v.first_chart for v in visits if v.first_chart is not None]
            print(
                f"| {name} | {kind} | {median([v.first_paint for v in visits]):.0f} | "
                f"{f'{median(charts):.0f}' if charts else '—'} | {median([v.load_end for v in visits]):.0f} | "
                f"{f'{median(live):.0f}' if (live := [v.interactive for v in visits if v.interactive is not None]) else '—'} | "
                f"{f'{median(cpus):.0f}' if (cpus := [v.cpu for v in visits if v.cpu is not None]) else '—'} | "
                f"{f'{median(alls):.0f}' if (alls := [v.all_cpu for v in visits if v.all_cpu is not None]) else '—'} | "
                f"{median([v.bytes for v in visits]):,.0f} | {visits[0].requests} |"
            )
    ratios = [ours.ready / theirs.ready for ours, theirs in zip(cold["msgcompare"], cold["datasette"], strict=True)]
    print(
        f"cold: msgcompare's first chart / Datasette's load end, per run: median {median(ratios):.2f} "
        f"(runs {min(ratios):.2f} … {max(ratios):.2f})"
    )
    cpu_ratios = [(o.cpu or 0) / (t.cpu or 1) for o, t in zip(cold["msgcompare"], cold["datasette"], strict=True)]
    print(f"cold: main-thread CPU to first chart / Datasette's to load end, per run: median {median(cpu_ratios):.2f}")
    if EAGER in cold:
        eager = [e.ready / lazy.ready for e, lazy in zip(cold[EAGER], cold["msgcompare"], strict=True)]
        print(f"cold: first chart with eager compile / as served, per run: median {median(eager):.2f} (runs {min(eager):.2f} … {max(eager):.2f})")


if __name__ == "__main__":
    main()
