"""Read the seed vendor data (``data/products/*.yaml``) into domain values, checked against the criteria.

The files are reviewed like code. A broken one stops the load with the file and key named, and
nothing is written: a half-loaded dataset would rank products on facts that silently went missing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from compare.facts import (
    Category,
    Confidence,
    Edition,
    Evidence,
    Fact,
    FactStatus,
    HistoryEvent,
    Hosting,
    Observation,
    Product,
    Text,
)
from compare.practical import PracticalFact
from compare.practical_data import PracticalRecord, build_practical
from criteria.load import CatalogueError, parse, read_yaml
from criteria.model import Catalogue

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DATA_ROOT = PROJECT_ROOT / "data" / "products"

Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$", max_length=64)]
# A host ("example.eu", subdomains included) or a host with one path segment for a vendor's own
# account on a shared host ("github.com/nextcloud"): the vendor publishes its documentation there too.
Domain = Annotated[str, StringConstraints(pattern=r"^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}(?:/[A-Za-z0-9._-]+)?$")]
NonEmpty = Annotated[str, StringConstraints(min_length=1, strip_whitespace=True)]
WebUrl = Annotated[str, StringConstraints(pattern=r"^https?://\S+$", max_length=2000)]
# Text no longer than its database column: SQLite would store a longer one, and PostgreSQL would
# then refuse the same data file (or its export) with a bare database error instead of this key.
Text100 = Annotated[str, StringConstraints(min_length=1, max_length=100, strip_whitespace=True)]
Text200 = Annotated[str, StringConstraints(min_length=1, max_length=200, strip_whitespace=True)]
Text400 = Annotated[str, StringConstraints(min_length=1, max_length=400, strip_whitespace=True)]


class DataError(CatalogueError):
    """A data file is broken; like catalogue errors, it names the file and the key."""


class _Record(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class TextRecord(_Record):
    en: NonEmpty
    nl: NonEmpty | None = None


class EvidenceRecord(_Record):
    quote: NonEmpty
    source_url: WebUrl
    seen_on: date
    source_type: Text100
    source_date: Text100 | None = None
    seen_in: NonEmpty | None = None
    checked_on: date | None = None
    checked: NonEmpty | None = None


class HistoryRecord(_Record):
    date: NonEmpty
    text: NonEmpty


class EditionRecord(_Record):
    id: Slug
    name: TextRecord
    hosting: Hosting


class FactRecord(_Record):
    criterion: Slug
    edition: Slug | None = None
    status: FactStatus
    level: Slug | None = None
    research_value: Text200 | None = None
    explanation: TextRecord | None = None
    evidence: EvidenceRecord | None = None
    confidence: Confidence
    recorded_on: date
    history: tuple[HistoryRecord, ...] = ()


class ObservationRecord(_Record):
    topic: Text100
    criterion: Slug | None = None
    value: NonEmpty
    explanation: TextRecord | None = None
    evidence: EvidenceRecord | None = None
    confidence: Confidence
    history: tuple[HistoryRecord, ...] = ()


class ProductRecord(_Record):
    id: Slug
    name: Text200
    full_name: Text400
    vendor_company: Text400
    jurisdiction: Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")] | None
    jurisdiction_note: NonEmpty
    website: WebUrl
    category: Category
    editions: tuple[EditionRecord, ...] = ()
    facts: tuple[FactRecord, ...] = Field(default=())
    observations: tuple[ObservationRecord, ...] = ()
    domains: tuple[Domain, ...] = ()
    practical: tuple[PracticalRecord, ...] = ()


@dataclass(frozen=True)
class Dataset:
    """Products with their facts and observations, as loaded from one set of files."""

    products: tuple[Product, ...]
    facts: tuple[Fact, ...]
    observations: tuple[Observation, ...]
    practical: tuple[PracticalFact, ...] = ()


def _text(record: TextRecord | None) -> Text | None:
    return Text(en=record.en, nl=record.nl) if record else None


def _evidence(record: EvidenceRecord | None) -> Evidence | None:
    if record is None:
        return None
    return Evidence(
        quote=record.quote,
        source_url=record.source_url,
        seen_on=record.seen_on,
        source_type=record.source_type,
        source_date=record.source_date,
        seen_in=record.seen_in,
        checked_on=record.checked_on,
        checked=record.checked,
    )


def _history(records: tuple[HistoryRecord, ...]) -> tuple[HistoryEvent, ...]:
    return tuple(HistoryEvent(date=h.date, text=h.text) for h in records)


def check_fact(record: FactRecord, product: ProductRecord, catalogue: Catalogue, path: Path, key: str) -> None:
    """Refuse facts that could mislead: unknown criteria or levels, verified without evidence.

    Raises:
        DataError: naming the file and the fact's key.
    """
    try:
        criterion = catalogue.criterion(record.criterion)
    except KeyError:
        raise DataError(path, f"{key}.criterion", f"unknown criterion {record.criterion!r}") from None
    if record.edition is not None and record.edition not in {e.id for e in product.editions}:
        raise DataError(path, f"{key}.edition", f"product has no edition {record.edition!r}")
    if record.level is not None and not criterion.has_level(record.level):
        known = [level.id for level in criterion.levels]
        raise DataError(path, f"{key}.level", f"unknown level {record.level!r} for {criterion.id}; known: {known}")
    if record.status is FactStatus.VERIFIED and (record.level is None or record.evidence is None):
        raise DataError(path, key, "a verified fact needs a level and evidence (quote, source_url, seen_on)")
    if record.status is FactStatus.UNKNOWN and record.level is not None:
        raise DataError(path, f"{key}.level", "an unknown fact cannot have a level; mark it unverified instead")


def load_product_file(path: Path, catalogue: Catalogue) -> Dataset:
    """One product file → its product, facts and observations.

    Raises:
        DataError: the file is unreadable, not YAML, or breaks a rule; the message names file and key.
    """
    try:
        record = parse(ProductRecord, read_yaml(path), path)
    except CatalogueError as exc:
        raise DataError(exc.path, exc.key, exc.problem) from exc
    if record.id != path.stem:
        raise DataError(path, "id", f"id {record.id!r} does not match the file name ({path.stem!r})")
    seen_keys: set[tuple[str, str | None]] = set()
    for i, fact in enumerate(record.facts):
        check_fact(fact, record, catalogue, path, f"facts[{i}]")
        if (fact.criterion, fact.edition) in seen_keys:
            raise DataError(path, f"facts[{i}]", f"second fact for {fact.criterion} / edition {fact.edition}")
        seen_keys.add((fact.criterion, fact.edition))
    for i, observation in enumerate(record.observations):
        if observation.criterion is not None and observation.criterion not in {c.id for c in catalogue.criteria}:
            raise DataError(path, f"observations[{i}].criterion", f"unknown criterion {observation.criterion!r}")
    try:
        practical = build_practical(
            record.practical,
            record.id,
            {e.id for e in record.editions},
            path,
            lambda data, key: None if data is None else _evidence(parse(EvidenceRecord, data, path, key)),
            lambda data, key: None if data is None else _text(parse(TextRecord, data, path, key)),
        )
    except CatalogueError as exc:
        raise DataError(exc.path, exc.key, exc.problem) from exc
    product = Product(
        id=record.id,
        name=record.name,
        full_name=record.full_name,
        vendor_company=record.vendor_company,
        jurisdiction=record.jurisdiction,
        jurisdiction_note=record.jurisdiction_note,
        website=record.website,
        category=record.category,
        editions=tuple(Edition(id=e.id, name=Text(en=e.name.en, nl=e.name.nl), hosting=e.hosting) for e in record.editions),
        domains=record.domains,
    )
    facts = tuple(
        Fact(
            product_id=record.id,
            edition_id=f.edition,
            criterion_id=f.criterion,
            status=f.status,
            level_id=f.level,
            confidence=f.confidence,
            explanation=_text(f.explanation),
            evidence=_evidence(f.evidence),
            research_value=f.research_value,
            history=_history(f.history),
            # The day the research was done, not the day of loading: "as of" views stay reproducible.
            recorded_at=datetime.combine(f.recorded_on, time(), tzinfo=UTC),
            author="seed",
            reason=f"seed data {path.name}",
        )
        for f in record.facts
    )
    observations = tuple(
        Observation(
            product_id=record.id,
            topic=o.topic,
            value=o.value,
            confidence=o.confidence,
            criterion_id=o.criterion,
            explanation=_text(o.explanation),
            evidence=_evidence(o.evidence),
            history=_history(o.history),
        )
        for o in record.observations
    )
    return Dataset(products=(product,), facts=facts, observations=observations, practical=practical)


def load_dataset(catalogue: Catalogue, root: Path = DATA_ROOT) -> Dataset:
    """Every product file under ``root``, in file-name order.

    Raises:
        DataError: the first broken file, naming file and key.
    """
    files = sorted(root.glob("*.yaml"))
    if not files:
        raise DataError(root, "", "no product files found")
    parts = [load_product_file(path, catalogue) for path in files]
    return Dataset(
        products=tuple(p for part in parts for p in part.products),
        facts=tuple(f for part in parts for f in part.facts),
        observations=tuple(o for part in parts for o in part.observations),
        practical=tuple(p for part in parts for p in part.practical),
    )
