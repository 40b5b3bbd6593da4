"""Work shared by several workers happens once, and vendors see spaced requests, on the real Redis.

The sweep of the minute is claimed in the queue's storage; two real ``msgcompare worker``
processes with the scheduler sweep each minute once. Requests from two worker processes to one
vendor host are spaced by ``FETCH_HOST_INTERVAL_SECONDS``, recorded by a real local HTTP server.
"""

from __future__ import annotations

import itertools
import re
import threading
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from sqlalchemy import select
from werkzeug import Request, Response

from compare import refresh, source_events
from compare.jobs import coordination, queue, refresh_jobs, schedule
from compare.store.events import DeliveryStatus, WebhookDeliveryRow, WebhookRow
from compare.store.session import transaction
from compare.store.setup import sessions_of
from tests.jobs.conftest import REDIS_URL, StartWorker, wait_for
from tests.jobs.sources import POLICY_PAGE, declare
from tests.jobs.test_refresh_workers import Setup, pending


@pytest.fixture(params=["redis", "sqlite", "memory"])
def storage(request: pytest.FixtureRequest, queue_name: str, tmp_path: Path) -> str:
    """The queue configured on each storage the coordination works on (real Redis, SQLite file, memory)."""
    urls = {"redis": REDIS_URL, "sqlite": f"sqlite:///{tmp_path / 'queue.sqlite3'}", "memory": "memory://"}
    queue.configure(urls[request.param], queue_name)
    return str(request.param)


def test_a_period_is_claimed_once_and_never_again_after_a_later_one(storage: str) -> None:
    assert coordination.claim_period("sweep", "20261207T1812")
    assert not coordination.claim_period("sweep", "20261207T1812")
    assert coordination.claim_period("sweep", "20261207T1813")
    assert not coordination.claim_period("sweep", "20261207T1812"), "a late worker does not redo an earlier minute"
    assert coordination.claim_period("other-work", "20261207T1812")


def test_a_host_has_one_turn_at_a_time_and_the_next_an_interval_after_it_ends(storage: str, queue_name: str) -> None:
    host, other = f"https://{queue_name}.example:443", f"https://other-{queue_name}.example:443"

    assert coordination.take_turn(host, "first", 60) == 0
    assert coordination.take_turn(host, "second", 60) == coordination.HELD
    assert coordination.take_turn(other, "second", 60) == 0, "another host is not held up"
    coordination.end_turn(host, "someone-else", 0.0)
    assert coordination.take_turn(host, "second", 60) == coordination.HELD, "only the holder ends a turn"
    coordination.end_turn(host, "first", 5.0)
    wait = coordination.take_turn(host, "second", 60)
    assert 4.0 < wait <= 5.0


def test_a_turn_whose_holder_vanished_ends_with_its_lease_unless_renewed(storage: str, queue_name: str) -> None:
    host, other = f"https://{queue_name}.example:443", f"https://other-{queue_name}.example:443"
    assert coordination.take_turn(host, "killed", 0.2) == 0
    assert coordination.take_turn(other, "alive", 0.2) == 0

    coordination.extend_turn(other, "alive", 60)
    coordination.extend_turn(host, "not-the-holder", 60)
    time.sleep(0.3)

    assert coordination.take_turn(host, "next", 60) == 0
    assert coordination.take_turn(other, "next", 60) == coordination.HELD


def sweep_lines(logs: list[Path]) -> list[tuple[str, str]]:
    """(minute, "done here" or "already done…") for every sweep the workers logged."""
    text = "".join(log.read_text(encoding="utf-8", errors="replace") for log in logs)
    return re.findall(r"sweep for (\d{8}T\d{4}) (done here|already done by another worker)", text)


