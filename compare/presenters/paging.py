"""The top of a long ranking: what the overview page shows before "show all".

At a hundred times the seed (about 2,300 offers) the full ranking, breakdown and matrix are
megabytes of HTML and charts nobody scrolls. The page shows the best ``limit`` offers (the
reference offer is shown anyway, in its own baseline row); a link shows all, and the search and
filters narrow the list. The JSON twin and the API always carry everything.
"""

from __future__ import annotations

from typing import Any

TOP = 50
"""Offers shown before "show all": a page of about 300 KB brotli at 2,300 offers."""


def top_of(document: dict[str, Any], limit: int | None = TOP) -> dict[str, Any]:
    """A copy of an overview document cut to its best ``limit`` offers (``None``: all).

    ``paging`` says how many are shown of how many, so the page can say so; it is None when
    nothing was cut.
    """
    ranking = document["ranking"]
    if limit is None or len(ranking) <= limit:
        return {**document, "paging": None}
    kept = ranking[:limit]
    offers = {row["offer"] for row in kept}
    matrix = {**document["matrix"], "rows": [row for row in document["matrix"]["rows"] if row["offer"] in offers]}
    return {**document, "ranking": kept, "matrix": matrix, "paging": {"shown": len(kept), "total": len(ranking)}}
