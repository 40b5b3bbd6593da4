"""Refresh: declarations → fetch → snapshot → extract → version → proposals, one source at a time.

Fetching runs concurrently and touches no database. Recording runs per source in its own
transaction, so a failure or a crash in one source leaves the database exactly as it was before
that source, and the others still record. A failure is written to the source's status (with the
reason) and nothing else: the last good snapshot, the versions and the facts stay as they were.
Facts are never changed here; a person accepts or rejects the proposals.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from compare import source_events
from compare.facts import Fact
from compare.store import queries
from compare.store.session import transaction
from compare.store.sources import (
    DocumentVersionRow,
    FetchStatus,
    ProposalRow,
    ProposalStatus,
    SnapshotRow,
    SourceDocumentRow,
)
from criteria.evidence_rules import RuleBook
from scrapers.declarations import DocumentDeclaration, SourceDeclaration, declaration_hash
from scrapers.evidence import find_evidence, propose
from scrapers.extract import ExtractError, extract
from scrapers.fetch import FetchError, FetchRequest, FetchResult, FetchSettings, Outcome, fetch_all


@dataclass(frozen=True)
class SourceOutcome:
    """What one source's refresh did, for the CLI summary and the tests."""

    product_id: str
    document_id: str
    url: str
    status: FetchStatus
    technical: bool = False
    proposals: int = 0
    reason: str | None = None


@dataclass
class RefreshReport:
    """Every source's outcome, in declaration order."""

    outcomes: list[SourceOutcome] = field(default_factory=list)

    @property
    def failures(self) -> list[SourceOutcome]:
        """Sources that failed; any failure makes the CLI exit non-zero."""
        return [o for o in self.outcomes if o.status is FetchStatus.FAILED]

    def count(self, status: FetchStatus) -> int:
        """How many sources ended with ``status``."""
        return sum(1 for o in self.outcomes if o.status is status)


@dataclass(frozen=True)
class Target:
    """A declared document matched with its stored source row."""

    source_id: int
    product_id: str
    document: DocumentDeclaration
    request: FetchRequest


def sync_sources(session: Session, declarations: Collection[SourceDeclaration]) -> list[Target]:
    """Make sure every declared document of a known product has a source row; return the targets.

    The stored declaration hash is not touched here: it records how the latest version was
    extracted, which is what tells a technical re-extraction from a vendor change.
    """
    known_products = {p.id for p in queries.products(session)}
    targets = []
    for declaration in declarations:
        if declaration.product_id not in known_products:
            continue
        for document in declaration.documents:
            row = session.scalars(
                select(SourceDocumentRow).where(
                    SourceDocumentRow.product_id == declaration.product_id,
                    SourceDocumentRow.document_id == document.id,
                )
            ).first()
            if row is None:
                row = SourceDocumentRow(
                    product_id=declaration.product_id,
                    document_id=document.id,
                    declaration_hash=declaration_hash(document),
                    status=FetchStatus.NEVER,
                )
                session.add(row)
            if row.url != document.url:
                # A new address is a new resource: its old validators mean nothing there.
                row.etag, row.last_modified = None, None
            row.url, row.document_type = document.url, document.type.value
            row.edition_id, row.criteria = document.edition, list(document.criteria)
            session.flush()
            targets.append(target_for(session, row, document))
    return targets


def target_for(session: Session, row: SourceDocumentRow, document: DocumentDeclaration) -> Target:
    """The fetch target of a stored source: its URL with the validators of the last fetch."""
    latest = latest_snapshot(session, row.id)
    return Target(
        source_id=row.id,
        product_id=row.product_id,
        document=document,
        request=FetchRequest(
            url=document.url,
            etag=row.etag,
            last_modified=row.last_modified,
            known_sha256=latest.sha256 if latest else None,
        ),
    )


def latest_snapshot(session: Session, source_id: int) -> SnapshotRow | None:
    """The newest snapshot of a source (the last good one: failures never add snapshots)."""
    return session.scalars(
        select(SnapshotRow).where(SnapshotRow.source_id == source_id).order_by(SnapshotRow.id.desc()).limit(1)
    ).first()


