"""The change log: the seed's first recording is not a change; corrections and reviews are, newest first."""

from __future__ import annotations

from datetime import UTC, datetime

from compare.changelog import Page, fact_changes
from compare.facts import Confidence, Fact, FactStatus


def revision(revision_id: int, day: int, level: str | None, *, author: str = "seed", previous: int | None = None, criterion: str = "encryption") -> Fact:
    return Fact(
        product_id="signal",
        edition_id=None,
        criterion_id=criterion,
        status=FactStatus.UNVERIFIED if level else FactStatus.UNKNOWN,
        level_id=level,
        confidence=Confidence.LOW,
        recorded_at=datetime(2026, 12, day, tzinfo=UTC),
        author=author,
        reason=f"reason {revision_id}",
        revision_id=revision_id,
        previous_revision_id=previous,
    )


def test_first_seed_recordings_are_not_changes_but_corrections_and_reviews_are() -> None:
    revisions = [
        revision(1, 1, "transport-only"),
        revision(2, 1, None, criterion="account-security"),
        revision(3, 2, "e2ee-optional", previous=1),
        revision(4, 5, "e2ee-default", author="anna", previous=3),
        revision(5, 4, "two-factor", author="anna", criterion="forwarding-controls"),
    ]

    changes = fact_changes(revisions)

    assert [c.revision_id for c in changes] == [4, 5, 3]
    newest = changes[0]
    assert (newest.old_level, newest.new_level, newest.author, newest.reason) == ("e2ee-optional", "e2ee-default", "anna", "reason 4")
    assert changes[1].old_level is None
    assert changes[1].old_status is None
    assert changes[2].old_level == "transport-only"


def test_pages_count_at_least_one() -> None:
    assert Page(number=1, size=50, total=0).count == 1
    assert Page(number=1, size=50, total=101).count == 3
    assert Page(number=3, size=50, total=101).start == 100
