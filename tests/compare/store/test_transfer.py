"""The lossless JSON export: export → import into an empty database → export is the same document."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session, sessionmaker

from compare.dataset import Dataset
from compare.store import queries, transfer
from compare.store.models import FactRevisionRow
from compare.store.session import make_engine, make_session_factory, transaction
from compare.store.setup import seed_database, upgrade


def test_round_trip_is_lossless_across_backends(sessions: sessionmaker[Session], seed: Dataset, tmp_path, engine: Engine) -> None:  # type: ignore[no-untyped-def]
    with transaction(sessions) as session:
        queries.load_seed(session, seed)
        fact = next(f for f in queries.current_facts(session) if f.key == ("signal", None, "encryption"))
        queries.record_revision(session, fact, author="anna", reason="re-checked", recorded_at=datetime(2027, 2, 1, tzinfo=UTC))
    with sessions() as session:
        exported = transfer.export_document(session)

    # Import into an empty SQLite database, whatever the source backend was.
    target = make_engine(f"sqlite:///{tmp_path / 'target.sqlite3'}")
    upgrade(target)
    target_sessions = make_session_factory(target)
    with transaction(target_sessions) as session:
        counts = transfer.import_document(session, json.loads(json.dumps(exported)))
    with target_sessions() as session:
        again = transfer.export_document(session)
    target.dispose()

    assert counts["fact_revision"] == len(seed.facts) + 1
    assert again == exported
    revision = next(r for r in exported["fact_revision"] if r["author"] == "anna")
    assert revision["previous_id"] is not None


def seeded_export(folder: Path) -> dict[str, Any]:
    """The export of a freshly seeded SQLite database in ``folder``."""
    url = f"sqlite:///{folder / 'source.sqlite3'}"
    seed_database(url)
    source = make_engine(url)
    with make_session_factory(source)() as session:
        exported = transfer.export_document(session)
    source.dispose()
    return exported


def test_import_into_this_backend_then_new_revisions_get_fresh_ids(sessions: sessionmaker[Session], seed: Dataset, tmp_path) -> None:  # type: ignore[no-untyped-def]
    exported = seeded_export(tmp_path)

    with transaction(sessions) as session:
        transfer.import_document(session, exported)
    with transaction(sessions) as session:
        fact = next(f for f in queries.current_facts(session) if f.key == ("signal", None, "encryption"))
        row = queries.record_revision(session, fact, author="anna", reason="after import")
    with sessions() as session:
        assert transfer.export_document(session)["fact_revision"][:-1] == exported["fact_revision"]
    assert row.id == max(r["id"] for r in exported["fact_revision"]) + 1


def test_import_refuses_a_non_empty_database_and_writes_nothing(sessions: sessionmaker[Session], seed: Dataset) -> None:
    with transaction(sessions) as session:
        queries.load_seed(session, seed)
    with sessions() as session:
        exported = transfer.export_document(session)

    with pytest.raises(transfer.TransferError, match="not empty"), transaction(sessions) as session:
        transfer.import_document(session, exported)

    with sessions() as session:
        assert session.scalar(select(func.count()).select_from(FactRevisionRow)) == len(seed.facts)


def test_import_of_a_broken_document_rolls_back_every_table(sessions: sessionmaker[Session], seed: Dataset, tmp_path) -> None:  # type: ignore[no-untyped-def]
    exported = seeded_export(tmp_path)
    exported["observation"][3]["mood"] = "sunny"

    with pytest.raises(transfer.TransferError, match=r"observation\[3\]\.mood: Extra inputs are not permitted"), transaction(sessions) as session:
        transfer.import_document(session, exported)

    with sessions() as session:
        assert queries.products(session) == ()


def test_wrong_format_is_refused(sessions: sessionmaker[Session]) -> None:
    with pytest.raises(transfer.TransferError, match="not a msgcompare-dataset"), sessions() as session:
        transfer.import_document(session, {"format": "something-else", "version": 1})
