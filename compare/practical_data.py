"""Read the ``practical:`` list of a product file (price, platforms, guest access…) into domain values.

Each topic has its own value shape; a value that does not fit is refused with the file and the
key named (``practical[2].value.currency``), like every other data error, and nothing is loaded.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError

from compare.facts import Evidence, FactStatus, Text
from compare.practical import REPEATABLE, PracticalFact, PracticalTopic, PracticalValue, parse_value
from criteria.load import CatalogueError, dotted


class PracticalRecord(BaseModel):
    """One entry of ``practical:`` before its value is checked against the topic."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    topic: PracticalTopic
    edition: str | None = None
    status: FactStatus
    value: dict[str, Any] | None = None
    # Typed as Any here and validated by the caller's evidence model, so both share one rule set.
    evidence: Any = None
    explanation: Any = None


def build_practical(
    records: Sequence[PracticalRecord],
    product_id: str,
    edition_ids: set[str],
    path: Path,
    to_evidence: Callable[[Any, str], Evidence | None],
    to_text: Callable[[Any, str], Text | None],
) -> tuple[PracticalFact, ...]:
    """Check every entry and turn it into a PracticalFact.

    Raises:
        CatalogueError: naming the file and the entry's key (topic value, status rules, duplicates).
    """
    facts: list[PracticalFact] = []
    single: set[tuple[PracticalTopic, str | None]] = set()
    for i, record in enumerate(records):
        key = f"practical[{i}]"
        if record.edition is not None and record.edition not in edition_ids:
            raise CatalogueError(path, f"{key}.edition", f"product has no edition {record.edition!r}")
        value: PracticalValue | None = None
        if record.value is not None:
            try:
                value = parse_value(record.topic, record.value)
            except ValidationError as exc:
                error = exc.errors()[0]
                raise CatalogueError(path, dotted([key, "value", *error["loc"]]), error["msg"]) from exc
        evidence = to_evidence(record.evidence, f"{key}.evidence")
        if record.status is FactStatus.VERIFIED and (value is None or evidence is None):
            raise CatalogueError(path, key, "a verified practical fact needs a value and evidence (quote, source_url, seen_on)")
        if record.status is FactStatus.UNKNOWN and value is not None:
            raise CatalogueError(path, f"{key}.value", "an unknown practical fact cannot have a value; mark it unverified instead")
        if record.topic not in REPEATABLE:
            if (record.topic, record.edition) in single:
                raise CatalogueError(path, key, f"second {record.topic.value} fact for edition {record.edition}")
            single.add((record.topic, record.edition))
        facts.append(
            PracticalFact(
                product_id=product_id,
                topic=record.topic,
                status=record.status,
                value=value,
                edition_id=record.edition,
                evidence=evidence,
                explanation=to_text(record.explanation, f"{key}.explanation"),
            )
        )
    return tuple(facts)
