"""The matrix (offers × criteria) as a traffic-light grid with symbols, a legend and cell links.

Levels fall into five ordered bands by their score (0–24, 25–49, 50–74, 75–99, 100). Each band
has a colour on a red–orange–yellow–green scale pale enough that dark text keeps a contrast of
at least 7:1 on every cell, and a symbol (✕ − ○ + ✓), so the order reads without colour and
survives any colour-vision deficiency or greyscale print. Unverified (≈) and unknown (?) cells
are grey: colour is kept for what evidence supports.

Every cell leads to its evidence (the product page's fact for that criterion): the figure's
``links`` give the address pattern and the row and column ids, ``static/site.js`` follows it on a
click, and the page's data table has the same links for the keyboard.
"""

from __future__ import annotations

from typing import Any

from compare.charts_style import INK, Figure, base_layout, figure, shorten
from compare.i18n import translator

LEVEL_BANDS = (
    # (colour, symbol): worst to best; dark text on each has a contrast of at least 7.9:1.
    ("#E8A0A0", "✕"),
    ("#F6C28B", "−"),
    ("#FCE7A0", "○"),
    ("#C7E9C0", "+"),
    ("#7FBF7B", "✓"),
)
UNVERIFIED = ("#D9D9D9", "≈")
UNKNOWN = ("#EDEDED", "?")
EVIDENCE_LINK = "/products/{product}#fact-{criterion}"
"""Where a cell's evidence is shown, relative to the site's root (also from inside an embed)."""


