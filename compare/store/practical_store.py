"""Practical facts in the store, as revisions: read them as of a date, revise them from a load.

A load compares each product's facts with the rows in force and touches only what changed: an
unchanged fact keeps its row (and the date it was first recorded), a changed or removed one is
closed, a new or changed one gets a row of its own. So a ranking that requires guest access,
pinned to a date in a procurement file, is rebuilt from the practical facts of that date.
"""

from __future__ import annotations

from collections.abc import Hashable
from datetime import UTC, datetime, time
from json import dumps

from sqlalchemy import ColumnElement, and_, or_, select
from sqlalchemy.orm import Session

from compare.practical import PracticalFact, parse_value
from compare.store.models import PracticalFactRow
from compare.store.row_values import evidence_of, text_of


def to_practical(row: PracticalFactRow) -> PracticalFact:
    """Map a practical-fact row to its domain value (the value re-validated for its topic)."""
    return PracticalFact(
        product_id=row.product_id,
        topic=row.topic,
        status=row.status,
        value=parse_value(row.topic, row.value) if row.value is not None else None,
        edition_id=row.edition_id,
        evidence=evidence_of(row),
        explanation=text_of(row.explanation_en, row.explanation_nl),
    )


def in_force(as_of: datetime | None) -> ColumnElement[bool]:
    """The condition selecting the rows in force at ``as_of`` (the current ones when None)."""
    if as_of is None:
        return PracticalFactRow.superseded_at.is_(None)
    return and_(
        PracticalFactRow.recorded_at <= as_of,
        or_(PracticalFactRow.superseded_at.is_(None), PracticalFactRow.superseded_at > as_of),
    )


def practical_facts(session: Session, product_id: str | None = None, as_of: datetime | None = None) -> tuple[PracticalFact, ...]:
    """The practical facts in force at ``as_of`` (now when None), optionally of one product, in file order."""
    query = select(PracticalFactRow).where(in_force(as_of)).order_by(PracticalFactRow.product_id, PracticalFactRow.position)
    if product_id is not None:
        query = query.where(PracticalFactRow.product_id == product_id)
    return tuple(to_practical(row) for row in session.scalars(query))


def _content(fact: PracticalFact) -> Hashable:
    """What makes two facts the same revision: everything the data file states about it."""
    return dumps([fact.edition_id, fact.topic, fact.status, fact.value_json(), fact.explanation, fact.evidence], default=repr, sort_keys=True)


def _first_recorded(fact: PracticalFact, now: datetime) -> datetime:
    """When a fact seen for the first time counts from: the day its quote was read, or now."""
    if fact.evidence is None:
        return now
    return min(now, datetime.combine(fact.evidence.seen_on, time.min, tzinfo=UTC))


def revise_practical(session: Session, product_id: str, items: tuple[PracticalFact, ...], now: datetime | None = None) -> None:
    """Make ``items`` the product's practical facts in force, keeping what they replace as history."""
    now = now or datetime.now(UTC)
    stored = list(session.scalars(select(PracticalFactRow).where(PracticalFactRow.product_id == product_id)))
    known = {(row.edition_id, row.topic) for row in stored}
    current = [row for row in stored if row.superseded_at is None]
    kept: dict[Hashable, list[PracticalFactRow]] = {}
    for row in current:
        kept.setdefault(_content(to_practical(row)), []).append(row)
    for position, item in enumerate(items):
        same = kept.get(_content(item))
        if same:
            same.pop(0).position = position  # unchanged: keeps its row and its first date
            continue
        recorded = now if (item.edition_id, item.topic) in known else _first_recorded(item, now)
        session.add(_row(product_id, position, item, recorded))
    for rows in kept.values():
        for row in rows:
            row.superseded_at = now
    session.flush()


def _row(product_id: str, position: int, item: PracticalFact, recorded_at: datetime) -> PracticalFactRow:
    evidence = item.evidence
    return PracticalFactRow(
        product_id=product_id,
        position=position,
        edition_id=item.edition_id,
        topic=item.topic,
        status=item.status,
        value=item.value_json(),
        explanation_en=item.explanation.en if item.explanation else None,
        explanation_nl=item.explanation.nl if item.explanation else None,
        quote=evidence.quote if evidence else None,
        source_url=evidence.source_url if evidence else None,
        source_date=evidence.source_date if evidence else None,
        seen_on=evidence.seen_on if evidence else None,
        source_type=evidence.source_type if evidence else None,
        seen_in=evidence.seen_in if evidence else None,
        checked_on=evidence.checked_on if evidence else None,
        checked=evidence.checked if evidence else None,
        recorded_at=recorded_at,
    )
