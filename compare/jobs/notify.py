"""Webhook deliveries: each source event POSTed as signed JSON, retried with backoff by the queue.

The body is the event as JSON; ``X-Msgcompare-Signature: sha256=<hex>`` is the HMAC-SHA256 of
the exact body bytes with the webhook's secret, so the receiver can check it came from us.
Addresses go through the fetcher's address guard: never loopback, private or link-local
addresses (unless allow-listed in ``WEBHOOK_ALLOW_NETWORKS``), and the connection goes to the
address that was checked. Redirects are not followed.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

import httpx
from flask import Flask

from compare import source_events
from compare.jobs import queue
from compare.jobs.queue import huey
from compare.jobs.runtime import job_app
from compare.store.events import DeliveryStatus, SourceEventRow, WebhookDeliveryRow, WebhookRow
from compare.store.session import transaction
from compare.store.setup import sessions_of
from scrapers.addresses import AddressGuard, AddressRefused
from scrapers.fetch import pinned_transport

SIGNATURE_HEADER = "X-Msgcompare-Signature"
TIMEOUT_SECONDS = 10.0


def signature(secret: str, body: bytes) -> str:
    """The signature header's value for ``body``."""
    return "sha256=" + hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()


def send(app: Flask, delivery_ids: Iterable[int]) -> None:
    """Queue these deliveries (after the transaction that created them has committed)."""
    ids = list(delivery_ids)
    if not ids:
        return
    queue.configure(app.config.get("QUEUE_URL"), app.config.get("QUEUE_NAME"))
    with app.app_context():
        for delivery_id in ids:
            deliver_webhook(delivery_id)


async def _post(url: str, body: bytes, headers: dict[str, str], guard: AddressGuard) -> httpx.Response:
    async with httpx.AsyncClient(
        transport=pinned_transport(guard, 1), timeout=TIMEOUT_SECONDS, follow_redirects=False, trust_env=False
    ) as client:
        return await client.post(url, content=body, headers=headers)


def attempt(app: Flask, delivery_id: int) -> DeliveryStatus | None:
    """POST one delivery and record the outcome; None when there was nothing to send."""
    sessions = sessions_of(app)
    with sessions() as session:
        delivery = session.get(WebhookDeliveryRow, delivery_id)
        if delivery is None or delivery.status is not DeliveryStatus.PENDING:
            return None
        webhook = session.get(WebhookRow, delivery.webhook_id)
        event = session.get(SourceEventRow, delivery.event_id)
        if webhook is None or event is None or not webhook.active:
            return None
        body = json.dumps(source_events.event_payload(event), sort_keys=True).encode("utf-8")
        url, secret = webhook.url, webhook.secret
        kind = f"source.{event.kind.value}"
    headers = {
        "Content-Type": "application/json",
        "User-Agent": "msgcompare-webhooks",
        "X-Msgcompare-Event": kind,
        "X-Msgcompare-Delivery": str(delivery_id),
        SIGNATURE_HEADER: signature(secret, body),
    }
    guard = AddressGuard.allowing(app.config["WEBHOOK_ALLOW_NETWORKS"])
    values: dict[str, Any] = {"last_attempt_at": datetime.now(UTC), "attempts": WebhookDeliveryRow.attempts + 1}
    status = DeliveryStatus.PENDING
    try:
        response = asyncio.run(_post(url, body, headers, guard))
    except AddressRefused as exc:
        status, values["error"] = DeliveryStatus.FAILED, str(exc)
    except httpx.HTTPError as exc:
        values["error"] = f"{type(exc).__name__}: {exc}"
    else:
        values["response_status"] = response.status_code
        if 200 <= response.status_code < 300:
            status, values["error"] = DeliveryStatus.DELIVERED, None
        else:
            values["error"] = f"HTTP {response.status_code}"
    with transaction(sessions) as session:
        delivery = session.get(WebhookDeliveryRow, delivery_id)
        if delivery is not None:
            for key, value in values.items():
                setattr(delivery, key, value)
            delivery.status = status
    return status


def give_up(app: Flask, delivery_id: int) -> None:
    """Mark a delivery failed after its last retry (its last error stays recorded)."""
    with transaction(sessions_of(app)) as session:
        delivery = session.get(WebhookDeliveryRow, delivery_id)
        if delivery is not None and delivery.status is DeliveryStatus.PENDING:
            delivery.status = DeliveryStatus.FAILED


def retry_delay(app: Flask, retry: int) -> float:
    """Seconds before retry number ``retry`` (1-based): the first delay, times the backoff after each."""
    first = float(app.config["WEBHOOK_RETRY_DELAY_SECONDS"])
    return first * float(app.config["WEBHOOK_RETRY_BACKOFF"]) ** (retry - 1)


@huey.task()  # type: ignore[untyped-decorator]
def deliver_webhook(delivery_id: int, retry: int = 0) -> None:
    """Send one delivery; on failure schedule the next try, and after the last one give up.

    The retries are this task scheduling itself rather than Huey's per-task retry options, so
    their number and delays come from the settings (``WEBHOOK_RETRIES``,
    ``WEBHOOK_RETRY_DELAY_SECONDS``, ``WEBHOOK_RETRY_BACKOFF``; by default 10 s, 30 s, 90 s,
    4.5 min and 13.5 min) of the worker that runs it.
    """
    with job_app() as app:
        if attempt(app, delivery_id) is not DeliveryStatus.PENDING:
            return
        if retry < int(app.config["WEBHOOK_RETRIES"]):
            deliver_webhook.schedule((delivery_id, retry + 1), delay=retry_delay(app, retry + 1))
            return
        give_up(app, delivery_id)
