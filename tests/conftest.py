"""Shared fixtures: real databases (SQLite file and the PostgreSQL server), the real catalogue and seed.

Database tests are parametrised over both backends. PostgreSQL gets a fresh database per test,
created on the server at 127.0.0.1:5432 and dropped afterwards, so tests never share state.
"""

from __future__ import annotations

import dataclasses
import os
import shutil
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from compare.app import create_app
from compare.dataset import Dataset, load_dataset
from compare.facts import Confidence, Evidence, Fact, FactStatus
from compare.i18n import compile_catalogues
from compare.store import queries
from compare.store.session import make_engine, make_session_factory, transaction
from compare.store.setup import seed_database, sessions_of, upgrade
from criteria.load import load_catalogue
from criteria.model import Catalogue

POSTGRES_URL = os.environ.get("MSGCOMPARE_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


@pytest.fixture(scope="session", autouse=True)
def compiled_translations() -> None:
    """Domain code translates outside any app, so the Dutch catalogue must be compiled first."""
    compile_catalogues()


@pytest.fixture(scope="session")
def catalogue() -> Catalogue:
    """The real criteria catalogue."""
    return load_catalogue()


@pytest.fixture(scope="session")
def seed(catalogue: Catalogue) -> Dataset:
    """The real seed data (17 products)."""
    return load_dataset(catalogue)


def fresh_postgres_database(template: str | None = None) -> Iterator[str]:
    """Create a database on the local server (empty, or a server-side copy of ``template``), yield its URL, drop it afterwards."""
    admin = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    name = f"msgcompare_test_{uuid.uuid4().hex[:12]}"
    copy = f' TEMPLATE "{template}"' if template else ""
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"{copy}'))
    try:
        yield make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database on each backend in turn."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'test.sqlite3'}"
    else:
        yield from fresh_postgres_database()


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    """An engine on a database migrated to the newest revision with the real migrations."""
    engine = make_engine(database_url)
    upgrade(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def sessions(engine: Engine) -> sessionmaker[Session]:
    """A session factory on the migrated database."""
    return make_session_factory(engine)


@pytest.fixture(scope="session")
def seeded_sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated and seeded SQLite file, built once and copied for each test that needs one."""
    path = tmp_path_factory.mktemp("template") / "seeded.sqlite3"
    seed_database(f"sqlite:///{path}")
    return path


@pytest.fixture
def app(tmp_path: Path, seeded_sqlite_template: Path) -> Iterator[Flask]:
    """An app on its own copy of the seeded SQLite database."""
    database = tmp_path / "app.sqlite3"
    shutil.copyfile(seeded_sqlite_template, database)
    app = create_app({"TESTING": True, "DATABASE_URL": f"sqlite:///{database}", "SECRET_KEY": "test-secret"})
    yield app
    app.extensions["msgcompare.engine"].dispose()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    """A test client for ``app``."""
    return app.test_client()


@pytest.fixture
def runner(app: Flask) -> FlaskCliRunner:
    """A CLI runner for ``app``."""
    return app.test_cli_runner()


RecordFact = Callable[..., Fact]


@pytest.fixture
def record_fact(app: Flask) -> RecordFact:
    """Append a revision to a seeded fact (as a reviewer would), with the changes given."""

    def record(
        product_id: str, criterion_id: str, *, recorded_at: datetime | None = None, **changes: Any
    ) -> Fact:
        with transaction(sessions_of(app)) as session:
            current = next(
                f
                for f in queries.current_facts(session)
                if f.product_id == product_id
                and f.criterion_id == criterion_id
                and f.edition_id is None
            )
            fact = dataclasses.replace(current, **changes)
            queries.record_revision(
                session,
                fact,
                author="reviewer",
                reason="test revision",
                recorded_at=recorded_at or datetime.now(UTC),
            )
        return fact

    return record


def evidence(
    quote: str, url: str = "https://example.org/terms", seen_on: date = date(2026, 11, 25)
) -> Evidence:
    """Evidence with a given quote."""
    return Evidence(quote=quote, source_url=url, seen_on=seen_on, source_type="vendor")


def verified(level: str, quote: str, url: str = "https://example.org/terms") -> dict[str, Any]:
    """The changes that make a fact verified at ``level`` with ``quote``."""
    return {
        "status": FactStatus.VERIFIED,
        "level_id": level,
        "evidence": evidence(quote, url),
        "confidence": Confidence.HIGH,
    }
