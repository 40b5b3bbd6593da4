"""One clear line for an operational failure: what failed and how to fix it, never a traceback.

Used by the CLI (``compare.cli.main``), ``/healthz`` and the web tier's 503 page. Operational
failures are the ones an operator fixes outside the code: a database that is down, not migrated
or read-only, a URL that is not one, a queue that cannot be reached, a file that cannot be written.
"""

from __future__ import annotations

import re

from sqlalchemy.engine import make_url
from sqlalchemy.exc import (
    ArgumentError,
    DBAPIError,
    NoSuchModuleError,
    OperationalError,
    ProgrammingError,
)

NOT_MIGRATED = re.compile(r"no such table|relation \"?[\w.]+\"? does not exist|no such column|column \"?[\w.]+\"? does not exist", re.I)
REFUSED = re.compile(r"connection refused|could not connect|connection (?:to server|failed)|timeout expired|name or service not known|could not translate host name", re.I)


def where(database_url: str) -> str:
    """The database as an operator names it: ``postgresql at host:port/db`` or the SQLite file."""
    try:
        url = make_url(database_url)
    except ArgumentError:
        return "the database"
    if url.get_backend_name() == "sqlite":
        return f"the SQLite database {url.database or ':memory:'}"
    return f"{url.get_backend_name()} at {url.host or 'localhost'}:{url.port or 5432}/{url.database or ''}"


def describe_database_error(exc: BaseException, database_url: str) -> str | None:
    """A one-line explanation of a database failure, or None if it is not operational."""
    text = str(getattr(exc, "orig", None) or exc)
    first = text.strip().splitlines()[0] if text.strip() else type(exc).__name__
    if isinstance(exc, ArgumentError):
        return f"DATABASE_URL is not a database URL ({first}); expected e.g. postgresql+psycopg://user@host:5432/db or sqlite:///path"
    if isinstance(exc, NoSuchModuleError):
        return f"DATABASE_URL names a database driver that is not installed: {first}"
    if isinstance(exc, OperationalError | ProgrammingError) and NOT_MIGRATED.search(text):
        return f"{where(database_url)} is not migrated ({first}): run `msgcompare db upgrade`"
    if isinstance(exc, OperationalError) and "readonly" in text.replace("-", "").replace(" ", "").lower():
        return f"{where(database_url)} is read-only: {first}; give the service write access to the file and its folder"
    if isinstance(exc, OperationalError) and "unable to open database file" in text:
        return f"cannot open {where(database_url)}: the folder does not exist or is not writable"
    if isinstance(exc, OperationalError) and REFUSED.search(text):
        return f"cannot connect to {where(database_url)}: {first}"
    if isinstance(exc, DBAPIError) and exc.connection_invalidated:
        return f"lost the connection to {where(database_url)}: {first}"
    if isinstance(exc, OperationalError):
        return f"{where(database_url)} failed: {first}"
    return None


def describe(exc: BaseException, database_url: str, queue_url: str | None = None) -> str | None:
    """A one-line explanation of any operational failure, or None for a bug (which keeps its traceback)."""
    message = describe_database_error(exc, database_url)
    if message is not None:
        return message
    from compare.jobs.queue import QueueUrlError
    from compare.jobs.schedule import ScheduleError

    if isinstance(exc, QueueUrlError | ScheduleError):
        return str(exc)
    try:
        import redis.exceptions
    except ImportError:  # pragma: no cover - redis is a dependency
        redis = None  # type: ignore[assignment]
    if redis is not None and isinstance(exc, redis.exceptions.ConnectionError):
        return f"cannot connect to the queue at {queue_url or 'MSGCOMPARE_QUEUE_URL'}: {exc}"
    if isinstance(exc, PermissionError):
        return f"cannot write {exc.filename or 'a file'}: permission denied"
    if isinstance(exc, OSError) and exc.errno is not None and exc.filename:
        return f"{exc.filename}: {exc.strerror}"
    return None
