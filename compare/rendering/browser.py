"""One warm headless Chromium per process, shared by every render: PDF reports and chart images.

Starting Chromium costs seconds; a PDF or an image in a running one costs a fraction of that.
So each process that renders (a job worker; in tests, the test process) keeps one browser,
started on first use and closed at exit, and web processes never start one (they queue render
jobs instead). The browser is Debian's ``/usr/bin/chromium`` driven by Playwright; Playwright's
own download (``playwright install``) is never used.

Why a thread of its own: Playwright's API is asynchronous and tied to one event loop, while the
callers are worker threads. The browser lives on a loop in a dedicated thread; each call is a
coroutine submitted to it with a deadline, so a hung browser fails one call instead of blocking
its thread forever, and two threads never see each other's results. A browser that died is
started again by the next call. At most ``max_concurrency`` renders run in it at once.

Nothing is loaded from outside: every request a page makes is aborted unless it is a ``data:``
URI, and PDFs are printed with JavaScript off (the report needs none).
"""

from __future__ import annotations

import asyncio
import atexit
import base64
import contextlib
import ctypes
import logging
import os
import threading
import urllib.parse
import uuid
from collections.abc import Awaitable, Callable
from concurrent.futures import TimeoutError as FutureTimeout
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any, Literal, TypeVar

from compare.settings import PROJECT_ROOT

T = TypeVar("T")
log = logging.getLogger(__name__)
ImageFormat = Literal["png", "svg"]
DEFAULT_PATH = "/usr/bin/chromium"
NICENESS = 10
"""How much lower than the web tier the browser runs: pages keep their CPU while reports print."""
SLIM_PLOTLY = PROJECT_ROOT / "assets" / "dist" / "plotly.min.js"
LAUNCH_ARGS = [
    "--disable-dev-shm-usage",  # containers often have a tiny /dev/shm
    "--disable-gpu",
    "--no-first-run",
    "--disable-extensions",
    "--disable-background-networking",
    "--font-render-hinting=none",  # the same glyph metrics in PDFs as on screen
]


class RendererUnavailable(RuntimeError):
    """The browser is missing, could not start, failed, or did not answer in time (the message says which)."""


@cache
def plotly_source() -> str:
    """plotly.js for chart images: the slim bundle the pages load, else the plotly package's own."""
    if SLIM_PLOTLY.is_file():
        return SLIM_PLOTLY.read_text(encoding="utf-8")
    return files("plotly").joinpath("package_data", "plotly.min.js").read_text(encoding="utf-8")


async def _only_data_uris(route: Any) -> None:
    """Let ``data:`` URIs through and abort everything else (no network, no files)."""
    if route.request.url.startswith("data:"):
        await route.continue_()
    else:
        await route.abort("blockedbyclient")


