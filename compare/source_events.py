"""A source's health over time: "failing since", attempts, and one event per transition.

A source that keeps failing is reported once, when it starts failing, and once more when it
recovers; the attempts in between only count. Each event gets one pending delivery per active
webhook in the same transaction, so the notification jobs can never miss or double an event.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from compare.store.events import (
    DeliveryStatus,
    EventKind,
    SourceEventRow,
    WebhookDeliveryRow,
    WebhookRow,
)
from compare.store.sources import SourceDocumentRow

NEW_DELIVERIES = "msgcompare.new_deliveries"
"""``session.info`` key: ids of deliveries created in this transaction, to queue once it commits."""


def track(session: Session, source_id: int, failed: bool, reason: str | None, now: datetime) -> SourceEventRow | None:
    """Update the source's failure state after one attempt; return the event if it changed state."""
    source = session.get(SourceDocumentRow, source_id)
    if source is None:
        return None
    if failed:
        source.attempts = (source.attempts or 0) + 1
        if source.failing_since is not None:
            return None
        source.failing_since = now
        event = _event(source, EventKind.FAILING, reason, source.attempts, now, now)
    else:
        if source.failing_since is None:
            source.attempts = 0
            return None
        event = _event(source, EventKind.RECOVERED, None, source.attempts, source.failing_since, now)
        source.failing_since, source.attempts = None, 0
    session.add(event)
    session.flush()
    deliveries = [
        WebhookDeliveryRow(webhook_id=webhook.id, event_id=event.id, status=DeliveryStatus.PENDING, attempts=0, created_at=now)
        for webhook in session.scalars(select(WebhookRow).where(WebhookRow.active.is_(True)))
    ]
    session.add_all(deliveries)
    session.flush()
    session.info.setdefault(NEW_DELIVERIES, []).extend(d.id for d in deliveries)
    return event


def _event(
    source: SourceDocumentRow, kind: EventKind, reason: str | None, attempts: int, since: datetime | None, now: datetime
) -> SourceEventRow:
    return SourceEventRow(
        source_id=source.id, kind=kind, product_id=source.product_id, document_id=source.document_id,
        url=source.url, reason=reason, attempts=attempts, failing_since=since, occurred_at=now,
    )


def pending_deliveries(session: Session, older_than: datetime | None = None) -> list[int]:
    """Deliveries still to be sent (all, or those untouched since ``older_than``)."""
    query = select(WebhookDeliveryRow.id).where(WebhookDeliveryRow.status == DeliveryStatus.PENDING)
    if older_than is not None:
        query = query.where(
            (WebhookDeliveryRow.last_attempt_at.is_(None) & (WebhookDeliveryRow.created_at < older_than))
            | (WebhookDeliveryRow.last_attempt_at < older_than)
        )
    return list(session.scalars(query.order_by(WebhookDeliveryRow.id)))


def event_payload(event: SourceEventRow) -> dict[str, object]:
    """The JSON body a webhook receives for ``event``."""
    return {
        "id": event.id,
        "event": f"source.{event.kind.value}",
        "product": event.product_id,
        "document": event.document_id,
        "url": event.url,
        "reason": event.reason,
        "attempts": event.attempts,
        "failing_since": event.failing_since.isoformat() if event.failing_since else None,
        "occurred_at": event.occurred_at.isoformat(),
    }
