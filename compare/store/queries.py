"""The one data mapper: rows in, domain values out, and the only way facts get written.

Writes go through ``record_revision``, which only ever inserts. Reads resolve the revision in
force at a moment, so a report made on one day can be rebuilt unchanged a year later.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session, selectinload

from compare.dataset import Dataset
from compare.facts import Edition, Fact, HistoryEvent, Observation, Product, Text
from compare.store import practical_store
from compare.store.models import (
    EditionRow,
    FactRevisionRow,
    ObservationRow,
    PracticalFactRow,
    ProductRow,
)
from compare.store.row_values import evidence_of, text_of
from compare.store.sources import ProposalRow, ProposalStatus

SEED_AUTHOR = "seed"


def to_product(row: ProductRow) -> Product:
    """Map a product row (with editions loaded) to the domain value."""
    return Product(
        id=row.id,
        name=row.name,
        full_name=row.full_name,
        vendor_company=row.vendor_company,
        jurisdiction=row.jurisdiction,
        jurisdiction_note=row.jurisdiction_note,
        website=row.website,
        category=row.category,
        editions=tuple(Edition(id=e.id, name=Text(e.name_en, e.name_nl), hosting=e.hosting) for e in row.editions),
        domains=tuple(row.domains or ()),
    )


def _history(items: list[dict[str, str]] | None) -> tuple[HistoryEvent, ...]:
    return tuple(HistoryEvent(date=item["date"], text=item["text"]) for item in items or [])


def to_fact(row: FactRevisionRow) -> Fact:
    """Map one revision row to a Fact value carrying its revision metadata."""
    return Fact(
        product_id=row.product_id,
        edition_id=row.edition_id,
        criterion_id=row.criterion_id,
        status=row.status,
        level_id=row.level_id,
        confidence=row.confidence,
        explanation=text_of(row.explanation_en, row.explanation_nl),
        evidence=evidence_of(row),
        research_value=row.research_value,
        history=_history(row.history),
        recorded_at=row.recorded_at,
        author=row.author,
        reason=row.reason,
        revision_id=row.id,
        previous_revision_id=row.previous_id,
        proposal_id=row.proposal_id,
        snapshot_id=row.snapshot_id,
    )


def to_observation(row: ObservationRow) -> Observation:
    """Map an observation row to its domain value."""
    return Observation(
        product_id=row.product_id,
        topic=row.topic,
        value=row.value,
        confidence=row.confidence,
        criterion_id=row.criterion_id,
        explanation=text_of(row.explanation_en, row.explanation_nl),
        evidence=evidence_of(row),
        history=_history(row.history),
    )


def products(session: Session) -> tuple[Product, ...]:
    """Every product with its editions, by name."""
    rows = session.scalars(select(ProductRow).options(selectinload(ProductRow.editions)).order_by(ProductRow.name))
    return tuple(to_product(row) for row in rows)


def data_version(session: Session) -> str:
    """A fingerprint of everything a comparison is built from (products, editions, facts, practical facts).

    Fact revisions are append-only, so their count and newest id change with every new fact;
    practical-fact revisions are appended or closed, so their count, newest id and the number and
    newest moment of closed ones do. Product and edition rows are few and hashed whole. Caches of
    rankings and Monte Carlo runs are keyed on it, so a reviewed fact shows up on the next request,
    in every process; it runs on every request, so it reads aggregates rather than rows where it can.
    """
    facts = session.execute(select(func.count(FactRevisionRow.id), func.max(FactRevisionRow.id))).one()
    practical = session.execute(
        select(
            func.count(PracticalFactRow.id),
            func.max(PracticalFactRow.id),
            func.count(PracticalFactRow.superseded_at),
            func.max(PracticalFactRow.superseded_at),
        )
    ).one()
    product_rows = session.execute(select(ProductRow.__table__).order_by(ProductRow.id)).all()
    edition_rows = session.execute(select(EditionRow.__table__).order_by(EditionRow.product_id, EditionRow.id)).all()
    # Open proposals change what the pages show ("under review"), so they are part of the version.
    pending = session.scalars(select(ProposalRow.id).where(ProposalRow.status == ProposalStatus.PENDING).order_by(ProposalRow.id)).all()
    text = repr((tuple(facts), tuple(practical), [tuple(r) for r in product_rows], [tuple(r) for r in edition_rows], list(pending)))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def facts_under_review(session: Session) -> set[tuple[str, str | None, str]]:
    """(product, edition or None, criterion) of every open proposal: those facts are "under review"."""
    rows = session.execute(
        select(ProposalRow.product_id, ProposalRow.edition_id, ProposalRow.criterion_id).where(
            ProposalRow.status == ProposalStatus.PENDING
        )
    )
    return {(p, e, c) for p, e, c in rows}


def revisions(session: Session, as_of: datetime | None = None) -> list[FactRevisionRow]:
    """All revisions recorded by ``as_of`` (all when None), oldest first."""
    query = select(FactRevisionRow).order_by(FactRevisionRow.recorded_at, FactRevisionRow.id)
    if as_of is not None:
        query = query.where(FactRevisionRow.recorded_at <= as_of)
    return list(session.scalars(query))


def first_recorded(session: Session) -> datetime | None:
    """When the oldest fact revision was recorded (None in an empty database)."""
    value: datetime | None = session.scalar(select(func.min(FactRevisionRow.recorded_at)))
    if value is not None and value.tzinfo is None:  # min() bypasses the column type on some backends
        value = value.replace(tzinfo=UTC)
    return value


def current_facts(session: Session, as_of: datetime | None = None) -> tuple[Fact, ...]:
    """The revision in force for every fact key at ``as_of`` (now when None)."""
    latest: dict[tuple[str, str | None, str], FactRevisionRow] = {}
    for row in revisions(session, as_of):
        latest[(row.product_id, row.edition_id, row.criterion_id)] = row
    return tuple(to_fact(row) for row in latest.values())


def fact_history(session: Session, product_id: str, edition_id: str | None, criterion_id: str) -> tuple[Fact, ...]:
    """Every revision of one fact, oldest first: the timeline on the product page."""
    query = (
        select(FactRevisionRow)
        .where(
            FactRevisionRow.product_id == product_id,
            FactRevisionRow.criterion_id == criterion_id,
            FactRevisionRow.edition_id.is_(None) if edition_id is None else FactRevisionRow.edition_id == edition_id,
        )
        .order_by(FactRevisionRow.recorded_at, FactRevisionRow.id)
    )
    return tuple(to_fact(row) for row in session.scalars(query))


def observations(session: Session, product_id: str | None = None) -> tuple[Observation, ...]:
    """Observations, optionally of one product, in file order."""
    query = select(ObservationRow).order_by(ObservationRow.product_id, ObservationRow.position)
    if product_id is not None:
        query = query.where(ObservationRow.product_id == product_id)
    return tuple(to_observation(row) for row in session.scalars(query))


def latest_revision_row(session: Session, fact: Fact) -> FactRevisionRow | None:
    """The newest revision for ``fact``'s key, or None if the fact has never been recorded."""
    product_id, edition_id, criterion_id = fact.key
    query = (
        select(FactRevisionRow)
        .where(
            FactRevisionRow.product_id == product_id,
            FactRevisionRow.criterion_id == criterion_id,
            FactRevisionRow.edition_id.is_(None) if edition_id is None else FactRevisionRow.edition_id == edition_id,
        )
        .order_by(FactRevisionRow.recorded_at.desc(), FactRevisionRow.id.desc())
        .limit(1)
    )
    return session.scalars(query).first()


