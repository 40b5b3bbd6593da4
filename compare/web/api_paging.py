"""Paging of the API's ranking: which rows one answer carries, and where the next ones are.

A ranking row carries every contribution with its quote, source and date, so a field of 2,300
offers is tens of megabytes of JSON. ``/api/v1/scores`` answers ``limit`` rows from ``offset``
(``API_PAGE`` by default: every offer of the seed) and says how many there are and how to ask
for the next page; ranks stay those of the whole field.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import request, url_for
from werkzeug.datastructures import MultiDict

from compare.presenters.paging import API_MAX_OFFSET, API_MAX_PAGE, API_PAGE
from compare.web.selection import parse_int

PAGING_PARAMETERS = frozenset({"limit", "offset"})


@dataclass(frozen=True)
class Page:
    """``limit`` ranking rows starting after the first ``offset``."""

    limit: int
    offset: int

    def document(self, total: int, returned: int) -> dict[str, Any]:
        """What the answer says about its page: totals, and the next and previous pages.

        ``next``/``previous`` are links for a GET (the same query with another offset); a POST
        answer gives only ``next_offset``, to send again in its body.
        """
        after = self.offset + returned
        next_offset = after if after < total else None
        previous_offset = max(0, self.offset - self.limit) if self.offset > 0 else None
        return {
            "total": total,
            "offset": self.offset,
            "limit": self.limit,
            "returned": returned,
            "next_offset": next_offset,
            "next": self._link(next_offset),
            "previous": self._link(previous_offset),
        }

    def _link(self, offset: int | None) -> str | None:
        if offset is None or request.method != "GET":
            return None
        query = MultiDict(request.args)
        query.setlist("offset", [str(offset)])
        query.setlist("limit", [str(self.limit)])
        values: dict[str, Any] = query.to_dict(flat=False)
        return url_for(request.endpoint or "", **values)


def requested_page(args: MultiDict[str, str]) -> Page:
    """The page asked for in ``args`` (query parameters, or the POST body turned into them).

    Raises:
        BadParameters: ``limit`` or ``offset`` is not a whole number within bounds.
    """
    return Page(
        limit=parse_int(args, "limit", API_PAGE, 1, API_MAX_PAGE),
        offset=parse_int(args, "offset", 0, 0, API_MAX_OFFSET),
    )
