"""The schema of an export document, checked in full before an import writes anything.

The row models are built from the table definitions (like the export itself), so a new column
is validated the day it is added: types are strict (a string is not a number), texts keep their
column's length limit, enums accept only their values, dates and times must parse, required
columns must be present and unknown ones are refused. References between rows (an edition's
product, a revision's predecessor) must point at rows in the same document, since an import
goes into an empty database.
"""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    StrictFloat,
    StrictInt,
    StrictStr,
    ValidationError,
    create_model,
)
from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    Enum,
    Float,
    Integer,
    LargeBinary,
    Numeric,
    String,
    Table,
)

from compare.store.base import Base, UtcDateTime


class SchemaError(ValueError):
    """The document does not match the schema; the message names the record and the field."""


def _aware_datetime(value: str) -> str:
    parsed = datetime.fromisoformat(value)
    if parsed.tzinfo is None:
        raise ValueError("a date and time needs its UTC offset, e.g. 2026-11-30T09:00:00+00:00")
    return value


def _date(value: str) -> str:
    date.fromisoformat(value)
    return value


def _hex(value: str) -> str:
    bytes.fromhex(value)
    return value


def _field_type(column: Column[Any]) -> Any:
    kind = column.type
    if isinstance(kind, UtcDateTime):
        return Annotated[StrictStr, AfterValidator(_aware_datetime)]
    if isinstance(kind, Date):
        return Annotated[StrictStr, AfterValidator(_date)]
    if isinstance(kind, Enum) and kind.enum_class is not None and issubclass(kind.enum_class, enum.Enum):
        return Literal[tuple(str(member.value) for member in kind.enum_class)]
    if isinstance(kind, Boolean):
        return StrictBool
    if isinstance(kind, Integer):
        return StrictInt
    if isinstance(kind, Float | Numeric):
        return StrictInt | StrictFloat
    if isinstance(kind, LargeBinary):
        return Annotated[StrictStr, AfterValidator(_hex)]
    if isinstance(kind, String):  # Text is a String
        return Annotated[StrictStr, Field(max_length=kind.length)] if kind.length else StrictStr
    if isinstance(kind, JSON):
        return Any
    return Any


def row_model(table: Table) -> type[BaseModel]:
    """A strict pydantic model of one row of ``table``."""
    fields: dict[str, Any] = {}
    for column in table.c:
        field_type = _field_type(column)
        optional = column.nullable or column.default is not None or column.server_default is not None
        fields[column.name] = (field_type | None, None) if optional else (field_type, ...)
    model: type[BaseModel] = create_model(
        f"{table.name}_row", __config__=ConfigDict(extra="forbid"), **fields
    )
    return model


def document_model(tables: tuple[str, ...], format_name: str, version: int) -> type[BaseModel]:
    """The whole export document: format, version and a list of rows per table."""
    fields: dict[str, Any] = {
        "format": (Literal[format_name], ...),
        "version": (Literal[version], ...),
    }
    for name in tables:
        row: Any = row_model(Base.metadata.tables[name])
        fields[name] = (list[row], [])
    model: type[BaseModel] = create_model("dataset", __config__=ConfigDict(extra="forbid"), **fields)
    return model


def _location(loc: tuple[int | str, ...]) -> str:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "the document"


def validate(document: Any, tables: tuple[str, ...], format_name: str, version: int) -> None:
    """Check the whole document, then every reference between its rows.

    Raises:
        SchemaError: one line naming the first bad record and field (and how many more there are).
    """
    try:
        document_model(tables, format_name, version).model_validate(document)
    except ValidationError as exc:
        errors = exc.errors()
        first = errors[0]
        more = f" (and {len(errors) - 1} more problems)" if len(errors) > 1 else ""
        value = f", got {first['input']!r}" if first["type"] not in {"missing", "extra_forbidden", "value_error"} and not isinstance(first["input"], dict | list) else ""
        raise SchemaError(f"{_location(tuple(first['loc']))}: {first['msg']}{value}{more}") from None
    _check_references(document, tables)


def _check_references(document: dict[str, Any], tables: tuple[str, ...]) -> None:
    for name in tables:
        table = Base.metadata.tables[name]
        for constraint in table.foreign_key_constraints:
            if len(constraint.columns) != 1 or constraint.referred_table.name not in tables:
                continue
            column = next(iter(constraint.columns))
            target = next(iter(constraint.elements)).column
            known = {row.get(target.name) for row in document.get(constraint.referred_table.name, [])}
            for index, row in enumerate(document.get(name, [])):
                value = row.get(column.name)
                if value is not None and value not in known:
                    raise SchemaError(
                        f"{name}[{index}].{column.name}: refers to {constraint.referred_table.name} {value!r}, which is not in the document"
                    )
