"""Small in-process caches for results that cost time: comparisons, rankings, Monte Carlo runs.

Keys always include the data version (``queries.data_version``), so a new fact revision makes
old entries unreachable at once; the size bound then drops them. Values are immutable domain
values, safe to share between threads.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from flask import Flask

from criteria.model import WeightProfile

T = TypeVar("T")
EXTENSION = "msgcompare.caches"


@dataclass
class ResultCache(Generic[T]):
    """A bounded, thread-safe least-recently-used cache."""

    size: int
    _items: OrderedDict[Hashable, T] = field(default_factory=OrderedDict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def get_or_compute(self, key: Hashable, compute: Callable[[], T]) -> T:
        """The cached value for ``key``, computing it (outside the lock) when missing.

        Two threads may compute the same missing value at once; both get an equal result, and
        holding no lock while computing keeps a slow Monte Carlo from blocking every page.
        """
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
        value = compute()
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)
        return value

    def __len__(self) -> int:
        return len(self._items)


@dataclass
class Caches:
    """The app's caches, one per kind of result."""

    comparisons: ResultCache[Any] = field(default_factory=lambda: ResultCache(4))
    sheets: ResultCache[Any] = field(default_factory=lambda: ResultCache(256))
    sensitivity: ResultCache[Any] = field(default_factory=lambda: ResultCache(64))
    documents: ResultCache[Any] = field(default_factory=lambda: ResultCache(128))
    """Presenter documents and figures; callers must treat them as read-only."""


def caches(app: Flask) -> Caches:
    """The app's caches, created on first use."""
    value: Caches = app.extensions.setdefault(EXTENSION, Caches())
    return value


def profile_key(profile: WeightProfile) -> Hashable:
    """What makes two profiles rank alike: weights and must-haves (not id or title)."""
    return (
        tuple(sorted((k, float(v)) for k, v in profile.weights.items() if v > 0)),
        tuple(sorted((m.criterion, m.minimum) for m in profile.must_haves)),
    )
