"""Request-scoped access to the catalogue and the comparison, shared by every view."""

from __future__ import annotations

from flask import current_app, g

from compare.comparison import Comparison, load_comparison
from compare.store.setup import request_session
from criteria.model import Catalogue


def catalogue() -> Catalogue:
    """The app's criteria catalogue."""
    value: Catalogue = current_app.extensions["msgcompare.catalogue"]
    return value


def comparison() -> Comparison:
    """The comparison as the store stands now, built once per request."""
    if "comparison" not in g:
        g.comparison = load_comparison(request_session(current_app), catalogue())
    value: Comparison = g.comparison
    return value
