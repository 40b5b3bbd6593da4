"""The top of a long ranking: what the pages show before "show all".

At a hundred times the seed (about 2,300 offers) the full ranking, breakdown and matrix are
megabytes of HTML and charts nobody scrolls. A page shows the best ``TOP`` offers (the
reference offer is shown anyway, in its own baseline row); a link shows all, and the search and
filters narrow the list. The presenters build rows only for what is shown
(``overview_document(limit=…)``); the JSON twins and the API always carry everything.
"""

from __future__ import annotations

TOP = 50
"""Offers shown before "show all": a page of about 20 KB brotli at 2,300 offers."""
