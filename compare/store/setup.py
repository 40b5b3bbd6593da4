"""Bind the store to a Flask app: one engine per app, one session per request."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from flask import Flask, g
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from compare.dataset import load_dataset
from compare.settings import PROJECT_ROOT
from compare.store import queries
from compare.store.session import make_engine, make_session_factory, transaction
from criteria.load import load_catalogue

MIGRATIONS = PROJECT_ROOT / "migrations"


def init_app(app: Flask) -> None:
    """Create the engine for ``DATABASE_URL`` and close each request's session afterwards."""
    url = app.config["DATABASE_URL"]
    if url.startswith("sqlite:///") and not url.startswith("sqlite:///:memory:"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    engine = make_engine(url)
    app.extensions["msgcompare.engine"] = engine
    app.extensions["msgcompare.sessions"] = make_session_factory(engine)

    @app.teardown_appcontext
    def _close_session(_exc: BaseException | None) -> None:
        session = g.pop("db_session", None)
        if session is not None:
            session.close()


def engine_of(app: Flask) -> Engine:
    """The app's engine."""
    engine: Engine = app.extensions["msgcompare.engine"]
    return engine


def sessions_of(app: Flask) -> sessionmaker[Session]:
    """The app's session factory, for work outside a request (CLI, refresh)."""
    factory: sessionmaker[Session] = app.extensions["msgcompare.sessions"]
    return factory


def request_session(app: Flask) -> Session:
    """The session of the current app context, created on first use."""
    if "db_session" not in g:
        g.db_session = sessions_of(app)()
    session: Session = g.db_session
    return session


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Run Alembic migrations on ``engine`` up to ``revision``."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def seed_database(url: str) -> None:
    """Migrate the database at ``url`` and load the seed data: for demos, benchmarks and tests.

    Raises:
        compare.dataset.DataError: a seed file is broken (nothing is written then).
    """
    engine = make_engine(url)
    try:
        upgrade(engine)
        with transaction(make_session_factory(engine)) as session:
            queries.load_seed(session, load_dataset(load_catalogue()))
    finally:
        engine.dispose()
