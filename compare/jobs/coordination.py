"""Agreements between workers, kept in the queue's own storage: "once per period" and host pacing.

Every worker of an installation shares the queue, so the queue's storage is the one place they
all see, on one machine (the SQLite file) or many (Redis). Two primitives live here:

- :func:`claim_period` lets exactly one caller do a piece of work for a period (the scheduler's
  sweep of abandoned work, once per minute however many workers run the scheduler);
- :class:`QueuePacer` gives out turns per vendor host: one request at a time across all workers,
  the next an interval after the previous one ended, so parallel refresh jobs in several workers
  still visit each vendor as one unhurried visitor.

Redis does both in Lua scripts (atomic, and with Redis's clock, so machines whose clocks differ
still agree); SQLite in an exclusive transaction on Huey's key-value table; the in-process
``memory://`` queue (tests, one-off scripts) under a lock.
"""

from __future__ import annotations

import asyncio
import threading
import time
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from huey.storage import RedisStorage, SqliteStorage

from compare.jobs import queue

_CLAIM_LUA = """\
local held = redis.call('GET', KEYS[1])
if held and held >= ARGV[1] then
  return 0
end
redis.call('SET', KEYS[1], ARGV[1], 'EX', tonumber(ARGV[2]))
return 1"""

_NOW_MS_LUA = """\
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)
"""
"""Redis's own clock in milliseconds, so every worker measures intervals on one clock."""

_TAKE_TURN_LUA = _NOW_MS_LUA + """\
if redis.call('EXISTS', KEYS[1]) == 1 then
  return -1
end
local free_at = tonumber(redis.call('GET', KEYS[2]) or '0')
if free_at > now then
  return free_at - now
end
redis.call('SET', KEYS[1], ARGV[1], 'PX', tonumber(ARGV[2]))
return 0"""

_END_TURN_LUA = _NOW_MS_LUA + """\
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('DEL', KEYS[1])
end
local interval = tonumber(ARGV[2])
redis.call('SET', KEYS[2], string.format('%d', now + interval), 'PX', interval + 60000)
return 0"""

_local_lock = threading.Lock()
_local_values: dict[str, str] = {}


def _key(kind: str, name: str) -> str:
    return f"msgcompare.{kind}.{queue.huey.name}.{name}"


def claim_period(name: str, period: str, *, keep_seconds: int = 3600) -> bool:
    """True for the first caller to claim ``period`` of the work ``name``; False for the others.

    ``period`` labels must sort in time order (``20261207T1812`` for a minute): a claim for a
    period at or before the last claimed one is refused, so a late worker cannot redo an
    earlier minute either. The record is kept ``keep_seconds`` (Redis) and then forgotten.
    """
    storage = queue.huey.storage
    key = _key("claim", name)
    if isinstance(storage, RedisStorage):
        return bool(storage.conn.eval(_CLAIM_LUA, 1, key, period, keep_seconds))
    if isinstance(storage, SqliteStorage):
        with storage.db(commit=True) as cursor:
            cursor.execute("SELECT value FROM kv WHERE queue = ? AND key = ?", (storage.name, key))
            held = cursor.fetchone()
            if held is not None and bytes(held[0]).decode() >= period:
                return False
            cursor.execute("INSERT OR REPLACE INTO kv (queue, key, value) VALUES (?, ?, ?)", (storage.name, key, period.encode()))
            return True
    with _local_lock:
        if _local_values.get(key, "") >= period:
            return False
        _local_values[key] = period
        return True


HELD = -1.0
""":func:`take_turn`'s answer while another request to the host is on the wire."""


def take_turn(host: str, owner: str, lease: float) -> float:
    """Take the host's turn for ``owner`` and return 0, or say how long to wait before asking again.

    The turn is free when no one holds it and the interval after the last request has passed.
    Returns :data:`HELD` (-1) while someone holds it. A holder that vanished loses the turn
    after ``lease`` seconds.
    """
    storage: Any = queue.huey.storage
    held_key, free_key = _key("turn", host), _key("free", host)
    if isinstance(storage, RedisStorage):
        answer = int(storage.conn.eval(_TAKE_TURN_LUA, 2, held_key, free_key, owner, max(1, round(lease * 1000))))
        return HELD if answer < 0 else answer / 1000
    if isinstance(storage, SqliteStorage):
        with storage.db(commit=True) as cursor:
            return _take_turn_sqlite(cursor, storage.name, held_key, free_key, owner, lease)
    with _local_lock:
        now = time.time()
        holder, _, until = _local_values.get(held_key, "").partition(" ")
        if holder and float(until) > now:
            return HELD
        free_at = float(_local_values.get(free_key, "0"))
        if free_at > now:
            return free_at - now
        _local_values[held_key] = f"{owner} {now + lease!r}"
        return 0.0