def band(score: float) -> int:
    """The band (0 = worst … 4 = best) of a level score from 0 to 100."""
    return min(int(score) // 25, len(LEVEL_BANDS) - 1)


def _cell_class(cell: dict[str, Any]) -> int:
    """The z of a cell: a band 0–4 when verified, 5 when unverified, 6 when unknown."""
    if cell["status"] == "verified" and cell["score"] is not None:
        return band(cell["score"])
    return 5 if cell["status"] == "unverified" and cell["score"] is not None else 6


def _symbol(cls: int) -> str:
    return (*[s for _c, s in LEVEL_BANDS], UNVERIFIED[1], UNKNOWN[1])[cls]


def _colourscale() -> list[list[Any]]:
    colours = [*(c for c, _s in LEVEL_BANDS), UNVERIFIED[0], UNKNOWN[0]]
    steps = len(colours)
    scale: list[list[Any]] = []
    for i, colour in enumerate(colours):
        scale.append([i / steps, colour])
        scale.append([(i + 1) / steps, colour])
    return scale


def legend_items(language: str) -> list[tuple[str, str, str]]:
    """(colour, symbol, label) for each band, then unverified and unknown: the chart's key."""
    _ = translator(language).gettext
    labels = [_("0–24 (worst)"), "25–49", "50–74", "75–99", _("100 (best)"), _("unverified"), _("unknown")]
    pairs = [*LEVEL_BANDS, UNVERIFIED, UNKNOWN]
    return [(colour, symbol, label) for (colour, symbol), label in zip(pairs, labels, strict=True)]


LEGEND_STYLE = {
    "xref": "paper",
    "yref": "paper",
    "xanchor": "left",
    "yanchor": "top",
    "showarrow": False,
    "bordercolor": "#6B6B6B",
    "borderwidth": 1,
    "borderpad": 3,
    "font": {"size": 12, "color": INK},
}
"""What every key entry shares, given once as the layout template's ``annotationdefaults``."""


def _legend(language: str, per_row: int, bottom: float) -> list[dict[str, Any]]:
    """Annotations below the grid: one boxed "symbol label" per band, ``per_row`` to a line."""
    notes = []
    for i, (colour, symbol, label) in enumerate(legend_items(language)):
        notes.append(
            {
                "text": f"{symbol} {label}",
                "x": round((i % per_row) / per_row, 4),
                "y": round(bottom, 4),
                "yshift": -26 * (i // per_row),
                "bgcolor": colour,
            }
        )
    return notes


def _trace(matrix: dict[str, Any], language: str, narrow: bool) -> dict[str, Any]:
    """The grid. Axis categories are the full names (so the hover shows them); the layout's ticks
    shorten them. A cell shows its band's symbol (``text``, filled in from ``z`` by
    ``with_symbols`` so pages do not carry it twice); its level in words is in the hover."""
    _ = translator(language).gettext
    z, labels = [], []
    for row in matrix["rows"]:
        classes = [_cell_class(cell) for cell in row["cells"]]
        z.append(classes)
        labels.append([f"{_symbol(k)} {cell['text']}" for k, cell in zip(classes, row["cells"], strict=True)])
    return {
        "type": "heatmap",
        "name": _("Level"),
        "x": _columns(matrix),
        "y": _rows(matrix),
        "z": z,
        "zmin": -0.5,
        "zmax": 6.5,
        "colorscale": _colourscale(),
        "showscale": False,
        "customdata": labels,
        "texttemplate": "%{text}",
        "textfont": {"size": 13 if narrow else 15, "color": INK},
        "xgap": 2,
        "ygap": 2,
        "hoverongaps": False,
        "hovertemplate": "%{y}<br>%{x}<br>%{customdata}<extra></extra>",
    }


def _columns(matrix: dict[str, Any]) -> list[str]:
    return [c["title"] for c in matrix["criteria"]]


def _rows(matrix: dict[str, Any]) -> list[str]:
    return [r["label"] for r in matrix["rows"]]


def compact(label: str) -> str:
    """``Element — Element Server Suite, self-hosted`` → ``Element: Server Suite, self-hosted``."""
    product, _sep, edition = label.partition(" — ")
    if not edition:
        return label
    rest = edition.replace(product, "").strip(" -–—,")
    return f"{product}: {rest}" if rest else product


def _short_ticks(names: list[str], width: int) -> dict[str, Any]:
    """Category ticks shown shortened; the categories (and so the hover) keep the full name."""
    return {"tickmode": "array", "tickvals": names, "ticktext": [shorten(compact(n), width) for n in names]}


def evidence_links(matrix: dict[str, Any]) -> dict[str, Any]:
    """What ``static/site.js`` needs to open a cell's evidence: a template, row and column ids."""
    return {
        "template": EVIDENCE_LINK,
        "rows": [row["product"] for row in matrix["rows"]],
        "columns": [c["id"] for c in matrix["criteria"]],
    }


def matrix_heatmap(overview: dict[str, Any], language: str) -> Figure:
    """Offers × criteria: band colour and symbol in each cell, the key below the grid.

    Column names are set at an angle (upright on a phone) and long names shortened; the
    hover, the legend and the page's table give the full words.
    """
    matrix = overview["matrix"]
    count = len(matrix["rows"])
    columns, rows = _columns(matrix), _rows(matrix)
    axes = {"side": "top", "automargin": True, "fixedrange": True, "tickfont": {"size": 11}}
    template = {"layout": {"annotationdefaults": LEGEND_STYLE}}
    grid = 30 * max(count, 1)
    wide = base_layout(
        height=180 + grid + 70,
        margin={"l": 10, "r": 10, "t": 10, "b": 70},
        xaxis={**axes, "tickangle": -40, **_short_ticks(columns, 30)},
        yaxis={**axes, "side": "left", "autorange": "reversed", **_short_ticks(rows, 34)},
        annotations=_legend(language, 4, -0.01 - 10 / grid),
        template=template,
    )
    narrow_grid = 24 * max(count, 1)
    narrow = base_layout(
        height=150 + narrow_grid + 120,
        margin={"l": 4, "r": 4, "t": 10, "b": 120},
        xaxis={**axes, "tickangle": -90, **_short_ticks(columns, 24)},
        yaxis={**axes, "side": "left", "autorange": "reversed", **_short_ticks(rows, 20)},
        annotations=_legend(language, 2, -0.01 - 6 / narrow_grid),
        template=template,
    )
    result = figure([_trace(matrix, language, False)], wide, narrow={"data": [_trace(matrix, language, True)], "layout": narrow})
    result["links"] = evidence_links(matrix)
    result["symbols"] = [*(s for _c, s in LEVEL_BANDS), UNVERIFIED[1], UNKNOWN[1]]
    return result
