"""The API and the exports on both databases: revisions read "as of" a day the same way everywhere."""

from __future__ import annotations

import csv
import dataclasses
import io
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from flask import Flask
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from compare.app import create_app
from compare.dataset import Dataset
from compare.store import queries
from compare.store.session import transaction
from tests.api.conftest import verified

pytestmark = pytest.mark.postgres


@pytest.fixture
def backend_app(engine: Engine, sessions: sessionmaker[Session], seed: Dataset) -> Iterator[Flask]:
    """An app on the seeded database of each backend, with one later revision of a fact."""
    with transaction(sessions) as session:
        queries.load_seed(session, seed)
        current = next(
            f for f in queries.current_facts(session) if f.product_id == "signal" and f.criterion_id == "encryption"
        )
        changed = dataclasses.replace(current, **verified("transport-only", "Later text."))
        queries.record_revision(session, changed, author="reviewer", reason="test", recorded_at=datetime(2026, 12, 2, 9, tzinfo=UTC))
    app = create_app({"TESTING": True, "DATABASE_URL": engine.url.render_as_string(hide_password=False), "SECRET_KEY": "test"})
    yield app
    app.extensions["msgcompare.engine"].dispose()


@pytest.mark.parametrize(
    ("as_of", "level"), [("2026-12-01", "e2ee-default"), ("2026-12-02", "transport-only"), ("9999-12-31", "transport-only")]
)
def test_facts_and_scores_as_of_a_day(backend_app: Flask, as_of: str, level: str) -> None:
    client = backend_app.test_client()
    facts = client.get(f"/api/v1/facts?product=signal&criterion=encryption&as_of={as_of}").get_json()
    assert facts["facts"][0]["level"] == level
    scores = client.get(f"/api/v1/scores?profile=core&products=signal,whatsapp-business-app&as_of={as_of}").get_json()
    signal = next(r for r in scores["ranking"] if r["offer"] == "signal")
    assert next(c for c in signal["contributions"] if c["criterion"] == "encryption")["level"] == level
    text = client.get(f"/export/matrix.csv?products=signal&as_of={as_of}").get_data().decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert next(r for r in rows if r["criterion"] == "encryption")["level"] == level


def test_before_any_fact_everything_is_unknown(backend_app: Flask) -> None:
    facts = backend_app.test_client().get("/api/v1/facts?as_of=0001-01-01").get_json()
    assert facts["count"] == 0
    assert facts["data_date"] is None
