"""Plotly figures as plain dicts, built from presenter documents; no Flask, no plotly import.

Each function takes the document a page already has (``compare.presenters``) plus the language,
and returns ``{"data": [...], "layout": {...}, "config": {...}}`` (and, where a phone needs
another layout, ``"narrow"``: see ``compare.charts_style``). Templates hand the dict to the
browser with ``|tojson`` in a ``data-figure`` attribute and ``static/site.js`` draws it with the
plotly.js the app serves itself. Embeds and reports reuse the same functions.

Colours are colour-blind safe (Okabe–Ito for categories, an ordered traffic-light scale for
levels) and never carry meaning alone: cells carry their level's symbol and label, bars their
numbers and patterns, series their own line dash and marker symbol.

The matrix lives in ``compare.charts_matrix``, the two sensitivity charts in
``compare.charts_sensitivity``; they are re-exported here so callers name one module.
"""

from __future__ import annotations

from typing import Any

from compare.charts_matrix import LEVEL_BANDS, compact, matrix_heatmap
from compare.charts_sensitivity import rank_probability_chart, tornado_chart
from compare.charts_style import (
    BLUE,
    CONFIG,
    DASHES,
    FONT,
    GREY,
    GRID,
    INK,
    OKABE_ITO,
    ORANGE,
    SYMBOLS,
    Figure,
    base_layout,
    figure,
    legend_below,
    shorten,
    wrap,
)
from compare.i18n import translator

__all__ = [
    "CONFIG",
    "FONT",
    "LEVEL_BANDS",
    "RADAR_MAX_CRITERIA",
    "Figure",
    "matrix_heatmap",
    "radar_chart",
    "rank_probability_chart",
    "ranking_chart",
    "tornado_chart",
    "wrap",
]

RADAR_MAX_CRITERIA = 6
"""A radar with more axes than this fragments into slivers; beyond it the chart is a dot plot."""


def _ranking_traces(rows: list[dict[str, Any]], language: str, narrow: bool) -> list[dict[str, Any]]:
    _ = translator(language).gettext
    labels = [f"{row['rank']}. {row['label']}" for row in rows]
    styles = {
        "eligible": (_("Guaranteed score (eligible)"), BLUE, ""),
        "undetermined": (_("Guaranteed score (must-have not verified)"), ORANGE, "."),
        "knocked-out": (_("Guaranteed score (knocked out by a must-have)"), GREY, "x"),
    }
    data: list[dict[str, Any]] = []
    for standing, (name, colour, shape) in styles.items():
        members = [i for i, row in enumerate(rows) if row["standing"] == standing]
        if not members:
            continue
        data.append(
            {
                "type": "bar",
                "orientation": "h",
                "name": name,
                "y": [labels[i] for i in members],
                "x": [rows[i]["display"]["low"] for i in members],
                "marker": {"color": colour, "line": {"color": INK, "width": 0.5}, "pattern": {"shape": shape, "fgcolor": INK, "fillmode": "overlay", "size": 6}},
                "hovertemplate": "%{y}: %{x:.1f}<extra>" + name + "</extra>",
            }
        )
    coverage = _("%(share)s of the weight verified")
    short = _("%(score)s (%(share)s verified)")
    data.append(
        {
            "type": "bar",
            "orientation": "h",
            "name": _("Open range (unverified facts at their best level)"),
            "y": labels,
            "x": [round(row["display"]["high"] - row["display"]["low"], 1) for row in rows],
            "marker": {"color": "#CFE8F7", "line": {"color": BLUE, "width": 1}, "pattern": {"shape": "/", "fgcolor": BLUE, "size": 6, "fillmode": "overlay"}},
            "text": [row["display"]["text"] if narrow else short % {"score": row["display"]["text"], "share": row["coverage_text"]} for row in rows],
            "customdata": [coverage % {"share": row["coverage_text"]} for row in rows],
            "textposition": "outside",
            "textfont": {"color": INK},
            "cliponaxis": False,
            "hovertemplate": "%{y}: %{text}<br>%{customdata}<extra></extra>",
        }
    )
    return data


def ranking_chart(overview: dict[str, Any], language: str) -> Figure:
    """Horizontal bars: the guaranteed score, and the range still open because facts are unverified.

    Bars are split by standing (eligible / undetermined / knocked out) with their own pattern, so
    a knocked-out offer is recognisable without colour. On a phone the names are shortened (the
    hover and the ranking table keep them whole) and the bar text is the score alone.
    """
    _ = translator(language).gettext
    rows = overview["ranking"]
    height = 120 + 28 * len(rows)
    axis = {"title": {"text": _("Score (0–100)")}, "gridcolor": GRID, "fixedrange": True}
    common: dict[str, Any] = {
        "barmode": "stack",
        "height": height,
        "yaxis": {"autorange": "reversed", "automargin": True, "fixedrange": True},
        "bargap": 0.25,
    }
    names = [f"{row['rank']}. {row['label']}" for row in rows]
    short_names = [f"{row['rank']}. {shorten(compact(row['label']), 18)}" for row in rows]
    wide_data, narrow_data = _ranking_traces(rows, language, narrow=False), _ranking_traces(rows, language, narrow=True)
    wide = base_layout(
        **common,
        margin={"l": 10, "r": 60, "t": 10, "b": 40},
        xaxis={**axis, "range": [0, 145], "tickvals": [0, 20, 40, 60, 80, 100]},
    )
    narrow = base_layout(
        **{**common, "yaxis": {**common["yaxis"], "tickmode": "array", "tickvals": names, "ticktext": short_names}},
        margin={"l": 4, "r": 12, "t": 10, "b": 40},
        xaxis={**axis, "range": [0, 165], "tickvals": [0, 50, 100]},
        legend={"font": {"size": 11}},
    )
    return figure(
        wide_data,
        legend_below(wide, wide_data),
        narrow={"data": narrow_data, "layout": legend_below(narrow, narrow_data)},
    )


