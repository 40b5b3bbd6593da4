"""Request-scoped access to the catalogue and the comparison, shared by every view."""

from __future__ import annotations

from flask import current_app, g

from compare.comparison import Comparison, load_comparison
from compare.store import queries
from compare.store.setup import request_session
from compare.web.caching import caches
from criteria.model import Catalogue


def catalogue() -> Catalogue:
    """The app's criteria catalogue."""
    value: Catalogue = current_app.extensions["msgcompare.catalogue"]
    return value


def data_version() -> str:
    """The store's data version, read once per request."""
    if "data_version" not in g:
        g.data_version = queries.data_version(request_session(current_app))
    value: str = g.data_version
    return value


def comparison() -> Comparison:
    """The comparison as the store stands now; rebuilt only when the data version changes."""
    if "comparison" not in g:
        g.comparison = caches(current_app).comparisons.get_or_compute(
            data_version(), lambda: load_comparison(request_session(current_app), catalogue())
        )
    value: Comparison = g.comparison
    return value
