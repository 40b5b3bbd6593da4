"""What every chart shares: palette, fonts, label shortening and the narrow-screen variant.

A figure is ``{"data", "layout", "config"}`` plus, where the wide layout cannot work on a phone,
``"narrow"``: a second ``{"data", "layout"}`` that ``static/site.js`` draws instead when the
chart's box is narrower than ``NARROW_BELOW`` pixels (fewer ticks, shortened labels whose full
text stays in the hover and in the page's data table, a denser matrix).
"""

from __future__ import annotations

import textwrap
from functools import lru_cache
from typing import Any

Figure = dict[str, Any]

# Okabe & Ito (2008), "Color Universal Design": distinguishable with every common colour-vision deficiency.
OKABE_ITO = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")
BLUE, ORANGE, GREEN, PURPLE, SKY, VERMILLION = OKABE_ITO[:6]
GREY = "#8C8C8C"
INK = "#1B1B1B"
GRID = "#DDDDDD"
FONT = {"family": "system-ui, -apple-system, 'Segoe UI', Roboto, 'DejaVu Sans', sans-serif", "size": 13, "color": INK}
CONFIG = {"displayModeBar": False, "responsive": True, "scrollZoom": False}
DASHES = ("solid", "dash", "dot", "dashdot", "longdash")
SYMBOLS = ("circle", "square", "diamond", "triangle-up", "x", "star")
NARROW_BELOW = 700
"""Container width (CSS pixels) under which a chart switches to its narrow variant."""


@lru_cache(maxsize=4096)
def wrap(text: str, width: int) -> str:
    """Break a label into lines for Plotly (which wraps nothing itself)."""
    return "<br>".join(textwrap.wrap(text, width=width, break_long_words=False)) or text


@lru_cache(maxsize=4096)
def shorten(text: str, width: int) -> str:
    """``text`` cut to at most ``width`` characters, with an ellipsis (the hover keeps it whole)."""
    if len(text) <= width:
        return text
    # Cut mid-word rather than at the last space: "WhatsApp Business P…" and "… a…" stay two names.
    return text[: width - 1].rstrip(" ,.:;–-(") + "…"


def base_layout(**extra: Any) -> dict[str, Any]:
    """White paper, the site's font, small margins; ``extra`` overrides."""
    layout: dict[str, Any] = {
        "font": FONT,
        "paper_bgcolor": "#FFFFFF",
        "plot_bgcolor": "#FFFFFF",
        "margin": {"l": 10, "r": 20, "t": 10, "b": 40},
        "hoverlabel": {"font": {"family": FONT["family"]}},
    }
    layout.update(extra)
    return layout


LEGEND_ENTRY_PX = 22
"""Height of one legend entry at the site's font (13 px text, Plotly's item padding)."""
AXIS_BELOW_PX = 72
"""Room under the plot for the x axis's tick labels and a one-line title (Plotly keeps ~40 px between them)."""
ONE_ENTRY_A_LINE_PX = 4000
"""Legend entry width: wider than any chart or image, so no two entries ever share a line."""
AXIS_TITLE_LINE_PX = 18
"""Each further line of a wrapped axis title."""


def legend_below(layout: dict[str, Any], data: list[dict[str, Any]], *, axis_below: bool = True) -> dict[str, Any]:
    """``layout`` with its legend under the x-axis title, one entry a line, in a margin made for it.

    Placed in fractions of the plot's height, a legend drifts away from the axis on tall charts
    and into it on short ones. Here it is anchored to the bottom left of the figure, and the
    bottom margin is the axis's room (a line more for each break in its title) plus one line per
    entry, in pixels: the same at every width and image size, because entries wider than any
    figure never share a line. (A vertical legend would do that too, but Plotly then pushes the
    left margin by the legend's width.) The figure grows by the margin it gains, so the plot
    keeps the height it was designed with.
    """
    entries = _legend_entries(data)
    title = str((((layout.get("xaxis") or {}).get("title")) or {}).get("text") or "")
    axis = AXIS_BELOW_PX + AXIS_TITLE_LINE_PX * title.count("<br>") if axis_below else 10
    legend = {
        "orientation": "h",
        "entrywidthmode": "pixels",
        "entrywidth": ONE_ENTRY_A_LINE_PX,
        "xref": "container",
        "x": 0,
        "xanchor": "left",
        "yref": "container",
        "y": 0,
        "yanchor": "bottom",
        **(layout.get("legend") or {}),
    }
    margin = dict(layout.get("margin") or {})
    before = int(margin.get("b", 40))
    margin["b"] = axis + LEGEND_ENTRY_PX * entries + 8
    result = {**layout, "legend": legend, "margin": margin}
    if "height" in layout:
        result["height"] = int(layout["height"]) + margin["b"] - before
    return result


def _legend_entries(data: list[dict[str, Any]]) -> int:
    return sum(1 for trace in data if trace.get("showlegend", True) and trace.get("name"))


def without_legend(layout: dict[str, Any], data: list[dict[str, Any]]) -> dict[str, Any]:
    """``layout`` with a ``legend_below`` legend hidden and its lines given back to the plot.

    For images too small to hold both: a plot squeezed to nothing cannot be drawn at all.
    """
    legend = layout.get("legend") or {}
    if legend.get("yref") != "container" or legend.get("entrywidth") != ONE_ENTRY_A_LINE_PX:
        return {**layout, "showlegend": False}
    margin = dict(layout.get("margin") or {})
    margin["b"] = max(10, int(margin.get("b", 0)) - LEGEND_ENTRY_PX * _legend_entries(data) - 8)
    return {**layout, "showlegend": False, "margin": margin}


def figure(data: list[dict[str, Any]], layout: dict[str, Any], narrow: Figure | None = None) -> Figure:
    """The figure dict; ``narrow`` is the ``{"data", "layout"}`` drawn in boxes under ``NARROW_BELOW``.

    The narrow variant is stored as its layout plus, per trace, only the keys whose values differ
    from the wide trace (``patch``): pages carry both variants, and the bulky parts (hover texts,
    evidence links) are the same in each.
    """
    result: Figure = {"data": data, "layout": layout, "config": CONFIG}
    if narrow is not None:
        wide_traces, narrow_traces = data, narrow["data"]
        if len(wide_traces) != len(narrow_traces):
            raise ValueError("a narrow variant must have the wide variant's traces")
        patch = [
            {key: value for key, value in small.items() if wide.get(key) != value}
            for wide, small in zip(wide_traces, narrow_traces, strict=True)
        ]
        result["narrow"] = {"layout": narrow["layout"], "patch": patch}
        result["narrow_below"] = NARROW_BELOW
    return result


def narrow_variant(fig: Figure) -> Figure:
    """The ``{"data", "layout"}`` drawn on a phone (the wide one when the chart has no other)."""
    if "narrow" not in fig:
        return {"data": fig["data"], "layout": fig["layout"]}
    narrow = fig["narrow"]
    data = [{**trace, **patch} for trace, patch in zip(fig["data"], narrow["patch"], strict=True)]
    return {"data": data, "layout": narrow["layout"]}


def with_symbols(fig: Figure) -> Figure:
    """``fig`` with each grid cell's ``text`` set to ``fig["symbols"][z]`` (the matrix's band marks).

    Pages leave this to the browser (``static/site.js``); images and tests call it.
    """
    symbols = fig.get("symbols")
    if not symbols:
        return fig
    data = [{**trace, "text": [[symbols[band] for band in row] for row in trace["z"]]} if "z" in trace else trace for trace in fig["data"]]
    return {**fig, "data": data}
