"""Finished answers (body and ETag) of the API and the embeds, kept per URL and data version.

An embed on an intranet page is requested by every reader, and API clients poll the same URLs;
both answers depend only on the URL, the language and the data. The data version
(``queries.data_version``) is part of every key, so a reviewed fact is served on the next
request; old entries are unreachable at once and age out of the bounded cache.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable
from dataclasses import dataclass, field

from flask import Flask, current_app, request

from compare.web import context

EXTENSION = "msgcompare.answers"


@dataclass(frozen=True)
class Answer:
    """A finished 200 answer."""

    body: bytes
    etag: str
    mimetype: str


@dataclass
class AnswerCache:
    """A bounded, thread-safe least-recently-used map of answers."""

    size: int = 512
    _items: OrderedDict[Hashable, Answer] = field(default_factory=OrderedDict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def get(self, key: Hashable) -> Answer | None:
        """The answer for ``key``, or None."""
        with self._lock:
            answer = self._items.get(key)
            if answer is not None:
                self._items.move_to_end(key)
            return answer

    def put(self, key: Hashable, answer: Answer) -> None:
        """Keep ``answer``, dropping the least recently used beyond ``size``."""
        with self._lock:
            self._items[key] = answer
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)


def answers() -> AnswerCache:
    """The app's answer cache."""
    cache: AnswerCache = current_app.extensions[EXTENSION]
    return cache


def request_key(*extra: Hashable) -> Hashable:
    """This request's host, path and parameters (order-insensitive), the data version, and ``extra``.

    The host is part of it because answers may hold absolute links back to the site.
    """
    return (
        request.host,
        request.path,
        tuple(sorted(request.args.items(multi=True))),
        context.data_version(),
        *extra,
    )


def init_app(app: Flask) -> None:
    """Give the app its answer cache (once, shared by the API and the embeds)."""
    app.extensions.setdefault(EXTENSION, AnswerCache(int(app.config.get("ANSWER_CACHE_SIZE", 512))))