class Browser:
    """One Chromium on an event loop of its own, started on first use, restarted when it died."""

    def __init__(
        self, executable: str = DEFAULT_PATH, *, max_concurrency: int = 2, timeout: float = 60.0,
        start_timeout: float = 30.0, niceness: int = NICENESS,
    ) -> None:
        self.executable = executable
        self.max_concurrency = max(1, max_concurrency)
        self.timeout = timeout
        self.start_timeout = start_timeout
        self.niceness = niceness
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._driver: Any = None  # playwright's Playwright object
        self._browser: Any = None  # playwright's Browser
        self._slots: asyncio.Semaphore | None = None
        self._chart_page: Any = None
        self._chart_lock: asyncio.Lock | None = None
        self._launch_lock: asyncio.Lock | None = None
        self._marker = f"--msgcompare-renderer={uuid.uuid4().hex}"  # finds our process among others
        self.starts = 0
        """How many times a browser was launched (1 + restarts): for tests and benchmarks."""

    @property
    def running(self) -> bool:
        """Whether a browser has been started and is still connected."""
        browser = self._browser
        return browser is not None and bool(browser.is_connected())

    @property
    def pid(self) -> int | None:
        """The browser's main process id while it runs (Linux; for memory figures and tests)."""
        if not self.running:
            return None
        marked = {pid: parent for pid, parent, command in processes() if self._marker in command}
        return next((pid for pid, parent in sorted(marked.items()) if parent not in marked), None)

    def memory(self) -> int:
        """Bytes of memory the browser's processes use (proportional set size, Linux), 0 if none."""
        main = self.pid
        if main is None:
            return 0
        return sum(proportional_memory(pid) for pid in descendants(main, include_self=True))

    # --- the loop and the browser -------------------------------------------------------------

    def _run_loop(self, loop: asyncio.AbstractEventLoop) -> None:
        # Niceness is per thread on Linux and children inherit the forking thread's: lowering
        # it here lowers the Playwright driver and Chromium (forked from this loop) too.
        if self.niceness and hasattr(os, "setpriority"):
            try:
                tid = threading.get_native_id()
                os.setpriority(os.PRIO_PROCESS, tid, max(os.getpriority(os.PRIO_PROCESS, tid), self.niceness))
            except OSError:
                pass
            run_only_when_idle(tid)
            keep_priority_down()
        asyncio.set_event_loop(loop)
        loop.run_forever()

    def _ensure_loop(self) -> asyncio.AbstractEventLoop:
        if self._loop is None or self._thread is None or not self._thread.is_alive():
            loop = asyncio.new_event_loop()
            thread = threading.Thread(target=self._run_loop, args=(loop,), name="shared-browser", daemon=True)
            thread.start()
            self._loop, self._thread = loop, thread
        return self._loop

    async def _launch(self) -> None:
        from playwright.async_api import async_playwright

        if self._driver is None:
            self._driver = await async_playwright().start()
        self._browser = await self._driver.chromium.launch(
            executable_path=self.executable, args=[*LAUNCH_ARGS, self._marker], timeout=self.start_timeout * 1000
        )
        self._slots = asyncio.Semaphore(self.max_concurrency)
        self._chart_page, self._chart_lock = None, asyncio.Lock()
        self.starts += 1
        lower_detached_sessions(os.getpid())

    async def _ensure_browser(self) -> Any:
        # Warming and the first render can both find no browser; the lock makes the second one
        # wait for the first launch instead of starting a second Chromium nobody would close.
        if self.running:
            return self._browser
        lock = self._launch_lock = self._launch_lock or asyncio.Lock()
        async with lock:
            if not self.running:
                if not Path(self.executable).exists():
                    raise RendererUnavailable(f"no browser at {self.executable} (install Debian's chromium)")
                try:
                    await asyncio.wait_for(self._launch(), self.start_timeout + 5)
                except Exception as exc:
                    self._browser = None
                    raise RendererUnavailable(f"the browser at {self.executable} did not start: {exc!r}") from exc
        return self._browser

    def call(self, work: Callable[[Any], Awaitable[T]], timeout: float | None = None) -> T:
        """Run ``work(browser)`` in the shared browser with a deadline; start the browser if needed.

        Raises:
            RendererUnavailable: no browser, it failed, or the call took longer than ``timeout``.
        """
        limit = self.timeout if timeout is None else timeout
        with self._lock:
            loop = self._ensure_loop()

        async def bounded() -> T:
            browser = await self._ensure_browser()
            slots = self._slots or asyncio.Semaphore(self.max_concurrency)  # set by every launch
            async with slots:
                return await asyncio.wait_for(work(browser), limit)

        future = asyncio.run_coroutine_threadsafe(bounded(), loop)
        try:
            return future.result(limit + self.start_timeout + 5)
        except (FutureTimeout, TimeoutError) as exc:
            future.cancel()
            raise RendererUnavailable(f"rendering took longer than {limit:g} s") from exc
        except RendererUnavailable:
            raise
        except Exception as exc:
            raise RendererUnavailable(f"the browser failed to render: {exc!r}") from exc

    def warm(self) -> None:
        """Start the browser and load plotly.js in the background, so the first render is warm.

        A job worker calls this when it starts: the first chart image after a start then costs
        what any other does. Failures are only logged here; the first render reports them.
        """
        if not Path(self.executable).exists():
            return
        with self._lock:
            loop = self._ensure_loop()

        async def start() -> None:
            try:
                await self._chart(await self._ensure_browser())
            except Exception as exc:  # the first real render raises it again, with its deadline
                log.warning("could not warm the browser at %s: %r", self.executable, exc)

        asyncio.run_coroutine_threadsafe(start(), loop)

    # --- what it renders ----------------------------------------------------------------------

    def pdf(self, html: str, timeout: float | None = None) -> bytes:
        """``html`` printed to PDF (A4 unless the page's CSS says otherwise), with no JavaScript."""

        async def work(browser: Any) -> bytes:
            context = await browser.new_context(java_script_enabled=False, offline=True)
            try:
                page = await context.new_page()
                await page.route("**/*", _only_data_uris)
                await page.set_content(html, wait_until="load")
                pdf: bytes = await page.pdf(format="A4", prefer_css_page_size=True, print_background=True)
                return pdf
            finally:
                await context.close()

        return self.call(work, timeout)

    async def _chart(self, browser: Any) -> Any:
        """The page that draws chart images: plotly.js loaded once, kept open for the next image."""
        page = self._chart_page
        if page is not None and not page.is_closed():
            return page
        lock = self._chart_lock = self._chart_lock or asyncio.Lock()
        async with lock:
            if self._chart_page is None or self._chart_page.is_closed():
                context = await browser.new_context(offline=True)
                page = await context.new_page()
                await page.route("**/*", _only_data_uris)
                script = plotly_source().replace("</script", "<\\/script")
                await page.set_content(f"<!doctype html><meta charset=utf-8><body><script>{script}</script>", wait_until="load")
                self._chart_page = page
            return self._chart_page

    def image(self, figure: dict[str, Any], fmt: ImageFormat, width: int, height: int, scale: int = 1, timeout: float | None = None) -> bytes:
        """A plotly figure (``data`` and ``layout``) as PNG or SVG bytes, drawn by ``Plotly.toImage``."""

        async def work(browser: Any) -> bytes:
            page = await self._chart(browser)
            url: str = await page.evaluate(
                "([figure, options]) => Plotly.toImage(figure, options)",
                [figure, {"format": fmt, "width": width, "height": height, "scale": scale}],
            )
            return decode_data_uri(url)

        return self.call(work, timeout)

    # --- ending -------------------------------------------------------------------------------

    def close(self) -> None:
        """Close the browser, the driver and the loop; the next call starts them again."""
        with self._lock:
            loop, thread = self._loop, self._thread
            self._loop = self._thread = None
        if loop is None or thread is None:
            return

        async def shut() -> None:
            try:
                if self._browser is not None:
                    await self._browser.close()
            finally:
                if self._driver is not None:
                    await self._driver.stop()
                self._browser = self._driver = self._chart_page = None
                self._chart_lock = self._launch_lock = None  # bound to this loop; the next one makes its own

        if thread.is_alive():
            future = asyncio.run_coroutine_threadsafe(shut(), loop)
            try:
                future.result(15)
            except Exception:  # closing at exit: nothing left to tell
                future.cancel()
            loop.call_soon_threadsafe(loop.stop)
            thread.join(10)
        if not thread.is_alive():
            loop.close()


