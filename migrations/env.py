"""Alembic environment: runs on a connection handed in by msgcompare, or on DATABASE_URL."""

from __future__ import annotations

from alembic import context

import compare.store.corrections
import compare.store.events
import compare.store.jobs
import compare.store.models
import compare.store.sources  # noqa: F401 - each registers its tables on the metadata
from compare.settings import database_url_from_environment
from compare.store.base import Base
from compare.store.session import make_engine

config = context.config
target_metadata = Base.metadata


def run_migrations() -> None:
    """Migrate on the given connection; batch mode lets SQLite alter tables by copying them."""
    connection = config.attributes.get("connection")
    if connection is not None:
        _migrate(connection)
        return
    engine = make_engine(config.get_main_option("sqlalchemy.url") or database_url_from_environment())
    with engine.connect() as fresh:
        _migrate(fresh)
    engine.dispose()


def _migrate(connection: object) -> None:
    context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


run_migrations()
