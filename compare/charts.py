"""Plotly figures as plain dicts, built from presenter documents; no Flask, no plotly import.

Each function takes the document a page already has (``compare.presenters``) plus the language,
and returns ``{"data": [...], "layout": {...}, "config": {...}}``. Templates hand the dict to the
browser with ``|tojson`` in a ``data-figure`` attribute and ``static/charts.js`` draws it with the
plotly.js the app serves itself. Embeds and reports reuse the same functions.

Colours are colour-blind safe (viridis for ordered levels, Okabe–Ito for categories) and never
carry meaning alone: cells carry their level's label, bars their numbers, series their own line
dash and marker symbol.
"""

from __future__ import annotations

import textwrap
from functools import lru_cache
from typing import Any

from compare.i18n import translator

Figure = dict[str, Any]

# Okabe & Ito (2008), "Color Universal Design": distinguishable with every common colour-vision deficiency.
OKABE_ITO = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")
BLUE, ORANGE, GREEN, PURPLE, SKY, VERMILLION = OKABE_ITO[:6]
GREY = "#8C8C8C"
# Viridis, sampled in five steps: perceptually ordered, so "better" always reads as "lighter".
VIRIDIS = [[0.0, "#440154"], [0.25, "#3B528B"], [0.5, "#21918C"], [0.75, "#5EC962"], [1.0, "#FDE725"]]
UNKNOWN_BACKGROUND = "#EDEDED"
FONT = {"family": "system-ui, -apple-system, 'Segoe UI', Roboto, 'DejaVu Sans', sans-serif", "size": 13, "color": "#1B1B1B"}
CONFIG = {"displayModeBar": False, "responsive": True, "scrollZoom": False}
DASHES = ("solid", "dash", "dot", "dashdot", "longdash")
SYMBOLS = ("circle", "square", "diamond", "triangle-up", "x")


@lru_cache(maxsize=4096)
def wrap(text: str, width: int) -> str:
    """Break a label into lines for Plotly (which wraps nothing itself)."""
    return "<br>".join(textwrap.wrap(text, width=width, break_long_words=False)) or text


def _layout(**extra: Any) -> dict[str, Any]:
    layout: dict[str, Any] = {
        "font": FONT,
        "paper_bgcolor": "#FFFFFF",
        "plot_bgcolor": "#FFFFFF",
        "margin": {"l": 10, "r": 20, "t": 10, "b": 40},
        "hoverlabel": {"font": {"family": FONT["family"]}},
    }
    layout.update(extra)
    return layout


def _figure(data: list[dict[str, Any]], layout: dict[str, Any]) -> Figure:
    return {"data": data, "layout": layout, "config": CONFIG}


def ranking_chart(overview: dict[str, Any], language: str) -> Figure:
    """Horizontal bars: the guaranteed score, and the range still open because facts are unverified.

    Bars are split by standing (eligible / undetermined / knocked out) with their own pattern, so
    a knocked-out offer is recognisable without colour.
    """
    _ = translator(language).gettext
    rows = overview["ranking"]
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
                "marker": {"color": colour, "line": {"color": "#1B1B1B", "width": 0.5}, "pattern": {"shape": shape, "fgcolor": "#1B1B1B", "fillmode": "overlay", "size": 6}},
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
            "text": [short % {"score": row["display"]["text"], "share": row["coverage_text"]} for row in rows],
            "customdata": [coverage % {"share": row["coverage_text"]} for row in rows],
            "textposition": "outside",
            "cliponaxis": False,
            "hovertemplate": "%{y}: %{text}<br>%{customdata}<extra></extra>",
        }
    )
    return _figure(
        data,
        _layout(
            barmode="stack",
            height=120 + 28 * len(rows),
            margin={"l": 10, "r": 60, "t": 10, "b": 40},
            xaxis={"range": [0, 145], "title": {"text": _("Score (0–100)")}, "tickvals": [0, 20, 40, 60, 80, 100], "gridcolor": "#DDDDDD", "fixedrange": True},
            yaxis={"autorange": "reversed", "automargin": True, "fixedrange": True},
            legend={"orientation": "h", "y": -0.08 - 1.5 / max(len(rows), 1), "x": 0},
            bargap=0.25,
        ),
    )


def matrix_heatmap(overview: dict[str, Any], language: str) -> Figure:
    """Offers × criteria coloured by verified level, with the level's label written in each cell.

    Two layers: verified cells in viridis (dark = worst, light = best), and unverified or
    unknown cells in flat grey that say so in words. Colour is reserved for what evidence
    supports, and no cell relies on colour alone.
    """
    _ = translator(language).gettext
    matrix = overview["matrix"]
    columns = [wrap(c["title"], 13) for c in matrix["criteria"]]
    rows = [wrap(row["label"], 30) for row in matrix["rows"]]
    cells = [row["cells"] for row in matrix["rows"]]
    verified = [[c["score"] if c["status"] == "verified" else None for c in row] for row in cells]
    open_cells = [[None if c["status"] == "verified" else 0 for c in row] for row in cells]
    verified_text = [[wrap(c["text"], 13) if c["status"] == "verified" else "" for c in row] for row in cells]
    open_text = [["" if c["status"] == "verified" else wrap(c["text"], 13) for c in row] for row in cells]
    common = {
        "type": "heatmap",
        "x": columns,
        "y": rows,
        "texttemplate": "%{text}",
        "textfont": {"size": 10},
        "xgap": 2,
        "ygap": 2,
        "hoverongaps": False,
        "hovertemplate": "%{y}<br>%{x}<br>%{text}<extra></extra>",
        "showscale": False,
    }
    return _figure(
        [
            {**common, "name": _("verified"), "z": verified, "text": verified_text, "zmin": 0, "zmax": 100, "colorscale": VIRIDIS},
            {**common, "name": _("unverified or unknown"), "z": open_cells, "text": open_text, "zmin": 0, "zmax": 1, "colorscale": [[0, UNKNOWN_BACKGROUND], [1, UNKNOWN_BACKGROUND]], "textfont": {"size": 10, "color": "#1B1B1B"}},
        ],
        _layout(
            height=150 + 50 * len(rows),
            margin={"l": 10, "r": 10, "t": 10, "b": 10},
            xaxis={"side": "top", "tickangle": 0, "automargin": True, "fixedrange": True, "tickfont": {"size": 11}},
            yaxis={"autorange": "reversed", "automargin": True, "fixedrange": True, "tickfont": {"size": 11}},
        ),
    )