def _offer_series(comparison: dict[str, Any], language: str) -> list[tuple[dict[str, Any], list[float | None], list[str]]]:
    """Per chosen offer: its row, the verified level score per criterion (None if not verified), and labels."""
    _ = translator(language).gettext
    result = []
    for row in comparison["offers"]:
        scores: list[float | None] = []
        labels = []
        for criterion in comparison["criteria"]:
            cell = next(c for c in criterion["cells"] if c["offer"] == row["offer"])
            scores.append(cell["level_score"] if cell["scores"] else None)
            labels.append(cell["level_label"] if cell["scores"] else _("not verified"))
        result.append((row, scores, labels))
    return result


def radar_chart(comparison: dict[str, Any], language: str) -> Figure:
    """The chosen offers' verified level scores per criterion.

    A radar (one polygon per offer, gaps where nothing is verified) for at most
    ``RADAR_MAX_CRITERIA`` criteria; with more, a dot plot (a row per criterion, a marker per
    offer), because a dozen axes cut the polygons into slivers nobody can compare.
    """
    if len(comparison["criteria"]) > RADAR_MAX_CRITERIA:
        return dot_plot(comparison, language)
    criteria = comparison["criteria"]
    theta = [wrap(c["title"], 18) for c in criteria]
    data = []
    for k, (row, r, labels) in enumerate(_offer_series(comparison, language)):
        data.append(
            {
                "type": "scatterpolar",
                "name": row["label"],
                "r": [*r, r[0]],
                "theta": [*theta, theta[0]],
                "text": [*labels, labels[0]],
                "mode": "lines+markers",
                "line": {"color": OKABE_ITO[k % len(OKABE_ITO)], "dash": DASHES[k % len(DASHES)], "width": 2},
                "marker": {"symbol": SYMBOLS[k % len(SYMBOLS)], "size": 8},
                "connectgaps": False,
                "hovertemplate": "%{theta}<br>%{text} (%{r})<extra>" + row["label"] + "</extra>",
            }
        )
    layout = base_layout(
        height=560,
        margin={"l": 90, "r": 90, "t": 40, "b": 40},
        polar={"radialaxis": {"range": [0, 100], "tickvals": [0, 25, 50, 75, 100], "angle": 90, "tickfont": {"size": 10}}, "angularaxis": {"direction": "clockwise"}},
    )
    return figure(data, legend_below(layout, data, axis_below=False))


def _dot_traces(comparison: dict[str, Any], language: str, width: int) -> list[dict[str, Any]]:
    full = [c["title"] for c in comparison["criteria"]]
    rows = [wrap(shorten(title, 2 * width), width) for title in full]
    data = []
    for k, (row, scores, labels) in enumerate(_offer_series(comparison, language)):
        data.append(
            {
                "type": "scatter",
                "mode": "markers",
                "name": row["label"],
                "y": rows,
                "x": scores,
                "text": labels,
                "customdata": full,
                "marker": {"symbol": SYMBOLS[k % len(SYMBOLS)], "size": 12, "color": OKABE_ITO[k % len(OKABE_ITO)], "line": {"color": INK, "width": 1}},
                "hovertemplate": "%{customdata}<br>%{text} (%{x})<extra>" + row["label"] + "</extra>",
            }
        )
    return data


def dot_plot(comparison: dict[str, Any], language: str) -> Figure:
    """A row per criterion, a marker (own colour and shape) per offer at its verified level score."""
    _ = translator(language).gettext
    count = len(comparison["criteria"])
    offers = len(comparison["offers"])
    height = 110 + count * (14 + 9 * offers)
    title = _("Verified level score (0 = worst, 100 = best)")
    axis = {"range": [-5, 105], "title": {"text": title}, "gridcolor": GRID, "zeroline": False, "fixedrange": True}
    yaxis = {"autorange": "reversed", "automargin": True, "fixedrange": True, "gridcolor": "#EEEEEE"}
    wide = base_layout(
        height=height,
        scattermode="group",
        scattergap=0.4,
        margin={"l": 10, "r": 20, "t": 10, "b": 40},
        xaxis={**axis, "tickvals": [0, 25, 50, 75, 100]},
        yaxis=yaxis,
    )
    narrow = base_layout(
        height=height,
        scattermode="group",
        scattergap=0.4,
        margin={"l": 4, "r": 12, "t": 10, "b": 40},
        xaxis={**axis, "title": {"text": wrap(title, 24)}, "tickvals": [0, 50, 100]},
        yaxis={**yaxis, "tickfont": {"size": 11}},
        legend={"font": {"size": 11}},
    )
    wide_data, narrow_data = _dot_traces(comparison, language, 28), _dot_traces(comparison, language, 14)
    return figure(
        wide_data,
        legend_below(wide, wide_data),
        narrow={"data": narrow_data, "layout": legend_below(narrow, narrow_data)},
    )