def record_revision(session: Session, fact: Fact, *, author: str, reason: str, recorded_at: datetime | None = None) -> FactRevisionRow:
    """Append a revision of ``fact`` on top of the newest one for its key; never edits a row."""
    previous = latest_revision_row(session, fact)
    row = FactRevisionRow(
        product_id=fact.product_id,
        edition_id=fact.edition_id,
        criterion_id=fact.criterion_id,
        status=fact.status,
        level_id=fact.level_id,
        confidence=fact.confidence,
        explanation_en=fact.explanation.en if fact.explanation else None,
        explanation_nl=fact.explanation.nl if fact.explanation else None,
        quote=fact.evidence.quote if fact.evidence else None,
        source_url=fact.evidence.source_url if fact.evidence else None,
        source_date=fact.evidence.source_date if fact.evidence else None,
        seen_on=fact.evidence.seen_on if fact.evidence else None,
        source_type=fact.evidence.source_type if fact.evidence else None,
        seen_in=fact.evidence.seen_in if fact.evidence else None,
        checked_on=fact.evidence.checked_on if fact.evidence else None,
        checked=fact.evidence.checked if fact.evidence else None,
        research_value=fact.research_value,
        history=[{"date": h.date, "text": h.text} for h in fact.history],
        recorded_at=recorded_at or fact.recorded_at or datetime.now(UTC),
        author=author,
        reason=reason,
        previous_id=previous.id if previous else None,
        proposal_id=fact.proposal_id,
        snapshot_id=fact.snapshot_id,
    )
    session.add(row)
    session.flush()
    return row


