"""Read what the public change log and the Atom feed show: fact revisions and open proposals."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from compare.changelog import DocumentChange, FactChange, fact_changes
from compare.store import queries
from compare.store.sources import ProposalRow, ProposalStatus, SourceDocumentRow


def accepted_changes(session: Session) -> list[FactChange]:
    """Every accepted fact change, newest first."""
    return fact_changes(queries.to_fact(row) for row in queries.revisions(session))


def documents_under_review(session: Session, limit: int = 100) -> list[DocumentChange]:
    """Open proposals with the document they came from, newest first."""
    rows = session.execute(
        select(ProposalRow, SourceDocumentRow.url)
        .join(SourceDocumentRow, SourceDocumentRow.id == ProposalRow.source_id)
        .where(ProposalRow.status == ProposalStatus.PENDING)
        .order_by(ProposalRow.created_at.desc(), ProposalRow.id.desc())
        .limit(limit)
    )
    return [
        DocumentChange(
            proposal_id=proposal.id,
            created_at=proposal.created_at,
            product_id=proposal.product_id,
            edition_id=proposal.edition_id,
            criterion_id=proposal.criterion_id,
            current_level=proposal.current_level_id,
            proposed_level=proposal.level_id,
            source_url=url,
        )
        for proposal, url in rows
    ]
