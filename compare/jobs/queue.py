"""The one Huey instance every job is registered on, and where its queue lives.

``QUEUE_URL`` (``MSGCOMPARE_QUEUE_URL``) picks the storage:

- unset: a SQLite file beside the default database (``instance/queue.sqlite3``), worked by the
  worker that ``msgcompare serve`` embeds, so one command is a whole service on one machine;
- ``sqlite:///path``: that file;
- ``redis://…``: Redis, shared by any number of web servers and workers on any machine;
- ``memory://``: no queue at all; a job runs in the caller at once (tests, one-off scripts).

Tasks are module-level functions decorated with ``huey.task()``; they bind to this object, so
pointing it at another storage (``configure``) redirects every task without re-registering.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from huey import Huey
from huey.storage import MemoryStorage, RedisStorage, SqliteStorage

from compare.settings import INSTANCE_DIR

DEFAULT_QUEUE_FILE = INSTANCE_DIR / "queue.sqlite3"


class QueueUrlError(ValueError):
    """``QUEUE_URL`` names a storage we do not support; the message says which ones we do."""


huey = Huey("msgcompare", results=False, utc=True, storage_class=MemoryStorage)
_configured: str | None = None
_lock = threading.Lock()


def storage_for(url: str | None) -> tuple[type[Any], dict[str, Any], bool]:
    """Storage class, its keyword arguments and whether jobs run immediately, for ``url``."""
    if not url:
        return SqliteStorage, {"filename": str(DEFAULT_QUEUE_FILE)}, False
    if url.startswith(("redis://", "rediss://", "unix://")):
        return RedisStorage, {"url": url}, False
    if url.startswith("sqlite:///"):
        return SqliteStorage, {"filename": url.removeprefix("sqlite:///")}, False
    if url == "memory://":
        return MemoryStorage, {}, True
    raise QueueUrlError(f"MSGCOMPARE_QUEUE_URL {url!r} is not supported: use redis://host:port/db, sqlite:///path or memory://")


def is_shared(url: str | None) -> bool:
    """Whether the queue is Redis (workers run apart) rather than the embedded default."""
    return bool(url) and storage_for(url)[0] is RedisStorage


def configure(url: str | None, name: str | None = None) -> Huey:
    """Point the Huey instance at ``url``'s storage under ``name`` (a no-op when it already is).

    The name keeps the queues of several installations (or test runs) on one Redis apart.
    """
    global _configured
    key = f"{name or 'msgcompare'} {url or ''}"
    with _lock:
        if _configured == key:
            return huey
        storage_class, kwargs, immediate = storage_for(url)
        if storage_class is SqliteStorage:
            Path(kwargs["filename"]).parent.mkdir(parents=True, exist_ok=True)
        huey.name = name or "msgcompare"
        huey.storage_class, huey.storage_kwargs = storage_class, kwargs
        huey._immediate = immediate  # the setter would swap in its own memory storage; we chose ours
        huey.storage = huey.create_storage()
        _configured = key
    return huey


def ping(url: str | None, name: str | None = None) -> None:
    """Raise when the queue cannot be reached (for ``/healthz``)."""
    configure(url, name)
    storage = huey.storage
    if isinstance(storage, RedisStorage):
        storage.conn.ping()
    elif isinstance(storage, SqliteStorage):
        with storage.db(commit=False) as cursor:
            cursor.execute("SELECT 1")