def test_two_workers_with_the_scheduler_sweep_each_minute_once(
    tmp_path: Path, server: HTTPServer, database: str, queue_name: str, start_worker: StartWorker
) -> None:
    declare(tmp_path / "sources", server.url_for("/"))
    received: list[bytes] = []

    def receiver(request: Request) -> Response:
        received.append(request.get_data())
        return Response("thanks")

    server.expect_request("/hook", method="POST").respond_with_handler(receiver)
    setup = Setup(database, queue_name, tmp_path / "sources")
    logs = [tmp_path / "worker-0.log", tmp_path / "worker-1.log"]
    for _ in range(2):
        start_worker(setup.env(), "--concurrency", "1")
    app = setup.app()
    # A delivery whose job was lost an hour ago: each sweep that runs queues it again.
    with transaction(sessions_of(app)) as session:
        source_id = refresh.sync_sources(session, refresh_jobs.declarations(app))[0].source_id
        session.add(WebhookRow(url=server.url_for("/hook"), secret="s", active=True, created_at=datetime.now(UTC), created_by="t"))
        session.flush()
        source_events.track(session, source_id, True, "HTTP 404", datetime.now(UTC) - timedelta(hours=1))
    wait_for(lambda: all("msgcompare worker:" in log.read_text() for log in logs), message="both workers to start")

    queue.configure(REDIS_URL, queue_name)
    for _ in range(2):  # besides the tick each scheduler queues as it starts
        schedule.every_minute()
    wait_for(lambda: len(sweep_lines(logs)) >= 4, message="four ticks to run")

    def delivered() -> bool:
        with sessions_of(app)() as session:
            return session.scalar(select(WebhookDeliveryRow.status)) is DeliveryStatus.DELIVERED

    wait_for(delivered, message="the lost delivery to be sent")
    lines = sweep_lines(logs)
    swept = Counter(minute for minute, outcome in lines if outcome == "done here")
    assert swept == Counter({minute: 1 for minute, _ in lines}), lines
    assert len(received) == 1
    app.extensions["msgcompare.engine"].dispose()


def test_two_workers_space_their_requests_to_one_vendor_host(
    tmp_path: Path, server: HTTPServer, database: str, queue_name: str, start_worker: StartWorker
) -> None:
    paths = declare(tmp_path / "sources", server.url_for("/"))
    arrivals: list[tuple[float, str]] = []
    lock = threading.Lock()

    def page(request: Request) -> Response:
        with lock:
            arrivals.append((time.monotonic(), request.path))
        if request.path == "/robots.txt":
            return Response("User-agent: *\nAllow: /\n", content_type="text/plain")
        return Response(POLICY_PAGE, content_type="text/html; charset=utf-8")

    server.clear()  # robots.txt too goes through the recording handler
    for path in ["/robots.txt", *paths]:
        server.expect_request(path).respond_with_handler(page)
    interval = 0.3
    setup = Setup(database, queue_name, tmp_path / "sources")
    setup.values["FETCH_HOST_INTERVAL_SECONDS"] = interval
    for _ in range(2):
        start_worker(setup.env(), "--concurrency", "2", "--no-scheduler")
    app = setup.app()
    logs = [tmp_path / "worker-0.log", tmp_path / "worker-1.log"]
    wait_for(lambda: all("msgcompare worker:" in log.read_text() for log in logs), message="both workers to start")

    run = refresh_jobs.start_run(app, {"signal", "wire"})
    assert run is not None
    wait_for(lambda: pending(app) == 0, message="the run to be recorded")

    times = sorted(moment for moment, _ in arrivals)
    gaps = [later - earlier for earlier, later in itertools.pairwise(times)]
    assert len(times) >= 2 * len(run.source_ids), "every job asked for robots.txt and its document"
    # A request's turn ends after its response, and the next starts an interval later, so the
    # server sees arrivals at least an interval apart whatever delays the senders had. (Arrival
    # is stamped in the server's handler, a little after the bytes came: allow 10 %.)
    assert min(gaps) >= 0.9 * interval, gaps
    assert all("refresh_source" in log.read_text() for log in logs), "both workers fetched"
    app.extensions["msgcompare.engine"].dispose()