def latest_version(session: Session, source_id: int) -> DocumentVersionRow | None:
    """The newest extracted version of a source."""
    return session.scalars(
        select(DocumentVersionRow)
        .where(DocumentVersionRow.source_id == source_id)
        .order_by(DocumentVersionRow.id.desc())
        .limit(1)
    ).first()


def mark_failed(session: Session, source_id: int, reason: str, now: datetime) -> None:
    """Record a failure on the source's status; nothing else changes."""
    row = session.get(SourceDocumentRow, source_id)
    if row is not None:
        row.status, row.error, row.last_fetch_at = FetchStatus.FAILED, reason, now


def store_snapshot(session: Session, source_id: int, result: FetchResult) -> SnapshotRow:
    """Append the body as a snapshot unless the same bytes are already stored for this source."""
    existing = session.scalars(
        select(SnapshotRow).where(SnapshotRow.source_id == source_id, SnapshotRow.sha256 == result.sha256)
    ).first()
    if existing is not None:
        return existing
    row = SnapshotRow(
        source_id=source_id,
        sha256=result.sha256 or "",
        body=result.body,
        content_type=result.content_type or "application/octet-stream",
        charset=result.charset,
        url=result.final_url,
        fetched_at=result.fetched_at,
    )
    session.add(row)
    session.flush()
    return row


def facts_for(session: Session, product_id: str, edition_id: str | None) -> dict[str, Fact]:
    """The facts in force for the document's product: product-wide ones, overridden by the edition's."""
    facts = [f for f in queries.current_facts(session) if f.product_id == product_id]
    cells = {f.criterion_id: f for f in facts if f.edition_id is None}
    if edition_id is not None:
        cells.update({f.criterion_id: f for f in facts if f.edition_id == edition_id})
    return cells


def open_proposals(
    session: Session,
    target: Target,
    version: DocumentVersionRow,
    previous: DocumentVersionRow | None,
    book: RuleBook,
    now: datetime,
) -> int:
    """Queue one proposal per criterion whose evidence now differs from the current fact."""
    current = facts_for(session, target.product_id, target.document.edition)
    candidates = find_evidence(version.text, book, target.document.criteria)
    levels = {c: (f.level_id if f.scores else None) for c, f in current.items()}
    quotes = {c: (f.evidence.quote if f.evidence else None) for c, f in current.items()}
    drafts = propose(candidates, levels, quotes, book, text=version.text)
    for draft in drafts:
        session.execute(
            update(ProposalRow)
            .where(
                ProposalRow.product_id == target.product_id,
                ProposalRow.criterion_id == draft.criterion_id,
                ProposalRow.status == ProposalStatus.PENDING,
                ProposalRow.edition_id.is_(None)
                if target.document.edition is None
                else ProposalRow.edition_id == target.document.edition,
            )
            .values(status=ProposalStatus.SUPERSEDED, decided_at=now, decision_reason=f"superseded by a newer version of {target.document.id}")
        )
        session.add(
            ProposalRow(
                product_id=target.product_id,
                edition_id=target.document.edition,
                criterion_id=draft.criterion_id,
                level_id=draft.level_id,
                quote=draft.quote,
                rule_id=draft.rule_id,
                confidence=draft.confidence,
                matched=draft.matched,
                current_level_id=draft.current_level,
                source_id=target.source_id,
                snapshot_id=version.snapshot_id,
                version_id=version.id,
                previous_version_id=previous.id if previous else None,
                status=ProposalStatus.PENDING,
                created_at=now,
            )
        )
    session.flush()
    return len(drafts)