def radar_chart(comparison: dict[str, Any], language: str) -> Figure:
    """One polygon per offer over the verified level scores; gaps where nothing is verified."""
    _ = translator(language).gettext
    criteria = comparison["criteria"]
    theta = [wrap(c["title"], 18) for c in criteria]
    data = []
    for k, row in enumerate(comparison["offers"]):
        r = []
        labels = []
        for criterion in criteria:
            cell = next(c for c in criterion["cells"] if c["offer"] == row["offer"])
            r.append(cell["level_score"] if cell["scores"] else None)
            labels.append(cell["level_label"] if cell["scores"] else _("not verified"))
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
    return _figure(
        data,
        _layout(
            height=560,
            margin={"l": 90, "r": 90, "t": 40, "b": 40},
            polar={"radialaxis": {"range": [0, 100], "tickvals": [0, 25, 50, 75, 100], "angle": 90, "tickfont": {"size": 10}}, "angularaxis": {"direction": "clockwise"}},
            legend={"orientation": "h", "y": -0.12},
        ),
    )


def rank_probability_chart(sensitivity: dict[str, Any], language: str) -> Figure:
    """Per contender: how often it ranks first, and how often in the top three, under sampled weights."""
    _ = translator(language).gettext
    rows = sensitivity["distributions"]
    labels = [row["label"] for row in rows]
    top_name = _("Ranks in the top %(n)s") % {"n": sensitivity["top"]}
    data = [
        {
            "type": "bar",
            "orientation": "h",
            "name": _("Ranks first"),
            "y": labels,
            "x": [round(100 * row["first"], 1) for row in rows],
            "text": [row["first_text"] for row in rows],
            "textposition": "outside",
            "cliponaxis": False,
            "marker": {"color": BLUE, "pattern": {"shape": ""}},
            "hovertemplate": "%{y}: %{text}<extra>" + _("Ranks first") + "</extra>",
        },
        {
            "type": "bar",
            "orientation": "h",
            "name": top_name,
            "y": labels,
            "x": [round(100 * row["top"], 1) for row in rows],
            "text": [row["top_text"] for row in rows],
            "textposition": "outside",
            "cliponaxis": False,
            "marker": {"color": "#F9D9A6", "line": {"color": ORANGE, "width": 1}, "pattern": {"shape": "/", "fgcolor": "#8A5A00"}},
            "hovertemplate": "%{y}: %{text}<extra>" + top_name + "</extra>",
        },
    ]
    return _figure(
        data,
        _layout(
            barmode="group",
            height=140 + 44 * len(rows),
            xaxis={"range": [0, 115], "title": {"text": _("Share of sampled weightings (%)")}, "tickvals": [0, 25, 50, 75, 100], "gridcolor": "#DDDDDD", "fixedrange": True},
            yaxis={"autorange": "reversed", "automargin": True, "fixedrange": True},
            legend={"orientation": "h", "y": -0.1 - 2 / max(len(rows), 1), "x": 0},
        ),
    )


def tornado_chart(sensitivity: dict[str, Any], language: str) -> Figure:
    """Per criterion: the change of its weight at which another offer draws level with the leader.

    Shortest bars first: those are the weights the ranking is most sensitive to.
    """
    _ = translator(language).gettext
    rows = sensitivity["tornado"]
    labels = [row["title"] for row in rows]
    rise = [row for row in rows if row["change"] >= 0]
    fall = [row for row in rows if row["change"] < 0]
    data = []
    for members, name, colour, shape in (
        (rise, _("Weight must rise"), GREEN, "+"),
        (fall, _("Weight must fall"), VERMILLION, "-"),
    ):
        if not members:
            continue
        data.append(
            {
                "type": "bar",
                "orientation": "h",
                "name": name,
                "y": [row["title"] for row in members],
                "x": [round(row["change"], 2) for row in members],
                "text": [f"{row['current_weight']:g} → {row['new_weight']:.1f} ({row['challenger_label']})" for row in members],
                "textposition": "auto",
                "marker": {"color": colour, "pattern": {"shape": shape, "fgcolor": "#1B1B1B"}},
                "hovertemplate": "%{y}: %{text}<extra></extra>",
            }
        )
    return _figure(
        data,
        _layout(
            barmode="relative",
            height=140 + 40 * len(rows),
            xaxis={"title": {"text": _("Change of the weight needed (raw weight units)")}, "zeroline": True, "zerolinecolor": "#1B1B1B", "gridcolor": "#DDDDDD", "fixedrange": True},
            yaxis={"categoryorder": "array", "categoryarray": labels, "autorange": "reversed", "automargin": True, "fixedrange": True},
            legend={"orientation": "h", "y": -0.15 - 2 / max(len(rows), 1), "x": 0},
        ),
    )
