"""Helpers for job tests: real worker processes started with ``msgcompare worker``."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import redis
from flask import Flask
from pytest_httpserver import HTTPServer
from sqlalchemy.engine import make_url

from compare.store.setup import seed_database
from tests.conftest import fresh_postgres_database

MSGCOMPARE = [sys.executable, "-m", "compare.cli"]


def environment(**values: str) -> dict[str, str]:
    """The test's environment plus ``values``, without settings that would leak in from the shell."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("MSGCOMPARE_") and k != "DATABASE_URL"}
    env.update(values)
    return env


StartWorker = Callable[..., subprocess.Popen[bytes]]


@pytest.fixture
def start_worker(tmp_path: Path) -> Iterator[StartWorker]:
    """Start ``msgcompare worker`` processes; every one still running is stopped afterwards."""
    started: list[subprocess.Popen[bytes]] = []

    def start(env: dict[str, str], *args: str) -> subprocess.Popen[bytes]:
        with (tmp_path / f"worker-{len(started)}.log").open("wb") as log:
            process = subprocess.Popen([*MSGCOMPARE, "worker", *args], env=env, stdout=log, stderr=subprocess.STDOUT)
        started.append(process)
        return process

    yield start
    for process in started:
        if process.poll() is None:
            process.send_signal(signal.SIGINT)
    for process in started:
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


_apps: list[Flask] = []


def track_app(app: Flask) -> Flask:
    """Have ``app``'s database connections closed after the test, whatever its outcome."""
    _apps.append(app)
    return app


@pytest.fixture(autouse=True)
def _close_tracked_apps() -> Iterator[None]:
    """A failed test must not leave connections for the garbage collector to find in a later one."""
    yield
    while _apps:
        _apps.pop().extensions["msgcompare.engine"].dispose()


def wait_for(condition: Callable[[], bool], timeout: float = 180, message: str = "condition") -> None:
    """Poll ``condition`` until it holds; fail the test with ``message`` after ``timeout`` seconds.

    The ceiling is generous: on a machine shared by many test runs a worker gets a small share of
    a core, and a run that takes 20 s alone can take minutes; passing tests never wait for it.
    """
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    pytest.fail(f"timed out waiting for {message}")


REDIS_URL = "redis://127.0.0.1:6379/0"


@pytest.fixture
def server() -> Iterator[HTTPServer]:
    """A threaded local HTTP server (several workers fetch at once)."""
    server = HTTPServer(host="127.0.0.1", port=0, threaded=True)
    server.start()
    server.expect_request("/robots.txt").respond_with_data("User-agent: *\nAllow: /\n", content_type="text/plain")
    yield server
    server.clear()
    server.stop()


@pytest.fixture(scope="session")
def seeded_postgres_template() -> Iterator[str]:
    """A migrated, seeded PostgreSQL database to copy (once per test process: seeding takes seconds)."""
    for url in fresh_postgres_database():
        seed_database(url)
        yield make_url(url).database or ""


@pytest.fixture
def database(seeded_postgres_template: str) -> Iterator[str]:
    """A migrated, seeded PostgreSQL database of its own: a server-side copy of the template."""
    yield from fresh_postgres_database(template=seeded_postgres_template)


@pytest.fixture
def queue_name() -> Iterator[str]:
    """A queue name of its own on the shared Redis, removed afterwards."""
    name = f"msgcompare-test-{uuid.uuid4().hex[:8]}"
    yield name
    client = redis.Redis.from_url(REDIS_URL)
    # Huey's own keys carry the name without its dashes.
    keys = list(client.scan_iter(f"*{name}*")) + list(client.scan_iter(f"*{name.replace('-', '')}*"))
    if keys:
        client.delete(*keys)
    client.close()
