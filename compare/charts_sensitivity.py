"""The two "how robust is the ranking" charts: rank probabilities and weight thresholds.

Both are read on phones and pasted into reports, so neither puts text on a coloured bar: the
probabilities are a grid with dark figures on pale cells (empty where a rank never happened), and
the thresholds are arrows on a weight axis with their numbers beside them, in ink on white.
"""

from __future__ import annotations

from typing import Any

from compare.charts_matrix import compact
from compare.charts_style import (
    GREEN,
    GRID,
    INK,
    VERMILLION,
    Figure,
    base_layout,
    figure,
    legend_below,
    shorten,
    wrap,
)
from compare.i18n import number, translator
from compare.presenters import paging

BLUES = [[0.0, "#FFFFFF"], [0.004, "#FFFFFF"], [0.005, "#EAF3FB"], [0.5, "#9ECAE1"], [1.0, "#4292C6"]]
"""Sequential single-hue scale from white (never happened); dark text keeps 5:1 on its darkest end.

Empty cells are z = 0 on white rather than gaps: plotly places a heatmap's texts out of step with
its cells when some z are missing."""


def shown(share: float) -> bool:
    """Whether a share prints as at least "1" (percent): smaller ones stay empty cells."""
    return round(100 * share) >= 1


def expected_rank(probabilities: list[float]) -> float:
    """The mean rank (1 = first) over the sampled weightings."""
    return sum((i + 1) * p for i, p in enumerate(probabilities))


def _columns(rows: list[dict[str, Any]]) -> tuple[int, bool]:
    """How many rank columns the grid has, and whether a last "worse" column gathers the rest.

    Only ranks that happened to some row count; past ``TOP`` ranks one column holds the rest,
    as a grid 1,300 ranks wide is neither drawable nor readable.
    """
    ranks = max((i + 1 for row in rows for i, p in enumerate(row["probabilities"]) if shown(p)), default=1)
    return (paging.TOP, True) if ranks > paging.TOP else (ranks, False)


def _grid(rows: list[dict[str, Any]], language: str, narrow: bool) -> dict[str, Any]:
    _ = translator(language).gettext
    ranks, rest = _columns(rows)
    columns = [str(i + 1) for i in range(ranks)] + ([f"{ranks + 1}+"] if rest else [])
    labels = [row["label"] for row in rows]
    z, text, customdata = [], [], []
    for row in rows:
        shares = (row["probabilities"][:ranks] + [0.0] * ranks)[:ranks]
        if rest:
            shares.append(max(0.0, 1.0 - sum(shares)))
        z.append([round(100 * p, 1) if shown(p) else 0 for p in shares])
        # On a phone a rank column is a few pixels wide, so a figure overlaps its neighbours: only
        # the row's most likely rank gets one, and only when it holds a quarter or more.
        likeliest = shares.index(max(shares))
        text.append(
            [
                number(100 * p, language, 0) if shown(p) and (not narrow or (i == likeliest and p >= 0.25)) else ""
                for i, p in enumerate(shares)
            ]
        )
        customdata.append([row["label"]] * len(columns))
    return {
        "type": "heatmap",
        "name": _("Share of sampled weightings (%)"),
        "x": columns,
        "y": labels,
        "z": z,
        "zmin": 0,
        "zmax": 100,
        "colorscale": BLUES,
        "showscale": False,
        "text": text,
        "texttemplate": "%{text}",
        "textfont": {"size": 9 if narrow else 12, "color": INK},
        "customdata": customdata,
        "xgap": 2,
        "ygap": 2,
        "hovertemplate": "%{customdata}<br>" + _("Rank") + " %{x}: %{z:.0f} %<extra></extra>",
    }


def rank_probability_chart(sensitivity: dict[str, Any], language: str) -> Figure:
    """A grid of product × rank: how often each product lands at each rank under sampled weights.

    Sorted by expected rank; only ranks that happened carry a figure, so the message (who is
    reliably on top, who only sometimes) is not buried under rows of "0 %". At most ``TOP``
    products (the best by expected rank) and ``TOP`` ranks are drawn, as on the pages.
    """
    _ = translator(language).gettext
    rows = sorted(sensitivity["distributions"], key=lambda row: expected_rank(row["probabilities"]))[: paging.TOP]
    height = 130 + 32 * len(rows)
    axis_title = _("Rank under the sampled weightings") + " (%)"
    common: dict[str, Any] = {
        "xaxis": {"side": "top", "title": {"text": axis_title}, "fixedrange": True, "type": "category"},
        "yaxis": {"autorange": "reversed", "automargin": True, "fixedrange": True},
    }
    wide = base_layout(height=height, margin={"l": 10, "r": 10, "t": 60, "b": 10}, **common)
    short = [shorten(compact(row["label"]), 20) for row in rows]
    narrow = base_layout(
        height=height,
        margin={"l": 4, "r": 4, "t": 78, "b": 10},
        yaxis={**common["yaxis"], "tickmode": "array", "tickvals": [row["label"] for row in rows], "ticktext": short},
    )
    ranks, rest = _columns(rows)
    ticks = [str(r) for r in range(1, ranks + 1) if r == 1 or r % 5 == 0] + ([f"{ranks + 1}+"] if rest else [])
    # The title is centred over the grid, which starts after the names: on a phone it takes two lines.
    narrow["xaxis"] = {**common["xaxis"], "title": {"text": wrap(axis_title, 24)}, "tickmode": "array", "tickvals": ticks}
    return figure([_grid(rows, language, False)], wide, narrow={"data": [_grid(rows, language, True)], "layout": narrow})


