"""Lossless JSON export and import of the whole dataset, every revision included.

The document is built from the table definitions themselves, so a new column is exported the day
it is added; rows keep their ids so links between revisions (and to proposals) survive a move
between SQLite and PostgreSQL. Export → import into an empty database → export is the identity.
"""

from __future__ import annotations

import enum
import re
from datetime import date, datetime
from typing import Any

from sqlalchemy import Date, Enum, Integer, LargeBinary, Table, func, insert, select, text
from sqlalchemy.orm import Session

import compare.store.corrections
import compare.store.models
import compare.store.sources  # noqa: F401 - both register their tables on the metadata
from compare.store import transfer_schema
from compare.store.base import Base, UtcDateTime

FORMAT = "msgcompare-dataset"
VERSION = 1

# Parents before children, so foreign keys resolve during import. Saved profiles are included: a
# procurement file may link to one. Reviewer accounts are left out on purpose: credentials are not
# data, and a copied database must not carry anyone's login.
TABLES: tuple[str, ...] = (
    "product",
    "edition",
    "source_document",
    "snapshot",
    "document_version",
    "proposal",
    "fact_revision",
    "observation",
    "practical_fact",
    "custom_profile",
)


class TransferError(Exception):
    """An import that cannot proceed; the database is left exactly as it was."""


WEB_URL = re.compile(r"https?://[^\s\x00-\x1f\x7f]+", re.IGNORECASE)
"""The only links the data may hold: pages render them as ``href``, so ``javascript:`` must not pass."""


def is_link_column(name: str) -> bool:
    """Columns that hold a link shown to readers (``url``, ``source_url``, ``website``)."""
    return name in {"url", "website"} or name.endswith("_url")


def _check_value(where: str, column: str, value: Any) -> None:
    """Refuse what no page should ever show or the database cannot store.

    Raises:
        TransferError: a link that is not http(s), or text with a NUL character.
    """
    if not isinstance(value, str):
        return
    if "\x00" in value:
        raise TransferError(f"{where}.{column}: contains a NUL character")
    if is_link_column(column) and not WEB_URL.fullmatch(value):
        raise TransferError(f"{where}.{column}: only http(s) URLs are allowed, not {value[:60]!r}")


def _table(name: str) -> Table:
    return Base.metadata.tables[name]


def _to_json(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, bytes):
        return value.hex()
    return value


def _from_json(table: Table, column_name: str, value: Any) -> Any:
    if value is None:
        return None
    column_type = table.c[column_name].type
    if isinstance(column_type, UtcDateTime):
        return datetime.fromisoformat(value)
    if isinstance(column_type, Date):
        return date.fromisoformat(value)
    if isinstance(column_type, Enum) and column_type.enum_class is not None:
        return column_type.enum_class(value)
    if isinstance(column_type, LargeBinary):
        return bytes.fromhex(value)
    return value


def export_document(session: Session) -> dict[str, Any]:
    """The whole dataset as one JSON-ready document, rows ordered by primary key."""
    document: dict[str, Any] = {"format": FORMAT, "version": VERSION}
    for name in TABLES:
        table = _table(name)
        query = select(table).order_by(*table.primary_key.columns)
        document[name] = [
            {key: _to_json(value) for key, value in row.items()} for row in session.execute(query).mappings()
        ]
    return document


def import_document(session: Session, document: dict[str, Any]) -> dict[str, int]:
    """Load an exported document into an empty database; returns rows imported per table.

    Raises:
        TransferError: wrong format or version, unknown columns, or the database is not empty.
    """
    if not isinstance(document, dict) or document.get("format") != FORMAT or document.get("version") != VERSION:
        raise TransferError(f"not a {FORMAT} document of version {VERSION}")
    try:
        transfer_schema.validate(document, TABLES, FORMAT, VERSION)
    except transfer_schema.SchemaError as exc:
        raise TransferError(str(exc)) from None
    for name in TABLES:
        if session.scalar(select(func.count()).select_from(_table(name))):
            raise TransferError(f"table {name!r} is not empty; import needs an empty database")
    counts: dict[str, int] = {}
    for name in TABLES:
        table = _table(name)
        rows = document.get(name, [])
        if not isinstance(rows, list):
            raise TransferError(f"{name}: expected a list of rows")
        parsed = []
        for i, row in enumerate(rows):
            unknown = set(row) - set(table.c.keys())
            if unknown:
                raise TransferError(f"{name}[{i}]: unknown columns {sorted(unknown)}")
            for key, value in row.items():
                _check_value(f"{name}[{i}]", key, value)
            parsed.append({key: _from_json(table, key, value) for key, value in row.items()})
        if parsed:
            session.execute(insert(table), parsed)
        counts[name] = len(parsed)
    _reset_sequences(session)
    return counts


def _reset_sequences(session: Session) -> None:
    """PostgreSQL sequences do not see explicit ids; move them past the imported rows."""
    if session.get_bind().dialect.name != "postgresql":
        return
    for name in TABLES:
        table = _table(name)
        for column in table.primary_key.columns:
            if isinstance(column.type, Integer) and column.autoincrement in (True, "auto") and len(table.primary_key.columns) == 1:
                session.execute(
                    text(
                        f"SELECT setval(pg_get_serial_sequence('{name}', '{column.name}'), "  # noqa: S608 - names come from our metadata
                        f"COALESCE((SELECT MAX({column.name}) FROM {name}), 0) + 1, false)"
                    )
                )
