"""The public change log: every accepted fact revision (old level → new level, why) and the vendor
documents whose change awaits a reviewer.

A reader who quoted a ranking last month must be able to see what changed since, and why. The
first load of the seed files is not a change (nothing was there before); a later correction of a
seed file, and everything a reviewer accepts, is.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from compare.facts import Fact, FactStatus

SEED_AUTHOR = "seed"


@dataclass(frozen=True)
class FactChange:
    """One accepted revision of a fact, with the revision it replaced (None: first recorded)."""

    revision_id: int
    recorded_at: datetime
    product_id: str
    edition_id: str | None
    criterion_id: str
    old_status: FactStatus | None
    old_level: str | None
    new_status: FactStatus
    new_level: str | None
    reason: str
    author: str
    source_url: str | None


@dataclass(frozen=True)
class DocumentChange:
    """A vendor document that changed and whose proposed fact awaits a reviewer."""

    proposal_id: int
    created_at: datetime
    product_id: str
    edition_id: str | None
    criterion_id: str
    current_level: str | None
    proposed_level: str
    source_url: str


def fact_changes(revisions: Iterable[Fact]) -> list[FactChange]:
    """Accepted changes, newest first: every revision except the seed's first recording of a fact."""
    by_id = {r.revision_id: r for r in revisions if r.revision_id is not None}
    changes = []
    for revision_id, revision in by_id.items():
        previous = by_id.get(revision.previous_revision_id) if revision.previous_revision_id is not None else None
        if (previous is None and revision.author == SEED_AUTHOR) or revision.recorded_at is None:
            continue
        changes.append(
            FactChange(
                revision_id=revision_id,
                recorded_at=revision.recorded_at,
                product_id=revision.product_id,
                edition_id=revision.edition_id,
                criterion_id=revision.criterion_id,
                old_status=previous.status if previous else None,
                old_level=previous.level_id if previous else None,
                new_status=revision.status,
                new_level=revision.level_id,
                reason=revision.reason,
                author=revision.author,
                source_url=revision.evidence.source_url if revision.evidence else None,
            )
        )
    changes.sort(key=lambda c: (c.recorded_at, c.revision_id), reverse=True)
    return changes


@dataclass(frozen=True)
class Page:
    """One page of a newest-first list, with what a pager needs."""

    number: int
    size: int
    total: int

    @property
    def count(self) -> int:
        """How many pages there are (at least one, even when empty)."""
        return max(1, -(-self.total // self.size))

    @property
    def start(self) -> int:
        """Index of the first item on this page."""
        return (self.number - 1) * self.size
