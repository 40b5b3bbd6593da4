"""Static chart images (PNG, SVG) rendered by kaleido in the system's headless Chromium.

Starting Chromium costs about two seconds, an image about a tenth of a second once it runs, so
each process keeps one browser, started on the first image and closed at exit.

Why not ``kaleido.start_sync_server``: its ``call_function`` waits on a queue with no timeout, so
a browser that died (or was never found) blocks the calling request forever, and two threads
calling it at once can receive each other's images. Here the browser runs on an event loop in a
thread of its own, every call has a deadline, and results come back on their own futures.
"""

from __future__ import annotations

import asyncio
import atexit
import copy
import math
import threading
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import kaleido

Figure = dict[str, Any]
ImageFormat = Literal["png", "svg"]

MIN_WIDTH, MAX_WIDTH = 300, 3000
MIN_HEIGHT, MAX_HEIGHT = 200, 3000
MIN_SCALE, MAX_SCALE = 1, 4
MAX_PIXELS = 16_000_000
"""Width × height × scale² of one image: 4000 × 4000 pixels, plenty for print, bounded for memory."""
DEFAULT_WIDTH, DEFAULT_HEIGHT = 1000, 600
MEDIA_TYPES: dict[str, str] = {"png": "image/png", "svg": "image/svg+xml"}


class RendererUnavailable(RuntimeError):
    """The browser could not be started, or did not answer in time; the message says which."""


@dataclass(frozen=True)
class ImageSize:
    """Pixel size of the image (``scale`` multiplies the PNG's pixels, not the layout)."""

    width: int = DEFAULT_WIDTH
    height: int = DEFAULT_HEIGHT
    scale: int = 1

    def __post_init__(self) -> None:
        if not MIN_WIDTH <= self.width <= MAX_WIDTH:
            raise ValueError(f"width must be from {MIN_WIDTH} to {MAX_WIDTH}")
        if not MIN_HEIGHT <= self.height <= MAX_HEIGHT:
            raise ValueError(f"height must be from {MIN_HEIGHT} to {MAX_HEIGHT}")
        if not MIN_SCALE <= self.scale <= MAX_SCALE:
            raise ValueError(f"scale must be from {MIN_SCALE} to {MAX_SCALE}")
        if self.pixels > MAX_PIXELS:
            raise ValueError(f"width × height × scale² must be at most {MAX_PIXELS:,} pixels")

    @property
    def pixels(self) -> int:
        """Pixels of the rendered image."""
        return self.width * self.height * self.scale**2


def titled(figure: Figure, title: str, subtitle: str, caption: str = "") -> Figure:
    """A copy of ``figure`` with a title and, under it, the provenance and an optional caption line.

    An image pasted into a report leaves the page it came from, so it must say itself what it
    shows, under which profile, on which day's data, and where it comes from (``caption``: the
    link back and the licence). The title block pushes the margins (``automargin``) so it never overlaps axis labels set on top (the matrix's
    column names), and it starts below a band of background so nothing is clipped at the top.
    """
    result = copy.deepcopy(figure)
    layout = result.setdefault("layout", {})
    margin = dict(layout.get("margin") or {})
    margin["t"] = max(int(margin.get("t", 0)), 96 if caption else 80) + top_labels_height(result)
    layout["margin"] = margin
    layout["title"] = {
        "text": title,
        "subtitle": {"text": f"{subtitle}<br>{caption}" if caption else subtitle, "font": {"size": 12, "color": "#333333"}},
        "x": 0,
        "xref": "container",
        "xanchor": "left",
        "y": 1,
        "yref": "container",
        "yanchor": "top",
        "pad": {"t": 14, "l": 12, "b": 10},
        "automargin": True,
        "font": {"size": 17, "color": "#1B1B1B"},
    }
    return result


def top_labels_height(figure: Figure) -> int:
    """Pixels the labels of an x axis set on top need (the matrix's criteria, the rank grid's ranks).

    Plotly's ``automargin`` makes room for them between the plot and the title only when the
    title itself is placed in the margin it computes, which a container-anchored title is not; so
    the title block is moved down by this estimate (11 px text, about 6.6 px a character).
    """
    layout = figure.get("layout", {})
    axis = layout.get("xaxis") or {}
    if axis.get("side") != "top":
        return 0
    labels: list[Any] = axis.get("ticktext") or next((t.get("x") for t in figure.get("data", []) if t.get("x")), [])
    longest = max((len(str(label).replace("<br>", " ")) for label in labels), default=2)
    angle = abs(float(axis.get("tickangle") or 0))
    text = 6.6 * longest * math.sin(math.radians(angle)) if angle else 14
    title = 22 if (axis.get("title") or {}).get("text") else 0
    return int(text + title + 12)


