"""Image sizes that fit where advisors paste charts: an A4 page's text width, A4 landscape, a slide.

Pixel sizes are CSS pixels at 96 per inch (the PNG's ``scale`` multiplies them for print); the
page sizes leave the usual 15 mm margins. A preset narrower than the chart's phone threshold
draws the chart's narrow variant, and a chart whose natural height would be squeezed to less than
``SQUEEZE`` of itself does too, so labels stay legible instead of overlapping.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

from compare.charts_style import narrow_variant, with_symbols

Figure = dict[str, Any]
SQUEEZE = 0.75


def _(message: str) -> str:
    """Mark a label for extraction; ``compare.exports.wording`` translates it where it is shown."""
    return message


@dataclass(frozen=True)
class Preset:
    """A named image size; ``height=None`` keeps the chart's natural height (plus title and caption)."""

    label: str
    width: int
    height: int | None


PRESETS: dict[str, Preset] = {
    "a4-portrait": Preset(_("A4 portrait (page width)"), 680, None),
    "a4-landscape": Preset(_("A4 landscape"), 1010, 680),
    "slide": Preset(_("Slide (16:9)"), 1280, 720),
}
TITLE_SPACE = 90
"""Pixels above the plot for the title and the provenance line."""
CAPTION_SPACE = 40
"""Pixels below the plot for the source and licence line."""


def natural_height(figure: Figure, narrow: bool = False) -> int:
    """The height the chart was designed for, in the wide or narrow variant."""
    source = figure.get("narrow", figure) if narrow else figure
    return int(source.get("layout", {}).get("height") or 600)


def fitted(figure: Figure, width: int, height: int | None) -> tuple[Figure, int]:
    """The variant of ``figure`` to draw at ``width`` × ``height``, and the image height.

    Returns a plain ``{"data", "layout"}`` figure (no browser config, no narrow variant).
    """
    threshold = int(figure.get("narrow_below", 0))
    narrow = "narrow" in figure and width < threshold
    if "narrow" in figure and height is not None and not narrow:
        narrow = height - TITLE_SPACE - CAPTION_SPACE < SQUEEZE * natural_height(figure)
    source = with_symbols({**(narrow_variant(figure) if narrow else figure), "symbols": figure.get("symbols")})
    result = {"data": copy.deepcopy(source["data"]), "layout": copy.deepcopy(source["layout"])}
    final = height if height is not None else natural_height(figure, narrow) + TITLE_SPACE + CAPTION_SPACE
    return result, final
