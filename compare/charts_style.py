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
