"""The open-data page: licence, downloads, schema, and the change log in the reader's language.

Also the CSV of facts: one row per fact in force (product, edition, criterion), with its level,
quote, source and dates, so a reader can check or reuse the dataset in a spreadsheet.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import Any

from compare.changelog import DocumentChange, FactChange, Page
from compare.facts import Fact, Product
from compare.i18n import translator
from compare.presenters.evidence import date_text, status_label
from compare.presenters.spreadsheet_text import neutralise
from criteria.model import Catalogue

CSV_COLUMNS = (
    "product",
    "edition",
    "criterion",
    "status",
    "level",
    "confidence",
    "quote",
    "source_url",
    "source_date",
    "seen_on",
    "source_type",
    "checked_on",
    "checked",
    "recorded_at",
    "author",
)


def facts_csv(facts: Iterable[Fact]) -> str:
    """The facts in force as CSV (UTF-8 text, header first), ordered by product, edition, criterion.

    Quotes are vendor text and authors are typed names, so every field is neutralised: a
    spreadsheet opening the download must never run a cell as a formula.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for fact in sorted(facts, key=lambda f: (f.product_id, f.edition_id or "", f.criterion_id)):
        evidence = fact.evidence
        writer.writerow(
            neutralise(value)
            for value in (
                fact.product_id,
                fact.edition_id or "",
                fact.criterion_id,
                fact.status.value,
                fact.level_id or "",
                fact.confidence.value,
                evidence.quote if evidence else "",
                evidence.source_url if evidence else "",
                (evidence.source_date or "") if evidence else "",
                evidence.seen_on.isoformat() if evidence else "",
                evidence.source_type if evidence else "",
                evidence.checked_on.isoformat() if evidence and evidence.checked_on else "",
                (evidence.checked or "") if evidence else "",
                fact.recorded_at.isoformat() if fact.recorded_at else "",
                fact.author,
            )
        )
    return buffer.getvalue()


def _level_label(catalogue: Catalogue, criterion_id: str, level_id: str | None, language: str) -> str | None:
    if level_id is None:
        return None
    try:
        return catalogue.criterion(criterion_id).level(level_id).label.get(language)
    except KeyError:
        return level_id


def _criterion_title(catalogue: Catalogue, criterion_id: str, language: str) -> str:
    try:
        return catalogue.criterion(criterion_id).title.get(language)
    except KeyError:
        return criterion_id


def change_document(change: FactChange, catalogue: Catalogue, names: dict[str, str], language: str) -> dict[str, Any]:
    """One accepted change: when, which fact, old → new level and status, and why."""
    day = change.recorded_at.date().isoformat()
    return {
        "revision": change.revision_id,
        "recorded_at": change.recorded_at.isoformat(timespec="seconds"),
        "date": day,
        "date_text": date_text(day, language),
        "product": change.product_id,
        "product_name": names.get(change.product_id, change.product_id),
        "edition": change.edition_id,
        "criterion": change.criterion_id,
        "criterion_title": _criterion_title(catalogue, change.criterion_id, language),
        "old_level": change.old_level,
        "old_level_label": _level_label(catalogue, change.criterion_id, change.old_level, language),
        "old_status": change.old_status.value if change.old_status else None,
        "old_status_label": status_label(change.old_status, language) if change.old_status else None,
        "new_level": change.new_level,
        "new_level_label": _level_label(catalogue, change.criterion_id, change.new_level, language),
        "new_status": change.new_status.value,
        "new_status_label": status_label(change.new_status, language),
        "reason": change.reason,
        "author": change.author,
        "source_url": change.source_url,
    }


def document_change_document(change: DocumentChange, catalogue: Catalogue, names: dict[str, str], language: str) -> dict[str, Any]:
    """A vendor document change under review: which fact it may move, and to what."""
    day = change.created_at.date().isoformat()
    return {
        "proposal": change.proposal_id,
        "created_at": change.created_at.isoformat(timespec="seconds"),
        "date": day,
        "date_text": date_text(day, language),
        "product": change.product_id,
        "product_name": names.get(change.product_id, change.product_id),
        "edition": change.edition_id,
        "criterion": change.criterion_id,
        "criterion_title": _criterion_title(catalogue, change.criterion_id, language),
        "current_level_label": _level_label(catalogue, change.criterion_id, change.current_level, language),
        "proposed_level_label": _level_label(catalogue, change.criterion_id, change.proposed_level, language),
        "source_url": change.source_url,
    }


def open_data_document(
    changes: Sequence[FactChange],
    page: Page,
    catalogue: Catalogue,
    products: Sequence[Product],
    counts: dict[str, int],
    language: str,
) -> dict[str, Any]:
    """The /data page: counts, the table names of the JSON download, and one page of the change log."""
    _ = translator(language).gettext
    names = {p.id: p.name for p in products}
    shown = changes[page.start : page.start + page.size]
    return {
        "language": language,
        "licence": {"id": "CC-BY-4.0", "url": "https://creativecommons.org/licenses/by/4.0/", "title": _("Creative Commons Attribution 4.0")},
        "counts": counts,
        "changes": [change_document(c, catalogue, names, language) for c in shown],
        "page": {"number": page.number, "count": page.count, "size": page.size, "total": page.total},
        "csv_columns": list(CSV_COLUMNS),
    }