PR_CAPBSET_DROP, CAP_SYS_NICE = 24, 23


def run_only_when_idle(tid: int) -> None:
    """Give this thread, and every process it starts, the CPU only when nothing else wants it.

    Niceness 10 still leaves Chromium about a tenth of a busy core, and four reports printing
    at once made the web tier's slowest answers several times slower on two cores. Under Linux's
    ``SCHED_IDLE`` policy the renderer gets what the web workers leave: on an idle machine a
    report prints as fast as before, on a busy one the pages come first. Children inherit the
    policy and, without CAP_SYS_NICE (see ``keep_priority_down``), cannot leave it.
    """
    policy = getattr(os, "SCHED_IDLE", None)
    if policy is None:
        return
    with contextlib.suppress(OSError):
        os.sched_setscheduler(tid, policy, os.sched_param(0))


AUTOGROUP_NICENESS = 19


def lower_detached_sessions(root: int, niceness: int = AUTOGROUP_NICENESS) -> None:
    """Lower the CPU share of every session below ``root`` that is not ``root``'s own (Linux).

    Playwright starts Chromium detached, in a session of its own, and with the kernel's
    autogroup scheduling each session is one group that gets an even share of the CPU against
    the others whatever the niceness or policy of the tasks inside it: the idle-only browser
    still took half of the two cores from the web tier's session (measured: a second of
    run-queue wait per web worker while four reports printed). Setting the nice value of the
    browser's autogroup (``/proc/<pid>/autogroup``) gives the group that low share; where
    autogroups are off or absent the write fails or changes nothing, and nothing else is touched.
    """
    own = os.getsid(0)
    lowered: set[int] = set()
    for pid in descendants(root):
        try:
            session = os.getsid(pid)
            if session == own or session in lowered:
                continue
            Path(f"/proc/{pid}/autogroup").write_text(f"{niceness}\n", encoding="ascii")
            lowered.add(session)
        except OSError:
            continue