def _tornado_traces(rows: list[dict[str, Any]], language: str, narrow: bool) -> list[dict[str, Any]]:
    _ = translator(language).gettext
    labels = [wrap(shorten(r["title"], 30), 15) if narrow else wrap(r["title"], 26) for r in rows]
    segments_x: list[float | None] = []
    segments_y: list[str | None] = []
    for row, label in zip(rows, labels, strict=True):
        segments_x += [row["current_weight"], row["new_weight"], None]
        segments_y += [label, label, None]
    data: list[dict[str, Any]] = [
        {
            "type": "scatter",
            "mode": "lines",
            "name": _("Change of the weight"),
            "x": segments_x,
            "y": segments_y,
            "line": {"color": "#8C8C8C", "width": 3},
            "hoverinfo": "skip",
            "showlegend": False,
        },
        {
            "type": "scatter",
            "mode": "markers",
            "name": _("Weight now"),
            "x": [r["current_weight"] for r in rows],
            "y": labels,
            "customdata": [r["title"] for r in rows],
            "marker": {"symbol": "circle", "size": 10, "color": INK},
            "hovertemplate": "%{customdata}: %{x:.1f}<extra>" + _("Weight now") + "</extra>",
        },
    ]
    for wanted, name, colour, symbol in (
        (True, _("Weight at which another product draws level (higher)"), GREEN, "triangle-right"),
        (False, _("Weight at which another product draws level (lower)"), VERMILLION, "triangle-left"),
    ):
        members = [i for i, r in enumerate(rows) if (r["change"] >= 0) is wanted]
        if not members:
            continue
        data.append(
            {
                "type": "scatter",
                "mode": "markers",
                "name": name,
                "x": [rows[i]["new_weight"] for i in members],
                "y": [labels[i] for i in members],
                "customdata": [[rows[i]["title"], rows[i]["challenger_label"]] for i in members],
                "marker": {"symbol": symbol, "size": 13, "color": colour, "line": {"color": INK, "width": 1}},
                "hovertemplate": "%{customdata[0]}: %{x:.1f} (%{customdata[1]})<extra></extra>",
            }
        )
    data.append(
        {
            "type": "scatter",
            "mode": "text",
            "name": _("Who draws level"),
            "x": [max(r["current_weight"], r["new_weight"]) for r in rows],
            "y": labels,
            "text": [
                f"  {number(r['new_weight'], language)}" + ("" if narrow else f" · {shorten(r['challenger_label'], 22)}")
                for r in rows
            ],
            "textposition": "middle right",
            "textfont": {"color": INK, "size": 12},
            "cliponaxis": False,
            "hoverinfo": "skip",
            "showlegend": False,
        }
    )
    return data


def tornado_chart(sensitivity: dict[str, Any], language: str) -> Figure:
    """Per criterion: an arrow from the weight now to the weight at which another offer draws level.

    Shortest arrows first: those are the weights the ranking is most sensitive to. Numbers and
    the challenger sit beside the arrow's far end, so nothing is printed on a coloured bar.
    """
    _ = translator(language).gettext
    rows = sensitivity["tornado"]
    # The axis follows the weights shown: profiles weigh on any scale (1 each in the default one),
    # so a fixed floor would squeeze every arrow into a sliver at the left.
    top = max((max(r["current_weight"], r["new_weight"]) for r in rows), default=0.0) or 1.0
    height = 150 + 42 * len(rows)
    title = _("Weight of the criterion (raw weight units)")
    axis = {"title": {"text": title}, "gridcolor": GRID, "zeroline": True, "zerolinecolor": INK, "fixedrange": True}
    yaxis = {"autorange": "reversed", "automargin": True, "fixedrange": True, "type": "category"}
    wide = base_layout(
        height=height,
        margin={"l": 10, "r": 20, "t": 10, "b": 40},
        xaxis={**axis, "range": [0, top * 1.45]},
        yaxis=yaxis,
    )
    narrow = base_layout(
        height=height,
        margin={"l": 4, "r": 8, "t": 10, "b": 40},
        xaxis={**axis, "title": {"text": wrap(title, 24)}, "range": [0, top * 1.25], "nticks": 4},
        yaxis={**yaxis, "tickfont": {"size": 11}},
        legend={"font": {"size": 11}},
    )
    wide_data, narrow_data = _tornado_traces(rows, language, False), _tornado_traces(rows, language, True)
    return figure(
        wide_data,
        legend_below(wide, wide_data),
        narrow={"data": narrow_data, "layout": legend_below(narrow, narrow_data)},
    )
