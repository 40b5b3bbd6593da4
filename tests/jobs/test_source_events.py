"""A failing source is reported once (event, Atom entry, signed webhook call) and its recovery once.

The refresh runs through the real Redis at 127.0.0.1:6379 and a real worker process; the vendor
page and the webhook receiver are real local HTTP servers.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from flask import Flask
from pytest_httpserver import HTTPServer
from sqlalchemy import select
from werkzeug import Request, Response

from compare import accounts, refresh, source_events
from compare.jobs import notify, refresh_jobs
from compare.store.events import (
    DeliveryStatus,
    EventKind,
    SourceEventRow,
    WebhookDeliveryRow,
    WebhookRow,
)
from compare.store.session import transaction
from compare.store.setup import sessions_of
from compare.store.sources import SourceDocumentRow
from tests.admin.test_review_flow import PASSWORD, login
from tests.jobs.conftest import StartWorker, wait_for
from tests.jobs.sources import POLICY_PAGE, declare
from tests.jobs.test_refresh_workers import Setup, pending

SECRET = "s3cret-for-the-test"


def events(app: Flask) -> list[EventKind]:
    with sessions_of(app)() as session:
        return list(session.scalars(select(SourceEventRow.kind).order_by(SourceEventRow.id)))


def delivered(app: Flask) -> int:
    with sessions_of(app)() as session:
        rows = session.scalars(select(WebhookDeliveryRow)).all()
        return sum(1 for r in rows if r.status is DeliveryStatus.DELIVERED)


def test_three_failures_make_one_event_entry_and_call_and_the_recovery_one_more(
    tmp_path: Path, server: HTTPServer, database: str, queue_name: str, start_worker: StartWorker
) -> None:
    declare(tmp_path / "sources", server.url_for("/"))
    outcomes = iter([404, 404, 404, 200])

    def vendor(_request: Request) -> Response:
        status = next(outcomes)
        return Response(POLICY_PAGE if status == 200 else b"gone", status=status, content_type="text/html; charset=utf-8")

    server.expect_request("/docs/signal/0").respond_with_handler(vendor)
    for number in range(1, 5):
        server.expect_request(f"/docs/signal/{number}").respond_with_data(POLICY_PAGE, content_type="text/html; charset=utf-8")
    received: list[tuple[bytes, dict[str, str]]] = []

    def receiver(request: Request) -> Response:
        received.append((request.get_data(), dict(request.headers)))
        return Response("thanks", status=200)

    server.expect_request("/hook", method="POST").respond_with_handler(receiver)
    setup = Setup(database, queue_name, tmp_path / "sources")
    start_worker(setup.env(), "--concurrency", "1", "--no-scheduler")
    app = setup.app()  # while the worker starts
    with transaction(sessions_of(app)) as session:
        accounts.create_user(session, "anna", PASSWORD)
        session.add(WebhookRow(url=server.url_for("/hook"), secret=SECRET, active=True, created_at=datetime.now(UTC), created_by="anna"))

    def refresh_once() -> None:
        run = refresh_jobs.start_run(app, {"signal"})
        assert run is not None
        wait_for(lambda: pending(app) == 0, message="the run to be recorded")

    for _ in range(3):
        refresh_once()
    with sessions_of(app)() as session:
        source = session.scalars(select(SourceDocumentRow).where(SourceDocumentRow.document_id == "doc-0")).one()
        assert source.failing_since is not None
        assert source.attempts == 3
    assert events(app) == [EventKind.FAILING]
    wait_for(lambda: delivered(app) == 1, message="the webhook delivery")

    refresh_once()
    assert events(app) == [EventKind.FAILING, EventKind.RECOVERED]
    wait_for(lambda: delivered(app) == 2, message="the recovery's delivery")

    assert len(received) == 2
    for body, headers in received:
        expected = "sha256=" + hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()
        assert hmac.compare_digest(headers["X-Msgcompare-Signature"], expected)
    payloads = [json.loads(body) for body, _ in received]
    assert [p["event"] for p in payloads] == ["source.failing", "source.recovered"]
    assert payloads[0]["reason"].startswith("HTTP 404")
    assert payloads[1]["attempts"] == 3

    client = app.test_client()
    login(client)
    feed = client.get("/admin/events.atom")
    assert feed.status_code == 200
    assert feed.mimetype == "application/atom+xml"
    titles = [t.get_text() for t in BeautifulSoup(feed.data, "xml").select("entry > title")]
    assert titles == ["signal/doc-0 recovered", "signal/doc-0 started failing"]
    log = client.get("/admin/webhooks").get_data(as_text=True)
    assert log.count("delivered") >= 2
    app.extensions["msgcompare.engine"].dispose()


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("http://10.1.2.3/hook", "private address 10.1.2.3"),
        # Host names the IDNA codec refuses (a label over 63 characters, an empty label): a 400, not a 500.
        ("https://" + "a" * 64 + ".example/hook", "not a valid host name"),
        ("https://a..example/hook", "not a valid host name"),
    ],
)
def test_a_webhook_the_address_guard_refuses_is_a_400_and_nothing_is_stored(app: Flask, url: str, message: str) -> None:
    with transaction(sessions_of(app)) as session:
        accounts.create_user(session, "anna", PASSWORD)
    client = app.test_client()
    login(client)
    html = client.get("/admin/webhooks").get_data(as_text=True)
    token = str(BeautifulSoup(html, "lxml").find("input", attrs={"name": "csrf_token"})["value"])  # type: ignore[index]

    response = client.post("/admin/webhooks", data={"url": url, "csrf_token": token})

    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    with sessions_of(app)() as session:
        assert session.scalars(select(WebhookRow)).all() == []


def test_webhook_retries_follow_the_settings_and_end_failed_after_the_last(
    tmp_path: Path, server: HTTPServer, database: str, queue_name: str, start_worker: StartWorker
) -> None:
    declare(tmp_path / "sources", server.url_for("/"))
    calls: Counter[str] = Counter()

    def receiver(request: Request) -> Response:
        calls[request.path] += 1
        flaky_and_failing = request.path == "/down" or calls[request.path] == 1
        return Response("no", status=503) if flaky_and_failing else Response("thanks")

    for path in ("/flaky", "/down"):
        server.expect_request(path, method="POST").respond_with_handler(receiver)
    setup = Setup(database, queue_name, tmp_path / "sources")
    setup.values.update(WEBHOOK_RETRIES=2, WEBHOOK_RETRY_DELAY_SECONDS=0.2, WEBHOOK_RETRY_BACKOFF=2)
    start_worker(setup.env(), "--concurrency", "1", "--no-scheduler")
    app = setup.app()
    with transaction(sessions_of(app)) as session:
        source_id = refresh.sync_sources(session, refresh_jobs.declarations(app))[0].source_id
        for path in ("/flaky", "/down"):
            session.add(WebhookRow(url=server.url_for(path), secret=SECRET, active=True, created_at=datetime.now(UTC), created_by="t"))
        session.flush()
        source_events.track(session, source_id, True, "HTTP 404", datetime.now(UTC))
        new = session.info.pop(source_events.NEW_DELIVERIES)

    notify.send(app, new)

    def settled() -> bool:
        with sessions_of(app)() as session:
            return all(d.status is not DeliveryStatus.PENDING for d in session.scalars(select(WebhookDeliveryRow)))

    wait_for(settled, message="both deliveries to be delivered or given up")
    with sessions_of(app)() as session:
        outcome = {
            webhook.url.rsplit("/", 1)[1]: (delivery.status, delivery.attempts, delivery.error)
            for delivery, webhook in session.execute(select(WebhookDeliveryRow, WebhookRow).join(WebhookRow))
        }
    assert outcome == {
        "flaky": (DeliveryStatus.DELIVERED, 2, None),
        "down": (DeliveryStatus.FAILED, 3, "HTTP 503"),
    }
    assert calls == Counter({"/flaky": 2, "/down": 3})
    app.extensions["msgcompare.engine"].dispose()