def sized(figure: Figure, size: ImageSize) -> Figure:
    """The figure laid out at ``size``, without the browser-only ``config``."""
    result = {key: copy.deepcopy(value) for key, value in figure.items() if key in ("data", "layout")}
    layout = result.setdefault("layout", {})
    layout.update({"width": size.width, "height": size.height, "autosize": False})
    return result


class ChartRenderer:
    """One headless Chromium, started on first use, shared by every thread of the process."""

    def __init__(
        self, browser_path: str, *, timeout: float = 30.0, start_timeout: float = 60.0
    ) -> None:
        self.browser_path = browser_path
        self.timeout = timeout
        self.start_timeout = start_timeout
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._kaleido: kaleido.Kaleido | None = None

    @property
    def running(self) -> bool:
        """Whether the browser has been started and not closed."""
        return self._kaleido is not None

    def _start(self) -> tuple[asyncio.AbstractEventLoop, kaleido.Kaleido]:
        if not Path(self.browser_path).exists():
            raise RendererUnavailable(
                f"no browser at {self.browser_path} (install Debian's chromium)"
            )
        loop = asyncio.new_event_loop()
        thread = threading.Thread(target=loop.run_forever, name="chart-renderer", daemon=True)
        thread.start()

        async def open_browser() -> kaleido.Kaleido:
            # mathjax=False: kaleido would otherwise load MathJax from a CDN, and we have no internet.
            browser = kaleido.Kaleido(
                n=1, timeout=self.timeout, mathjax=False, path=self.browser_path
            )
            await browser.open()
            return browser

        future = asyncio.run_coroutine_threadsafe(open_browser(), loop)
        try:
            browser = future.result(self.start_timeout)
        except (FutureTimeout, OSError, RuntimeError, ValueError) as exc:
            future.cancel()
            self._stop_loop(loop, thread)
            raise RendererUnavailable(
                f"the browser at {self.browser_path} did not start: {exc!r}"
            ) from exc
        self._loop, self._thread, self._kaleido = loop, thread, browser
        return loop, browser

    def _running(self) -> tuple[asyncio.AbstractEventLoop, kaleido.Kaleido]:
        with self._lock:
            if self._loop is not None and self._kaleido is not None:
                return self._loop, self._kaleido
            return self._start()

    def render(self, figure: Figure, fmt: ImageFormat, size: ImageSize) -> bytes:
        """The figure as PNG or SVG bytes of ``size``.

        Raises:
            RendererUnavailable: the browser is missing, failed, or took longer than ``timeout``.
        """
        loop, browser = self._running()
        options = {"format": fmt, "width": size.width, "height": size.height, "scale": size.scale}
        future = asyncio.run_coroutine_threadsafe(
            browser.calc_fig(sized(figure, size), opts=options), loop
        )
        try:
            image = future.result(self.timeout + 5)
        except FutureTimeout as exc:
            future.cancel()
            raise RendererUnavailable(f"rendering took longer than {self.timeout:g} s") from exc
        except (OSError, RuntimeError) as exc:
            raise RendererUnavailable(f"the browser failed to render: {exc!r}") from exc
        return bytes(image)

    def close(self) -> None:
        """Close the browser and its loop; the next ``render`` starts a new one."""
        with self._lock:
            loop, thread, browser = self._loop, self._thread, self._kaleido
            self._loop = self._thread = self._kaleido = None
        if loop is None or thread is None:
            return
        if browser is not None:
            future = asyncio.run_coroutine_threadsafe(browser.close(), loop)
            try:
                future.result(10)
            except (FutureTimeout, OSError, RuntimeError):
                future.cancel()
        self._stop_loop(loop, thread)

    @staticmethod
    def _stop_loop(loop: asyncio.AbstractEventLoop, thread: threading.Thread) -> None:
        loop.call_soon_threadsafe(loop.stop)
        thread.join(10)
        if not thread.is_alive():
            loop.close()


# One browser per process and browser path: a Chromium is a process-wide resource (as kaleido's
# own sync server is), and every app built in the process, for tests or CLI runs, may share it.
_renderers: dict[str, ChartRenderer] = {}
_renderers_lock = threading.Lock()


def shared_renderer(browser_path: str) -> ChartRenderer:
    """The process's renderer for ``browser_path``, closed when the process exits."""
    with _renderers_lock:
        renderer = _renderers.get(browser_path)
        if renderer is None:
            renderer = _renderers[browser_path] = ChartRenderer(browser_path)
            atexit.register(renderer.close)
        return renderer