def record(session: Session, target: Target, outcome: Outcome, book: RuleBook, now: datetime) -> SourceOutcome:
    """Store what one fetch brought: a snapshot, maybe a version, maybe proposals.

    Raises:
        ExtractError: the snapshot holds no usable document; the caller records the failure.
    """
    source = session.get(SourceDocumentRow, target.source_id)
    if source is None:
        raise ExtractError(target.document.url, "the source row disappeared during the refresh")

    def outcome_of(status: FetchStatus, **details: Any) -> SourceOutcome:
        return SourceOutcome(target.product_id, target.document.id, target.document.url, status, **details)

    if isinstance(outcome, FetchError):
        mark_failed(session, source.id, outcome.reason, now)
        return outcome_of(FetchStatus.FAILED, reason=outcome.reason)
    previous = latest_version(session, source.id)
    if outcome.unchanged:
        snapshot = latest_snapshot(session, source.id)
        if snapshot is None:
            raise ExtractError(target.document.url, "the server said 304 Not Modified but we hold no snapshot")
    else:
        snapshot = None
    body = snapshot.body if snapshot else outcome.body
    content_type = (snapshot.content_type if snapshot else outcome.content_type) or "text/html"
    charset_name = (snapshot.charset if snapshot else outcome.charset) or "utf-8"
    final_url = snapshot.url if snapshot else outcome.final_url
    extracted = extract(body, target.document, url=final_url, content_type=content_type, charset_name=charset_name)
    if snapshot is None:
        snapshot = store_snapshot(session, source.id, outcome)
    source.last_fetch_at = source.last_success_at = now
    source.error = None
    if not outcome.unchanged:
        source.etag, source.last_modified = outcome.etag, outcome.last_modified
    current_hash = declaration_hash(target.document)
    if previous is not None and previous.sha256 == extracted.sha256:
        source.status, source.declaration_hash = FetchStatus.UNCHANGED, current_hash
        return outcome_of(FetchStatus.UNCHANGED)
    previous_snapshot = session.get(SnapshotRow, previous.snapshot_id) if previous else None
    technical = (
        previous is not None
        and previous_snapshot is not None
        and previous_snapshot.sha256 == snapshot.sha256
        and previous.declaration_hash != current_hash
    )
    version = DocumentVersionRow(
        source_id=source.id,
        snapshot_id=snapshot.id,
        text=extracted.text,
        sha256=extracted.sha256,
        declaration_hash=current_hash,
        technical=technical,
        recorded_at=now,
    )
    session.add(version)
    session.flush()
    source.declaration_hash = current_hash
    source.status = FetchStatus.NEW if previous is None else FetchStatus.CHANGED
    proposals = 0 if technical else open_proposals(session, target, version, previous, book, now)
    return outcome_of(source.status, technical=technical, proposals=proposals)


def refresh(
    sessions: sessionmaker[Session],
    declarations: Collection[SourceDeclaration],
    book: RuleBook,
    settings: FetchSettings,
    *,
    product_ids: Collection[str] | None = None,
    on_fetched: Callable[[FetchRequest, Outcome], None] | None = None,
) -> RefreshReport:
    """Refresh every declared document (of ``product_ids`` when given)."""
    chosen = [d for d in declarations if product_ids is None or d.product_id in product_ids]
    with transaction(sessions) as session:
        targets = sync_sources(session, chosen)
    outcomes = fetch_all([t.request for t in targets], settings, on_done=on_fetched)
    report = RefreshReport()
    for target, outcome in zip(targets, outcomes, strict=True):
        report.outcomes.append(record_one(sessions, target, outcome, book))
    return report


class LeaseLost(Exception):
    """The worker's claim on the source ran out and another worker took it; nothing is recorded."""


Recorded = Callable[[Session, SourceOutcome], None]


def record_one(
    sessions: sessionmaker[Session],
    target: Target,
    outcome: Outcome,
    book: RuleBook,
    *,
    on_recorded: Recorded | None = None,
) -> SourceOutcome:
    """Record one source's fetch in its own transaction, with its failing/recovered transition.

    ``on_recorded`` runs inside that transaction (a job releases its lease there), so the result,
    the event and the release commit together or not at all.

    Raises:
        LeaseLost: raised by ``on_recorded``; the transaction rolled back.
    """
    now = datetime.now(UTC)
    try:
        with transaction(sessions) as session:
            result = record(session, target, outcome, book, now)
            source_events.track(session, target.source_id, result.status is FetchStatus.FAILED, result.reason, now)
            if on_recorded is not None:
                on_recorded(session, result)
        return result
    except LeaseLost:
        raise
    except ExtractError as exc:
        reason = exc.reason
    except Exception as exc:  # the source's transaction rolled back; the failure is shown on its status
        reason = f"internal error while recording: {exc!r}"
    result = SourceOutcome(target.product_id, target.document.id, target.document.url, FetchStatus.FAILED, reason=reason)
    with transaction(sessions) as session:
        mark_failed(session, target.source_id, reason, now)
        source_events.track(session, target.source_id, True, reason, now)
        if on_recorded is not None:
            on_recorded(session, result)
    return result
