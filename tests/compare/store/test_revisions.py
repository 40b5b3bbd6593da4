"""Fact revisions on SQLite and PostgreSQL: append-only history, "as of" reads, safe seed reloads."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from compare.comparison import load_comparison
from compare.dataset import Dataset
from compare.facts import Evidence, Fact, FactStatus
from compare.store import queries
from compare.store.models import FactRevisionRow
from compare.store.session import transaction
from criteria.model import Catalogue

KEY = ("whatsapp-business-app", None, "processor-agreement")


def seeded(sessions: sessionmaker[Session], seed: Dataset) -> None:
    with transaction(sessions) as session:
        queries.load_seed(session, seed)


def current(sessions: sessionmaker[Session], key: tuple[str, str | None, str], as_of: datetime | None = None) -> Fact:
    with sessions() as session:
        return next(f for f in queries.current_facts(session, as_of) if f.key == key)


def revision_count(sessions: sessionmaker[Session]) -> int:
    with sessions() as session:
        return int(session.scalar(select(func.count()).select_from(FactRevisionRow)) or 0)


def reviewed_change(fact: Fact) -> Fact:
    return replace(
        fact,
        level_id="standard-dpa",
        evidence=Evidence(
            quote="WhatsApp now offers a negotiable data processing agreement",
            source_url="https://www.whatsapp.com/legal/business-data-processing-terms",
            seen_on=datetime(2027, 1, 10, tzinfo=UTC).date(),
            source_type="vendor",
        ),
    )


def test_seed_loads_every_fact_once_and_reloading_changes_nothing(sessions, seed: Dataset) -> None:  # type: ignore[no-untyped-def]
    seeded(sessions, seed)
    first = revision_count(sessions)
    with transaction(sessions) as session:
        report = queries.load_seed(session, seed)

    assert first == len(seed.facts)
    assert (report.added, report.unchanged) == (0, len(seed.facts))
    assert revision_count(sessions) == first


def test_a_change_adds_a_revision_pointing_at_the_previous_one(sessions, seed: Dataset) -> None:  # type: ignore[no-untyped-def]
    seeded(sessions, seed)
    before = current(sessions, KEY)
    later = datetime(2027, 1, 10, 9, 0, tzinfo=UTC)
    with transaction(sessions) as session:
        queries.record_revision(session, reviewed_change(before), author="anna", reason="new DPA published", recorded_at=later)

    after = current(sessions, KEY)
    assert (after.level_id, after.author, after.reason) == ("standard-dpa", "anna", "new DPA published")
    assert after.previous_revision_id == before.revision_id
    with sessions() as session:
        history = queries.fact_history(session, *KEY)
    assert [f.level_id for f in history] == ["terms-only", "standard-dpa"]
    assert history[0].evidence == before.evidence


def test_as_of_reproduces_the_comparison_of_an_earlier_day(sessions, seed: Dataset, catalogue: Catalogue) -> None:  # type: ignore[no-untyped-def]
    seeded(sessions, seed)
    change_day = datetime(2027, 1, 10, 9, 0, tzinfo=UTC)
    with transaction(sessions) as session:
        queries.record_revision(session, reviewed_change(current(sessions, KEY)), author="anna", reason="r", recorded_at=change_day)

    assert current(sessions, KEY, as_of=change_day - timedelta(seconds=1)).level_id == "terms-only"
    assert current(sessions, KEY, as_of=change_day).level_id == "standard-dpa"
    with sessions() as session:
        then = load_comparison(session, catalogue, as_of=change_day - timedelta(days=1)).score(catalogue.profile("core"))
        before_seed = load_comparison(session, catalogue, as_of=datetime(2026, 1, 1, tzinfo=UTC))
    assert then.row("whatsapp-business-app").low == pytest.approx(31.0)
    assert all(not offer.facts for offer in before_seed.offers)


def test_seed_reload_never_overwrites_a_reviewed_fact(sessions, seed: Dataset) -> None:  # type: ignore[no-untyped-def]
    seeded(sessions, seed)
    with transaction(sessions) as session:
        queries.record_revision(session, reviewed_change(current(sessions, KEY)), author="anna", reason="r", recorded_at=datetime(2027, 1, 10, tzinfo=UTC))
    with transaction(sessions) as session:
        report = queries.load_seed(session, seed)

    assert report.kept_reviewed == ["whatsapp-business-app/*/processor-agreement"]
    assert current(sessions, KEY).level_id == "standard-dpa"


def test_a_crash_in_the_middle_of_a_write_leaves_the_database_as_it_was(sessions, seed: Dataset) -> None:  # type: ignore[no-untyped-def]
    seeded(sessions, seed)
    count = revision_count(sessions)

    change = reviewed_change(current(sessions, KEY))

    def interrupted_write() -> None:
        with transaction(sessions) as session:
            queries.record_revision(session, change, author="anna", reason="r")
            raise RuntimeError("power cut")

    with pytest.raises(RuntimeError, match="power cut"):
        interrupted_write()

    assert revision_count(sessions) == count
    assert current(sessions, KEY).level_id == "terms-only"


def test_database_refuses_a_verified_fact_without_evidence(sessions, seed: Dataset) -> None:  # type: ignore[no-untyped-def]
    seeded(sessions, seed)
    bare = replace(current(sessions, KEY), evidence=None, status=FactStatus.VERIFIED)

    with pytest.raises(Exception, match="verified_has_evidence"), transaction(sessions) as session:
        queries.record_revision(session, bare, author="anna", reason="r")
