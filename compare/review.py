"""Reviewing proposals: accepting one writes a fact revision; nothing else ever changes a fact.

Each decision runs in the caller's transaction, so accepting a proposal and recording the new
revision happen together or not at all.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from compare.facts import Confidence, Evidence, Fact, FactStatus, Text
from compare.store import queries
from compare.store.models import FactRevisionRow
from compare.store.sources import ProposalRow, ProposalStatus, SnapshotRow, SourceDocumentRow


class ReviewError(Exception):
    """A decision that cannot be taken (unknown proposal, already decided, no reason given)."""


class AlreadyDecided(ReviewError):
    """Someone decided this proposal first (perhaps a moment ago, in another process)."""


def pending_proposal(session: Session, proposal_id: int) -> ProposalRow:
    """The proposal, locked for the decision.

    Raises:
        ReviewError: no such proposal, or it was already decided.
    """
    proposal = session.scalars(select(ProposalRow).where(ProposalRow.id == proposal_id).with_for_update()).first()
    if proposal is None:
        raise ReviewError(f"there is no proposal {proposal_id}")
    if proposal.status is not ProposalStatus.PENDING:
        raise AlreadyDecided(f"proposal {proposal_id} was already {proposal.status.value}")
    return proposal


def accept(session: Session, proposal_id: int, reviewer: str, note: str = "", now: datetime | None = None) -> FactRevisionRow:
    """Turn a proposal into a verified fact revision pointing at the proposal and its snapshot.

    Raises:
        ReviewError: the proposal is unknown or no longer pending.
    """
    now = now or datetime.now(UTC)
    proposal = pending_proposal(session, proposal_id)
    snapshot = session.get(SnapshotRow, proposal.snapshot_id)
    source = session.get(SourceDocumentRow, proposal.source_id)
    if snapshot is None or source is None:
        raise ReviewError(f"proposal {proposal_id} points at a snapshot that no longer exists")
    previous = next(
        (f for f in queries.current_facts(session) if f.key == (proposal.product_id, proposal.edition_id, proposal.criterion_id)),
        None,
    )
    explanation = note.strip() or f"Accepted from proposal {proposal.id} (rule {proposal.rule_id}) on {source.document_type} {source.url}."
    fact = Fact(
        product_id=proposal.product_id,
        edition_id=proposal.edition_id,
        criterion_id=proposal.criterion_id,
        status=FactStatus.VERIFIED,
        level_id=proposal.level_id,
        confidence=Confidence.MEDIUM,
        explanation=Text(en=explanation),
        evidence=Evidence(
            quote=proposal.quote,
            source_url=source.url,
            seen_on=snapshot.fetched_at.date(),
            source_type="vendor",
            source_date=None,
            seen_in=f"msgcompare snapshot {snapshot.id} ({snapshot.sha256[:12]}), fetched {snapshot.fetched_at:%Y-%m-%d %H:%M} UTC",
        ),
        history=previous.history if previous else (),
        proposal_id=proposal.id,
        snapshot_id=snapshot.id,
    )
    row = queries.record_revision(session, fact, author=reviewer, reason=f"accepted proposal {proposal.id}", recorded_at=now)
    proposal.status, proposal.decided_at, proposal.decided_by = ProposalStatus.ACCEPTED, now, reviewer
    proposal.decision_reason = note.strip() or None
    return row


def reject(session: Session, proposal_id: int, reviewer: str, reason: str, now: datetime | None = None) -> None:
    """Close a proposal without touching the fact; the reason is kept for the next reviewer.

    Raises:
        ReviewError: no reason given, or the proposal is unknown or no longer pending.
    """
    if not reason.strip():
        raise ReviewError("a rejection needs a reason")
    proposal = pending_proposal(session, proposal_id)
    proposal.status, proposal.decided_at, proposal.decided_by = ProposalStatus.REJECTED, now or datetime.now(UTC), reviewer
    proposal.decision_reason = reason.strip()
