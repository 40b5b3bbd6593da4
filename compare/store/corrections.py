"""Corrections suggested by readers: kept for reviewers, never shown on a public page.

A suggestion is not a fact. It waits in the admin queue until a reviewer closes it, after
checking it against a source (and, where it holds, recording a new fact revision the usual way).
The client is kept only as a keyed hash, enough to limit how often one address may write.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from enum import StrEnum

from sqlalchemy import Index, String, Text, func, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from compare.store.base import Base, string_enum

RATE_WINDOW = timedelta(hours=1)
RATE_LIMIT = 5
"""Suggestions one address may send per window: enough for a reader, too few for a spammer."""


class CorrectionStatus(StrEnum):
    """Open until a reviewer has looked at it."""

    OPEN = "open"
    CLOSED = "closed"


class CorrectionRow(Base):
    """One suggestion: which fact, what is wrong, the source that says so."""

    __tablename__ = "correction"
    __table_args__ = (Index("ix_correction_client_created", "client", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[str] = mapped_column(String(64))
    criterion_id: Mapped[str | None] = mapped_column(String(64))
    message: Mapped[str] = mapped_column(Text)
    source_url: Mapped[str] = mapped_column(String(2000))
    email: Mapped[str | None] = mapped_column(String(254))
    client: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime]
    status: Mapped[CorrectionStatus] = mapped_column(string_enum(CorrectionStatus, "correction_status"))
    closed_by: Mapped[str | None] = mapped_column(String(200))
    closed_at: Mapped[datetime | None]
    note: Mapped[str | None] = mapped_column(Text)


def recent_count(session: Session, client: str, since: datetime) -> int:
    """How many suggestions this client has sent since ``since`` (for the rate limit)."""
    query = select(func.count()).select_from(CorrectionRow).where(CorrectionRow.client == client, CorrectionRow.created_at >= since)
    return int(session.scalar(query) or 0)


def add_correction(
    session: Session,
    *,
    product_id: str,
    criterion_id: str | None,
    message: str,
    source_url: str,
    email: str | None,
    client: str,
    now: datetime,
) -> CorrectionRow:
    """Store a new, open suggestion."""
    row = CorrectionRow(
        product_id=product_id,
        criterion_id=criterion_id,
        message=message,
        source_url=source_url,
        email=email,
        client=client,
        created_at=now,
        status=CorrectionStatus.OPEN,
    )
    session.add(row)
    session.flush()
    return row


def open_corrections(session: Session, limit: int = 200) -> list[CorrectionRow]:
    """Open suggestions, oldest first, for the review queue."""
    query = select(CorrectionRow).where(CorrectionRow.status == CorrectionStatus.OPEN).order_by(CorrectionRow.created_at).limit(limit)
    return list(session.scalars(query))


def close_correction(session: Session, correction_id: int, reviewer: str, note: str, now: datetime) -> CorrectionRow | None:
    """Mark a suggestion handled; None when it does not exist."""
    row = session.get(CorrectionRow, correction_id)
    if row is None:
        return None
    row.status = CorrectionStatus.CLOSED
    row.closed_by = reviewer
    row.closed_at = now
    row.note = note
    return row