def same_content(a: Fact, b: Fact) -> bool:
    """Whether two facts say the same thing, ignoring who recorded them and when."""
    return (a.status, a.level_id, a.confidence, a.explanation, a.evidence, a.research_value, a.history) == (
        b.status,
        b.level_id,
        b.confidence,
        b.explanation,
        b.evidence,
        b.research_value,
        b.history,
    )


def save_product(session: Session, product: Product) -> None:
    """Insert or update a product's descriptive data and editions (not its facts)."""
    row = session.get(ProductRow, product.id, options=[selectinload(ProductRow.editions)])
    if row is None:
        row = ProductRow(id=product.id)
        session.add(row)
    row.name, row.full_name, row.vendor_company = product.name, product.full_name, product.vendor_company
    row.jurisdiction, row.jurisdiction_note = product.jurisdiction, product.jurisdiction_note
    row.website, row.category = product.website, product.category
    row.domains = list(product.domains)
    row.editions = [
        EditionRow(id=e.id, position=i, name_en=e.name.en, name_nl=e.name.nl, hosting=e.hosting)
        for i, e in enumerate(product.editions)
    ]
    session.flush()


def replace_observations(session: Session, product_id: str, items: tuple[Observation, ...]) -> None:
    """Observations are descriptive and not revisioned; the data file is their source of truth."""
    session.execute(delete(ObservationRow).where(ObservationRow.product_id == product_id))
    for position, item in enumerate(items):
        session.add(
            ObservationRow(
                product_id=product_id,
                position=position,
                topic=item.topic,
                criterion_id=item.criterion_id,
                value=item.value,
                confidence=item.confidence,
                explanation_en=item.explanation.en if item.explanation else None,
                explanation_nl=item.explanation.nl if item.explanation else None,
                quote=item.evidence.quote if item.evidence else None,
                source_url=item.evidence.source_url if item.evidence else None,
                source_date=item.evidence.source_date if item.evidence else None,
                seen_on=item.evidence.seen_on if item.evidence else None,
                source_type=item.evidence.source_type if item.evidence else None,
                seen_in=item.evidence.seen_in if item.evidence else None,
                checked_on=item.evidence.checked_on if item.evidence else None,
                checked=item.evidence.checked if item.evidence else None,
                history=[{"date": h.date, "text": h.text} for h in item.history],
            )
        )
    session.flush()


@dataclass
class SeedReport:
    """What ``load_seed`` did, for the CLI to print."""

    products: int = 0
    added: int = 0
    unchanged: int = 0
    kept_reviewed: list[str] = field(default_factory=list)
    """Facts whose newest revision came from a reviewer: the seed never overrides a person."""


def load_seed(session: Session, dataset: Dataset) -> SeedReport:
    """Bring the store up to the seed files without ever overwriting a reviewed fact.

    A seed fact becomes a new revision only when its key has no revision yet, or the newest one
    also came from the seed and says something else (the data file was corrected).
    """
    report = SeedReport()
    for product in dataset.products:
        save_product(session, product)
        report.products += 1
    for fact in dataset.facts:
        previous = latest_revision_row(session, fact)
        if previous is not None and previous.author != SEED_AUTHOR:
            report.kept_reviewed.append("/".join(p or "*" for p in fact.key))
            continue
        if previous is not None and same_content(to_fact(previous), fact):
            report.unchanged += 1
            continue
        record_revision(
            session,
            fact,
            author=SEED_AUTHOR,
            reason=fact.reason,
            recorded_at=fact.recorded_at if previous is None else datetime.now(UTC),
        )
        report.added += 1
    by_product: dict[str, list[Observation]] = {}
    for observation in dataset.observations:
        by_product.setdefault(observation.product_id, []).append(observation)
    for product in dataset.products:
        replace_observations(session, product.id, tuple(by_product.get(product.id, [])))
        practical_store.revise_practical(session, product.id, tuple(p for p in dataset.practical if p.product_id == product.id))
    return report
