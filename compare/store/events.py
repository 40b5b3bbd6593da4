"""Tables for source events (a source starts failing, or recovers) and the webhooks told of them.

An event is written in the same transaction as the refresh result that caused it, together with
one pending delivery per registered webhook, so a crash can neither lose nor double an event.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from compare.store.base import Base, string_enum


class EventKind(StrEnum):
    """The two transitions worth telling anyone about."""

    FAILING = "failing"
    RECOVERED = "recovered"


class DeliveryStatus(StrEnum):
    """Where one webhook delivery stands."""

    PENDING = "pending"
    DELIVERED = "delivered"
    FAILED = "failed"
    """Every retry failed, or the address is not allowed; the error says which."""


class SourceEventRow(Base):
    """A source went from ok to failing, or back; repeat failures add no event."""

    __tablename__ = "source_event"
    __table_args__ = (Index("ix_source_event_time", "occurred_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("source_document.id", ondelete="CASCADE"))
    kind: Mapped[EventKind] = mapped_column(string_enum(EventKind, "event_kind"))
    product_id: Mapped[str] = mapped_column(String(64))
    document_id: Mapped[str] = mapped_column(String(100))
    url: Mapped[str] = mapped_column(String(2000))
    reason: Mapped[str | None] = mapped_column(Text)
    attempts: Mapped[int]
    """Failed attempts in a row when the event was written (for a recovery: before it)."""
    failing_since: Mapped[datetime | None]
    occurred_at: Mapped[datetime]


class WebhookRow(Base):
    """An address an admin registered; each event is POSTed there, signed with its secret."""

    __tablename__ = "webhook"

    id: Mapped[int] = mapped_column(primary_key=True)
    url: Mapped[str] = mapped_column(String(2000))
    secret: Mapped[str] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime]
    created_by: Mapped[str] = mapped_column(String(200))


class WebhookDeliveryRow(Base):
    """One event sent (or being sent) to one webhook, with the last attempt's outcome."""

    __tablename__ = "webhook_delivery"

    id: Mapped[int] = mapped_column(primary_key=True)
    webhook_id: Mapped[int] = mapped_column(ForeignKey("webhook.id", ondelete="CASCADE"))
    event_id: Mapped[int] = mapped_column(ForeignKey("source_event.id", ondelete="CASCADE"))
    status: Mapped[DeliveryStatus] = mapped_column(string_enum(DeliveryStatus, "delivery_status"))
    attempts: Mapped[int] = mapped_column(default=0)
    response_status: Mapped[int | None]
    error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime]
    last_attempt_at: Mapped[datetime | None]
