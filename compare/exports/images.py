"""Static chart images (PNG, SVG): the figure laid out for a file, drawn by plotly.js in Chromium.

The drawing happens in the process's shared browser (``compare.rendering.browser``), the same
one that prints the PDF report, with the same plotly.js the pages load; this module decides what
is drawn (size, title, provenance) and checks the bounds before anything is rendered.
"""

from __future__ import annotations

import copy
import math
from dataclasses import dataclass
from typing import Any, Literal

from compare.charts_style import without_legend
from compare.rendering.browser import Browser, RendererUnavailable

__all__ = ["ImageSize", "RendererUnavailable", "render", "sized", "titled"]

Figure = dict[str, Any]
ImageFormat = Literal["png", "svg"]

MIN_WIDTH, MAX_WIDTH = 300, 3000
MIN_HEIGHT, MAX_HEIGHT = 200, 3000
MIN_SCALE, MAX_SCALE = 1, 4
MAX_PIXELS = 16_000_000
"""Width × height × scale² of one image: 4000 × 4000 pixels, plenty for print, bounded for memory."""
DEFAULT_WIDTH, DEFAULT_HEIGHT = 1000, 600
MEDIA_TYPES: dict[str, str] = {"png": "image/png", "svg": "image/svg+xml"}
MIN_PLOT_HEIGHT = 80
"""Below this many pixels for the plot itself, an image drops its legend to make room."""


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
    """The figure laid out at ``size``, without the browser-only ``config``.

    A small image keeps its plot: when the margins (title block, axis, legend) would leave the
    plot less than ``MIN_PLOT_HEIGHT`` pixels, the legend goes (Plotly cannot draw a plot of
    negative height, and a legend over the bars is unreadable anyway).
    """
    result = {key: copy.deepcopy(value) for key, value in figure.items() if key in ("data", "layout")}
    layout = result.setdefault("layout", {})
    layout.update({"width": size.width, "height": size.height, "autosize": False})
    margin = layout.get("margin") or {}
    if size.height - int(margin.get("t", 0)) - int(margin.get("b", 0)) < MIN_PLOT_HEIGHT:
        result["layout"] = without_legend(layout, result.get("data", []))
    return result


def render(browser: Browser, figure: Figure, fmt: ImageFormat, size: ImageSize) -> bytes:
    """The figure as PNG or SVG bytes of ``size``, drawn by plotly.js in the shared browser.

    Raises:
        RendererUnavailable: the browser is missing, failed, or took too long.
    """
    return browser.image(sized(figure, size), fmt, size.width, size.height, size.scale)
