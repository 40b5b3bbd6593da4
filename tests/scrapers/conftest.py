"""Fixtures for the scrapers tests: real local HTTP servers, the criteria's levels, fetch settings."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from pytest_httpserver import HTTPServer

from criteria.evidence_rules import RuleBook, load_evidence_rules
from scrapers.fetch import FetchSettings
from tests.scrapers.vendor_site import LEVELS

ALLOW_ALL_ROBOTS = "User-agent: *\nAllow: /\n"


@pytest.fixture(scope="session")
def rule_book() -> RuleBook:
    """The project's evidence rules, checked against the levels above."""
    return load_evidence_rules(LEVELS)


@pytest.fixture(scope="session")
def server_pool() -> Iterator[list[HTTPServer]]:
    """Real threaded HTTP servers on free loopback ports, started once and reused by every test.

    Threaded, because per-host and global concurrency can only be observed by a server that
    can take several requests at once. Reused, because stopping a server takes half a second.
    """
    servers: list[HTTPServer] = []
    yield servers
    for server in servers:
        server.stop()


@pytest.fixture
def make_site(server_pool: list[HTTPServer]) -> Iterator[Callable[..., HTTPServer]]:
    """Hand out a distinct server (a distinct host:port) per call, serving robots.txt unless told not to.

    Handlers and logs are cleared after the test, so no test sees another's routes.
    """
    used = 0

    def start(robots: str | None = ALLOW_ALL_ROBOTS) -> HTTPServer:
        nonlocal used
        if used == len(server_pool):
            server = HTTPServer(host="127.0.0.1", port=0, threaded=True)
            server.start()
            server_pool.append(server)
        server = server_pool[used]
        used += 1
        if robots is not None:
            server.expect_request("/robots.txt").respond_with_data(
                robots, content_type="text/plain"
            )
        return server

    yield start
    for server in server_pool[:used]:
        server.clear()


@pytest.fixture
def site(make_site: Callable[..., HTTPServer]) -> HTTPServer:
    """One vendor site that allows crawling."""
    return make_site()


@pytest.fixture
def settings() -> FetchSettings:
    """Fast, loopback-allowing limits: one retry after 10 ms, so failure tests stay quick."""
    return FetchSettings(
        contact_url="https://msgcompare.example/about",
        version="0.1.0",
        max_retries=1,
        backoff=0.01,
        connect_timeout=2.0,
        read_timeout=5.0,
        total_timeout=10.0,
        allow_networks=("127.0.0.1/32",),
    )