def _take_turn_sqlite(cursor: Any, name: str, held_key: str, free_key: str, owner: str, lease: float) -> float:
    now = time.time()
    cursor.execute("SELECT key, value FROM kv WHERE queue = ? AND key IN (?, ?)", (name, held_key, free_key))
    values = {key: bytes(value).decode() for key, value in cursor.fetchall()}
    holder, _, until = values.get(held_key, "").partition(" ")
    if holder and float(until) > now:
        return HELD
    free_at = float(values.get(free_key, "0"))
    if free_at > now:
        return free_at - now
    cursor.execute("INSERT OR REPLACE INTO kv (queue, key, value) VALUES (?, ?, ?)", (name, held_key, f"{owner} {now + lease!r}".encode()))
    return 0.0


_EXTEND_TURN_LUA = """\
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[2]))
end
return 0"""


def extend_turn(host: str, owner: str, lease: float) -> None:
    """Keep holding the host's turn for another ``lease`` seconds (while the request is still on the wire)."""
    storage: Any = queue.huey.storage
    held_key = _key("turn", host)
    if isinstance(storage, RedisStorage):
        storage.conn.eval(_EXTEND_TURN_LUA, 1, held_key, owner, max(1, round(lease * 1000)))
        return
    value = f"{owner} {time.time() + lease!r}"
    if isinstance(storage, SqliteStorage):
        with storage.db(commit=True) as cursor:
            cursor.execute(
                "UPDATE kv SET value = ? WHERE queue = ? AND key = ? AND CAST(value AS TEXT) LIKE ?",
                (value.encode(), storage.name, held_key, f"{owner} %"),
            )
        return
    with _local_lock:
        if _local_values.get(held_key, "").startswith(f"{owner} "):
            _local_values[held_key] = value


def end_turn(host: str, owner: str, interval: float) -> None:
    """Give the turn back; the next request to the host may start ``interval`` seconds from now."""
    storage: Any = queue.huey.storage
    held_key, free_key = _key("turn", host), _key("free", host)
    if isinstance(storage, RedisStorage):
        storage.conn.eval(_END_TURN_LUA, 2, held_key, free_key, owner, max(1, round(interval * 1000)))
        return
    if isinstance(storage, SqliteStorage):
        with storage.db(commit=True) as cursor:
            cursor.execute("DELETE FROM kv WHERE queue = ? AND key = ? AND CAST(value AS TEXT) LIKE ?", (storage.name, held_key, f"{owner} %"))
            cursor.execute(
                "INSERT OR REPLACE INTO kv (queue, key, value) VALUES (?, ?, ?)", (storage.name, free_key, repr(time.time() + interval).encode())
            )
        return
    with _local_lock:
        if _local_values.get(held_key, "").startswith(f"{owner} "):
            del _local_values[held_key]
        _local_values[free_key] = repr(time.time() + interval)


class QueuePacer:
    """A :class:`scrapers.politeness.HostPacer` shared by every worker on this queue.

    One request at a time per host across all workers, and the next one at least ``interval``
    after the previous one finished: measured from the end of a request, the spacing holds
    whatever delays a busy machine adds between a worker's turn and its bytes on the wire.
    """

    POLL_SECONDS = 0.05
    """How often a caller asks again while another worker's request to the host is in flight."""

    def __init__(self, interval: float, lease: float = 10.0) -> None:
        self.interval = interval
        self.lease = lease
        """A turn lasts this long unless its holder renews it: a killed worker's turn ends soon."""

    async def _keep(self, host: str, owner: str) -> None:
        while True:
            await asyncio.sleep(self.lease / 3)
            await asyncio.to_thread(extend_turn, host, owner, self.lease)

    @asynccontextmanager
    async def turn(self, host: str) -> AsyncIterator[None]:
        """Wait for the host's turn, hold it for the request, then give it back."""
        if self.interval <= 0:
            yield
            return
        owner = uuid.uuid4().hex
        while (wait := await asyncio.to_thread(take_turn, host, owner, self.lease)) != 0:
            await asyncio.sleep(self.POLL_SECONDS if wait == HELD else wait)
        keeper = asyncio.create_task(self._keep(host, owner))
        try:
            yield
        finally:
            keeper.cancel()
            await asyncio.to_thread(end_turn, host, owner, self.interval)
