"""The top of a long ranking: what the pages show before "show all".

At a hundred times the seed (about 2,300 offers) the full ranking, breakdown and matrix are
megabytes of HTML and charts nobody scrolls. A page shows the best ``TOP`` offers (the
reference offer is shown anyway, in its own baseline row); a link shows all, and the search and
filters narrow the list. The presenters build rows only for what is shown
(``overview_document(limit=…)``); the JSON twins carry everything. The API answers the
ranking a page at a time (``API_PAGE`` rows unless asked for up to ``API_MAX_PAGE``), so a
client of the seed gets every offer in one answer and one of 2,300 offers is not sent 30 MB.
"""

from __future__ import annotations

TOP = 50
"""Offers shown before "show all": a page of about 20 KB brotli at 2,300 offers."""

API_PAGE = 100
"""Ranking rows in one API answer unless ``limit`` asks otherwise: every offer of the seed."""

API_MAX_PAGE = 1000
"""The most rows one API answer carries (each with every contribution and its quote)."""

API_MAX_OFFSET = 10**9
"""The largest ``offset`` accepted (past the end is an empty page, not an error)."""
