"""Being a good guest on vendors' servers: a global bound, one request per host, robots.txt.

A refresh touches a few dozen pages across a dozen hosts; running them all at once would be
fast and rude. The gate lets ``limit`` requests run in total but only one at a time per origin
(scheme, host and port, the same unit robots.txt applies to), so each vendor sees a single,
sequential visitor. When several fetchers run at once (parallel refresh jobs, several worker
machines) a :class:`HostPacer` shared by all of them gives each request to an origin its turn,
one at a time and spaced by a minimum interval; the job runner supplies one kept in the queue's
storage.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass, field
from typing import Protocol
from urllib.robotparser import RobotFileParser

import httpx

ROBOTS_MAX_BYTES = 512 * 1024
"""RFC 9309 asks crawlers to parse at least 500 KiB; anything after that is ignored."""


def origin(url: httpx.URL) -> str:
    """``https://example.com:443`` for any URL on that host: the unit of politeness."""
    port = url.port or (443 if url.scheme == "https" else 80)
    return f"{url.scheme}://{url.host}:{port}"


@dataclass
class HostGate:
    """At most ``limit`` requests in flight overall, and at most one per origin.

    Callers take the host lock for the whole exchange (including waits between retries, so a
    host that asked us to slow down is not hit by our next document meanwhile) and a global slot
    only while a request is actually on the wire.
    """

    limit: int
    _slots: asyncio.Semaphore = field(init=False)
    _hosts: dict[str, asyncio.Lock] = field(init=False, default_factory=dict)

    def __post_init__(self) -> None:
        if self.limit < 1:
            raise ValueError("the global request limit must be at least 1")
        self._slots = asyncio.Semaphore(self.limit)

    def host(self, key: str) -> asyncio.Lock:
        """The lock serialising requests to one origin."""
        return self._hosts.setdefault(key, asyncio.Lock())

    @asynccontextmanager
    async def slot(self) -> AsyncIterator[None]:
        """One of the ``limit`` global request slots."""
        async with self._slots:
            yield


class HostPacer(Protocol):
    """Spaces requests to one origin across every fetcher that shares the pacer."""

    def turn(self, host: str) -> AbstractAsyncContextManager[None]:
        """Held around one request to ``host`` (an :func:`origin`): entered when it may be sent."""


@dataclass(frozen=True, slots=True)
class RobotsRules:
    """The parsed robots.txt of one origin (or "allow everything" when it has none)."""

    parser: RobotFileParser | None

    def allows(self, url: str, agent: str) -> bool:
        """Whether ``agent`` may fetch ``url``; no robots.txt means yes."""
        return self.parser is None or self.parser.can_fetch(agent, url)


ALLOW_ALL = RobotsRules(parser=None)


def parse_robots(body: bytes) -> RobotsRules:
    """Rules from a robots.txt body; bytes beyond the RFC's 500 KiB floor are ignored."""
    parser = RobotFileParser()
    parser.parse(body[:ROBOTS_MAX_BYTES].decode("utf-8", errors="replace").splitlines())
    return RobotsRules(parser=parser)
