"""Fixtures for the hardening tests: the real server (gunicorn), seeded apps on both databases."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest
from flask import Flask

from compare.app import create_app
from compare.store.setup import seed_database
from tests.conftest import fresh_postgres_database


def free_port() -> int:
    """A loopback port nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


StartServer = Callable[..., str]


@pytest.fixture
def gunicorn(tmp_path: Path, seeded_sqlite_template: Path) -> Iterator[StartServer]:
    """Start ``gunicorn -w 2 --timeout 10`` on a copy of the seeded database; returns its base URL.

    The short worker timeout makes any request that blocks a worker for 10 s visible as a
    ``WORKER TIMEOUT`` in the log and a dropped connection, which is what the tests look for.
    """
    processes: list[subprocess.Popen[bytes]] = []
    logs: list[Path] = []

    def start(timeout: int = 10, **environment: str) -> str:
        database = tmp_path / f"server-{len(processes)}.sqlite3"
        shutil.copyfile(seeded_sqlite_template, database)
        port = free_port()
        log = tmp_path / f"gunicorn-{len(processes)}.log"
        logs.append(log)
        env = {
            **os.environ,
            "DATABASE_URL": f"sqlite:///{database}",
            "MSGCOMPARE_SECRET_KEY": "security-tests",
            **environment,
        }
        gunicorn_bin = str(Path(sys.executable).parent / "gunicorn")
        command = [gunicorn_bin, "-w", "2", "--timeout", str(timeout), "-b", f"127.0.0.1:{port}", "--log-file", str(log), "compare.app:create_app()"]
        process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        processes.append(process)
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise RuntimeError(f"gunicorn exited: {log.read_text()}")
            try:
                if httpx.get(f"{base}/api/v1/criteria", timeout=5).status_code == 200:
                    return base
            except httpx.TransportError:
                time.sleep(0.2)
        raise RuntimeError("gunicorn did not answer within 60 s")

    yield start
    for process in processes:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    for log in logs:
        assert "WORKER TIMEOUT" not in log.read_text(), log.read_text()[-2000:]


@pytest.fixture(params=["sqlite", "postgresql"])
def backend_app(request: pytest.FixtureRequest, tmp_path: Path, seeded_sqlite_template: Path) -> Iterator[Flask]:
    """The seeded app on each database in turn (PostgreSQL: a fresh database on 127.0.0.1:5432)."""
    if request.param == "sqlite":
        database = tmp_path / "app.sqlite3"
        shutil.copyfile(seeded_sqlite_template, database)
        urls: Iterator[str] = iter([f"sqlite:///{database}"])
    else:
        urls = fresh_postgres_database()
    url = next(urls)
    try:
        if request.param == "postgresql":
            seed_database(url)
        app = create_app({"TESTING": True, "DATABASE_URL": url, "SECRET_KEY": "test-secret"})
        yield app
        app.extensions["msgcompare.engine"].dispose()
    finally:
        for _ in urls:  # finishes the generator, which drops the PostgreSQL database
            pass
