"""Which figure each exportable chart is, built by ``compare.charts`` from the scope's documents.

Embeds, static images and the report name charts the same way (``ranking``, ``matrix``,
``radar``, ``sensitivity``, ``tornado``) and get identical figures, titled in the reader's language.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

from compare import charts
from compare.exports.scope import Scope
from compare.exports.wording import translations

Figure = dict[str, Any]
CHARTS = ("ranking", "matrix", "radar", "sensitivity", "tornado")
SENSITIVITY_CHARTS = frozenset({"sensitivity", "tornado"})
RADAR_MIN, RADAR_MAX = 2, 5
"""A radar with more than five polygons cannot be read; fewer than two compares nothing."""


def chart_figure(name: str, scope: Scope, sensitivity: Mapping[str, Any] | None = None) -> Figure:
    """The figure for chart ``name``; the two sensitivity charts need the sensitivity document.

    Raises:
        KeyError: an unknown chart name.
        ValueError: a sensitivity chart without its document.
    """
    language = scope.language
    if name == "ranking":
        return charts.ranking_chart(scope.overview, language)
    if name == "matrix":
        return charts.matrix_heatmap(scope.overview, language)
    if name == "radar":
        return charts.radar_chart(scope.side_by_side, language)
    if name in SENSITIVITY_CHARTS:
        if sensitivity is None:
            raise ValueError(f"chart {name!r} needs the sensitivity document")
        document = dict(sensitivity)
        if name == "sensitivity":
            return charts.rank_probability_chart(document, language)
        return charts.tornado_chart(document, language)
    raise KeyError(name)


def chart_title(name: str, language: str) -> str:
    """The chart's title in ``language``."""
    _ = translations(language).gettext
    return {
        "ranking": _("Ranking: guaranteed score and open range"),
        "matrix": _("Levels per product and criterion"),
        "radar": _("Verified levels side by side"),
        "sensitivity": _("Which rank each product reaches under other weightings"),
        "tornado": _("Weight changes that would change the leader"),
    }[name]


def chart_description(name: str, language: str) -> str:
    """One sentence for readers who cannot see the chart (alt text, aria-label)."""
    _ = translations(language).gettext
    return {
        "ranking": _(
            "Bar chart: per product the guaranteed score, and the range still open because facts are unverified."
        ),
        "matrix": _(
            "The verified level of each product on each criterion, from ✕ (worst, red) to ✓ (best, green); grey cells are unverified (≈) or unknown (?)."
        ),
        "radar": _(
            "The verified level score of each chosen product per criterion, from 0 (worst) to 100 (best); no marker where nothing is verified."
        ),
        "sensitivity": _(
            "Each row shows in what share of sampled weightings a product reaches each rank; empty cells never happened."
        ),
        "tornado": _(
            "Per criterion, an arrow from its weight now to the weight at which another product draws level with the leader."
        ),
    }[name]


def provenance(scope: Scope) -> str:
    """``Profile: … · facts as of … · msgcompare``: what an image says about its own origin."""
    _ = translations(scope.language).gettext
    profile = scope.choice.effective.title.get(scope.language)
    if scope.choice.adjusted:
        profile += " (" + _("adjusted") + ")"
    parts = [_("Profile: %(profile)s") % {"profile": profile}]
    if scope.data_date:
        parts.append(_("data as of %(date)s") % {"date": scope.data_date.isoformat()})
    if scope.as_of:
        parts.append(_("facts as recorded by %(date)s") % {"date": scope.as_of.isoformat()})
    parts.append("msgcompare")
    return " · ".join(parts)


def credit(scope: Scope, link: str) -> str:
    """``Source: <link> · Licence: CC BY 4.0``: the line an image carries under its provenance."""
    _ = translations(scope.language).gettext
    return _("Source: %(link)s") % {"link": link} + " · " + _("Licence: CC BY 4.0")


def responsive(figure: Figure) -> Figure:
    """A copy that fills its container (an iframe of any size) instead of a fixed height."""
    result = copy.deepcopy(figure)
    layout = result.setdefault("layout", {})
    layout.pop("height", None)
    layout.pop("width", None)
    layout["autosize"] = True
    result.setdefault("config", {})["responsive"] = True
    return result