def keep_priority_down() -> None:
    """Stop processes started from this thread from raising their priority again (Linux).

    Chromium gives its compositor and foreground renderers a higher priority (niceness 0, even
    -8) when it is allowed to, which a worker running as root is: that would undo the worker's
    niceness and take the CPU from the web tier. Dropping CAP_SYS_NICE from this thread's
    capability bounding set (per thread, inherited by what it starts) leaves the rest of the
    process alone; where that is not permitted or not Linux nothing changes.
    """
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_CAPBSET_DROP, CAP_SYS_NICE, 0, 0, 0)
    except (OSError, AttributeError):
        pass


def decode_data_uri(url: str) -> bytes:
    """The bytes of a ``data:`` URI, base64 or percent-encoded (Plotly writes SVG the latter way)."""
    header, _, payload = url.partition(",")
    if not header.startswith("data:"):
        raise RendererUnavailable(f"the browser returned no image ({url[:40]!r})")
    if header.endswith(";base64"):
        return base64.b64decode(payload)
    return urllib.parse.unquote(payload).encode("utf-8")


def processes() -> list[tuple[int, int, str]]:
    """(pid, parent pid, command line) of every process we can see in /proc (empty elsewhere)."""
    found = []
    for entry in Path("/proc").glob("[0-9]*"):
        try:
            stat = (entry / "stat").read_text()
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode("utf-8", "replace")
        except OSError:
            continue
        parent = int(stat.rsplit(")", 1)[1].split()[1])
        found.append((int(entry.name), parent, command))
    return found


def thread_policies(pid: int) -> set[int]:
    """The scheduling policy of every thread of a process (Linux; threads that ended are skipped)."""
    found = set()
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found.add(os.sched_getscheduler(int(task.name)))
        except OSError:
            continue
    return found


def descendants(root: int, *, include_self: bool = False) -> list[int]:
    """Process ids below ``root`` in the process tree."""
    children: dict[int, list[int]] = {}
    for pid, parent, _command in processes():
        children.setdefault(parent, []).append(pid)
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(children.get(pid, []))
    return found if include_self else found[1:]


def proportional_memory(pid: int) -> int:
    """A process's proportional set size in bytes (shared pages divided among their users)."""
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


_browsers: dict[tuple[int, str], Browser] = {}
_browsers_lock = threading.Lock()


def shared_browser(executable: str = DEFAULT_PATH, *, max_concurrency: int = 2) -> Browser:
    """This process's browser for ``executable`` (a forked child gets its own), closed at exit.

    Nothing starts here: the browser starts on the first render, so a web process that only
    holds this object never runs Chromium.
    """
    key = (os.getpid(), executable)
    with _browsers_lock:
        browser = _browsers.get(key)
        if browser is None:
            browser = _browsers[key] = Browser(executable, max_concurrency=max_concurrency)
            atexit.register(browser.close)
        return browser
