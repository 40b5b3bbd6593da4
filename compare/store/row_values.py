"""Evidence and bilingual text read back from any row that carries them.

Fact revisions, observations and practical facts store evidence in the same columns; one
reader keeps "complete evidence or none" the same rule for all three.
"""

from __future__ import annotations

from compare.facts import Evidence, Text
from compare.store.models import FactRevisionRow, ObservationRow, PracticalFactRow

EvidenceRow = FactRevisionRow | ObservationRow | PracticalFactRow


def evidence_of(row: EvidenceRow) -> Evidence | None:
    """The row's evidence, or None when the quote, its URL or the day it was read is missing."""
    if row.quote is None or row.source_url is None or row.seen_on is None:
        return None
    return Evidence(
        quote=row.quote,
        source_url=row.source_url,
        seen_on=row.seen_on,
        source_type=row.source_type or "unknown",
        source_date=row.source_date,
        seen_in=row.seen_in,
        checked_on=row.checked_on,
        checked=row.checked,
    )


def text_of(en: str | None, nl: str | None) -> Text | None:
    """A bilingual text, or None when the row has none (English is always written first)."""
    return Text(en=en, nl=nl) if en else None
