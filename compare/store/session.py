"""Engines and sessions, with SQLite made to behave like PostgreSQL where it matters to us."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

IMMEDIATE = "msgcompare_sqlite_immediate"


def make_engine(url: str, **options: Any) -> Engine:
    """An engine for ``url``; for SQLite, foreign keys on and real transactional DDL/SAVEPOINTs.

    pysqlite by default neither enforces foreign keys nor emits BEGIN itself, which breaks
    SAVEPOINT rollbacks and lets a crash leave half a write behind; the listeners fix both.
    """
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        options.setdefault("connect_args", {}).setdefault("timeout", 30)
        engine = create_engine(url, **options)

        @event.listens_for(engine, "connect")
        def _on_connect(dbapi_connection: Any, _record: Any) -> None:
            dbapi_connection.isolation_level = None
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.close()

        @event.listens_for(engine, "begin")
        def _on_begin(connection: Any) -> None:
            # IMMEDIATE takes the write lock at once (waiting up to the busy timeout), so two
            # processes deciding the same thing queue up instead of one failing with "locked".
            immediate = connection.get_execution_options().get(IMMEDIATE, False)
            connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

        return engine
    return create_engine(url, pool_pre_ping=True, **options)


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    """Sessions that keep loaded values after commit, since we map them to domain values anyway."""
    return sessionmaker(bind=engine, expire_on_commit=False)


@contextmanager
def transaction(factory: sessionmaker[Session], *, immediate: bool = False) -> Iterator[Session]:
    """One unit of work: commit on success, roll back everything on any exception.

    ``immediate`` is for a read-then-write decision that concurrent processes may race for: on
    SQLite it takes the write lock before the read (``BEGIN IMMEDIATE``), so the second process
    waits and then reads the first one's result; PostgreSQL's row locks already do this.
    """
    with factory() as session, session.begin():
        if immediate:
            session.connection(execution_options={IMMEDIATE: True})
        yield session


def rowcount(result: Any) -> int:
    """Rows an UPDATE or DELETE touched: how a conditional UPDATE tells whether it won a race."""
    return int(result.rowcount)
