"""Tables for watched vendor documents: snapshots, extracted versions, proposals, reviewers.

Snapshots are append-only and deduplicated by content hash: the raw bytes a vendor served are
evidence and are never rewritten. Versions are the extracted text, recorded only when it changes,
and marked ``technical`` when the change came from our own declaration rather than the vendor.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import JSON, ForeignKey, Index, LargeBinary, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column

from compare.store.base import Base, string_enum


class FetchStatus(StrEnum):
    """The outcome of a source's most recent refresh, shown on the admin sources page."""

    NEVER = "never"
    UNCHANGED = "unchanged"
    CHANGED = "changed"
    NEW = "new"
    FAILED = "failed"


class ProposalStatus(StrEnum):
    """Where a proposed fact update stands; only a person moves it out of pending."""

    PENDING = "pending"
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    SUPERSEDED = "superseded"
    """A newer proposal for the same fact replaced it before anyone decided."""




class SourceDocumentRow(Base):
    """One watched document (a product's privacy policy, DPA, trust page…) and its last fetch."""

    __tablename__ = "source_document"
    __table_args__ = (UniqueConstraint("product_id", "document_id", name="uq_source_document_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[str] = mapped_column(ForeignKey("product.id", ondelete="CASCADE"))
    document_id: Mapped[str] = mapped_column(String(100))
    edition_id: Mapped[str | None] = mapped_column(String(64))
    url: Mapped[str] = mapped_column(String(2000))
    document_type: Mapped[str] = mapped_column(String(64))
    criteria: Mapped[list[str]] = mapped_column(JSON, default=list)
    declaration_hash: Mapped[str] = mapped_column(String(64))
    last_fetch_at: Mapped[datetime | None]
    last_success_at: Mapped[datetime | None]
    status: Mapped[FetchStatus] = mapped_column(string_enum(FetchStatus, "fetch_status"), default=FetchStatus.NEVER)
    error: Mapped[str | None] = mapped_column(Text)
    etag: Mapped[str | None] = mapped_column(String(500))
    last_modified: Mapped[str | None] = mapped_column(String(100))
    failing_since: Mapped[datetime | None]
    """When the current run of failures began; empty while the source is ok."""
    attempts: Mapped[int] = mapped_column(default=0)
    """Failed attempts in a row (0 while ok)."""
    run_id: Mapped[str | None] = mapped_column(String(64))
    """The refresh run still waiting for this source; cleared when its result is recorded."""
    lease_owner: Mapped[str | None] = mapped_column(String(200))
    lease_until: Mapped[datetime | None]
    """A worker that claims the source holds it until then: the lock across machines."""


class SnapshotRow(Base):
    """Raw bytes a vendor served, kept once per distinct content; never updated or deleted."""

    __tablename__ = "snapshot"
    __table_args__ = (UniqueConstraint("source_id", "sha256", name="uq_snapshot_content"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("source_document.id", ondelete="RESTRICT"))
    sha256: Mapped[str] = mapped_column(String(64))
    body: Mapped[bytes] = mapped_column(LargeBinary)
    content_type: Mapped[str] = mapped_column(String(200))
    charset: Mapped[str | None] = mapped_column(String(64))
    url: Mapped[str] = mapped_column(String(2000))
    """The final URL after redirects."""
    fetched_at: Mapped[datetime]


class DocumentVersionRow(Base):
    """Extracted, normalised text of a document, recorded only when it differs from the last."""

    __tablename__ = "document_version"
    __table_args__ = (Index("ix_document_version_source", "source_id", "recorded_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("source_document.id", ondelete="RESTRICT"))
    snapshot_id: Mapped[int] = mapped_column(ForeignKey("snapshot.id", ondelete="RESTRICT"))
    text: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(String(64))
    declaration_hash: Mapped[str] = mapped_column(String(64))
    technical: Mapped[bool] = mapped_column(default=False)
    """True when only our declaration changed (new selector), not the vendor's text."""
    recorded_at: Mapped[datetime]


class ProposalRow(Base):
    """A suggested fact update found in a document, waiting for a reviewer."""

    __tablename__ = "proposal"
    __table_args__ = (Index("ix_proposal_fact", "product_id", "edition_id", "criterion_id", "status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[str] = mapped_column(ForeignKey("product.id", ondelete="CASCADE"))
    edition_id: Mapped[str | None] = mapped_column(String(64))
    criterion_id: Mapped[str] = mapped_column(String(64))
    level_id: Mapped[str] = mapped_column(String(64))
    quote: Mapped[str] = mapped_column(Text)
    rule_id: Mapped[str] = mapped_column(String(100))
    confidence: Mapped[float | None]
    """How sure the extractor is that the sentence says what the rule reads (0–1); None before 0007."""
    matched: Mapped[str | None] = mapped_column(Text)
    """The words the rule matched, shown to the reviewer beside the rule id."""
    current_level_id: Mapped[str | None] = mapped_column(String(64))
    source_id: Mapped[int] = mapped_column(ForeignKey("source_document.id", ondelete="RESTRICT"))
    snapshot_id: Mapped[int] = mapped_column(ForeignKey("snapshot.id", ondelete="RESTRICT"))
    version_id: Mapped[int] = mapped_column(ForeignKey("document_version.id", ondelete="RESTRICT"))
    previous_version_id: Mapped[int | None] = mapped_column(ForeignKey("document_version.id", ondelete="RESTRICT"))
    status: Mapped[ProposalStatus] = mapped_column(string_enum(ProposalStatus, "proposal_status"), default=ProposalStatus.PENDING)
    created_at: Mapped[datetime]
    decided_at: Mapped[datetime | None]
    decided_by: Mapped[str | None] = mapped_column(String(200))
    decision_reason: Mapped[str | None] = mapped_column(Text)


class UserRow(Base):
    """A reviewer; passwords are stored only as salted hashes."""

    __tablename__ = "reviewer"
    # One reviewer per name whatever the case, enforced by the database so two processes
    # creating "anna" and "Anna" at once cannot both succeed.
    __table_args__ = (Index("uq_reviewer_username_lower", text("lower(username)"), unique=True),)

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(100), unique=True)
    password_hash: Mapped[str] = mapped_column(String(500))
    created_at: Mapped[datetime]
    session_version: Mapped[int] = mapped_column(default=0, server_default="0")
    """Bumped by logout, a password change and ``users revoke``: older login cookies stop working."""
    feed_token_hash: Mapped[str | None] = mapped_column(String(64))
    """SHA-256 (hex) of the secret in this reviewer's events-feed address; None: no feed address."""
    feed_token_created_at: Mapped[datetime | None]
