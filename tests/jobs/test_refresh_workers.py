"""Refresh jobs on the real Redis at 127.0.0.1:6379, worked by real ``msgcompare worker`` processes.

Each test uses its own queue name on Redis and its own PostgreSQL database, and serves the
vendor documents from a real local HTTP server.
"""

from __future__ import annotations

import json
import signal
import time
from collections import Counter
from pathlib import Path

from flask import Flask
from pytest_httpserver import HTTPServer
from sqlalchemy import func, select
from werkzeug import Request, Response

from compare.app import create_app
from compare.jobs import refresh_jobs
from compare.store.setup import sessions_of
from compare.store.sources import FetchStatus, SnapshotRow, SourceDocumentRow
from tests.jobs.conftest import REDIS_URL, StartWorker, environment, track_app, wait_for
from tests.jobs.sources import POLICY_PAGE, declare


class Setup:
    """The settings shared by the test's app and its worker processes."""

    def __init__(self, database: str, queue_name: str, root: Path, *, lease: int = 600) -> None:
        self.values: dict[str, object] = {
            "DATABASE_URL": database,
            "QUEUE_URL": REDIS_URL,
            "QUEUE_NAME": queue_name,
            "SOURCES_ROOT": str(root),
            "FETCH_ALLOW_NETWORKS": ["127.0.0.1/32"],
            "WEBHOOK_ALLOW_NETWORKS": ["127.0.0.1/32"],
            "REFRESH_LEASE_SECONDS": lease,
            # One local server stands for every vendor: unpaced here, so the workers fetch side by
            # side; test_coordination paces it.
            "FETCH_HOST_INTERVAL_SECONDS": 0,
        }

    def app(self) -> Flask:
        return track_app(create_app({"TESTING": True, "SECRET_KEY": "t", **self.values}))

    def env(self) -> dict[str, str]:
        values = {f"MSGCOMPARE_{k}": v if isinstance(v, str) else json.dumps(v) for k, v in self.values.items() if k != "DATABASE_URL"}
        return environment(DATABASE_URL=str(self.values["DATABASE_URL"]), **values)


def pending(app: Flask) -> int:
    with sessions_of(app)() as session:
        return int(session.scalar(select(func.count()).where(SourceDocumentRow.run_id.is_not(None))) or 0)


def snapshots_per_source(app: Flask) -> Counter[int]:
    with sessions_of(app)() as session:
        return Counter(session.scalars(select(SnapshotRow.source_id)))


def statuses(app: Flask) -> Counter[FetchStatus]:
    with sessions_of(app)() as session:
        return Counter(session.scalars(select(SourceDocumentRow.status)))


def fetched_paths(server: HTTPServer) -> Counter[str]:
    return Counter(request.path for request, _ in server.log if request.path.startswith("/docs/"))


def executed(log: Path) -> int:
    return log.read_text(encoding="utf-8", errors="replace").count("Executing compare.jobs.refresh_jobs.refresh_source")


def test_two_workers_share_a_refresh_of_twenty_sources_and_record_each_once(
    tmp_path: Path, server: HTTPServer, database: str, queue_name: str, start_worker: StartWorker
) -> None:
    paths = declare(tmp_path / "sources", server.url_for("/"))

    def slow_page(_request: Request) -> Response:
        time.sleep(0.2)
        return Response(POLICY_PAGE, content_type="text/html; charset=utf-8")

    for path in paths:
        server.expect_request(path).respond_with_handler(slow_page)
    setup = Setup(database, queue_name, tmp_path / "sources")
    for _ in range(2):
        start_worker(setup.env(), "--concurrency", "2", "--no-scheduler")
    app = setup.app()  # while the workers start
    logs = [tmp_path / "worker-0.log", tmp_path / "worker-1.log"]
    wait_for(lambda: all("msgcompare worker:" in log.read_text() for log in logs), message="both workers to start")

    run = refresh_jobs.start_run(app)

    assert run is not None
    assert len(run.source_ids) == 20
    wait_for(lambda: pending(app) == 0, message="every source to be recorded")
    assert statuses(app) == Counter({FetchStatus.NEW: 20})
    assert snapshots_per_source(app) == Counter(dict.fromkeys(run.source_ids, 1))
    assert fetched_paths(server) == Counter(dict.fromkeys(paths, 1))
    assert all(executed(log) > 0 for log in logs), "both workers took part"
    app.extensions["msgcompare.engine"].dispose()


def test_a_killed_worker_keeps_what_it_finished_and_the_rest_is_retried(
    tmp_path: Path, server: HTTPServer, database: str, queue_name: str, start_worker: StartWorker
) -> None:
    paths = declare(tmp_path / "sources", server.url_for("/"))

    def slow_page(_request: Request) -> Response:
        time.sleep(0.3)
        return Response(POLICY_PAGE, content_type="text/html; charset=utf-8")

    for path in paths:
        server.expect_request(path).respond_with_handler(slow_page)
    setup = Setup(database, queue_name, tmp_path / "sources", lease=3)
    doomed = start_worker(setup.env(), "--concurrency", "2", "--no-scheduler")
    app = setup.app()  # while the worker starts
    wait_for(lambda: "msgcompare worker:" in (tmp_path / "worker-0.log").read_text(), message="the worker to start")

    run = refresh_jobs.start_run(app)
    assert run is not None
    wait_for(lambda: pending(app) <= 16, message="a few sources to be recorded")
    doomed.send_signal(signal.SIGKILL)
    doomed.wait()
    recorded_before = set(snapshots_per_source(app))
    assert 4 <= len(recorded_before) < 20

    start_worker(setup.env(), "--concurrency", "2", "--no-scheduler")
    wait_for(lambda: pending(app) == 0, message="the other worker to finish the run")

    assert statuses(app) == Counter({FetchStatus.NEW: 20})
    assert snapshots_per_source(app) == Counter(dict.fromkeys(run.source_ids, 1))
    assert recorded_before <= set(snapshots_per_source(app))
    app.extensions["msgcompare.engine"].dispose()
