"""Domain values for products, editions and the evidence-backed facts we score them on.

"Unknown" and "unverified" are values here, never a missing key: a cell without a quote, a URL
and a date must be shown as such, and the scoring must widen its range instead of guessing.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from compare.practical import PracticalFact


class Category(StrEnum):
    """What kind of product a buyer is looking at; the overview filters on it."""

    CONSUMER_APP = "consumer-app"
    BUSINESS_MESSENGER = "business-messenger"
    COLLABORATION_SUITE = "collaboration-suite"
    SELF_HOSTABLE = "self-hostable"


class Hosting(StrEnum):
    """Who runs the servers of an edition: the fact that most often splits one product in two."""

    VENDOR_CLOUD = "vendor-cloud"
    SELF_HOSTED = "self-hosted"
    ON_PREMISES = "on-premises"
    PARTNER_HOSTED = "partner-hosted"


SELF_RUN = frozenset({Hosting.SELF_HOSTED, Hosting.ON_PREMISES})
"""Hostings where the organisation (or its hosting partner) runs the servers, not the vendor."""


class FactStatus(StrEnum):
    """How far a fact can be trusted; only verified facts move a score."""

    VERIFIED = "verified"
    """A level backed by a verbatim quote, a source URL and a date."""
    UNVERIFIED = "unverified"
    """A level someone suggested without evidence that carries it; shown, never scored."""
    UNKNOWN = "unknown"
    """Nobody knows the level yet."""


class Confidence(StrEnum):
    """The researcher's or reviewer's confidence that the quote supports the level."""

    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


# Member states of the EU plus the other EEA states: the overview's "EU-only" filter.
EEA_COUNTRIES = frozenset(
    ["AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT", "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE", "IS", "LI", "NO"]
)


@dataclass(frozen=True, slots=True)
class Text:
    """Bilingual free text; Dutch may be missing for scraped or freshly reviewed text."""

    en: str
    nl: str | None = None

    def get(self, language: str) -> str:
        """The text in ``language``; English when no Dutch translation exists yet."""
        return self.nl if language == "nl" and self.nl else self.en

    def is_translated(self, language: str) -> bool:
        """Whether ``get(language)`` returns a text in that language (so the page can say so)."""
        return language != "nl" or bool(self.nl)


@dataclass(frozen=True, slots=True)
class Evidence:
    """Where a fact comes from: the words, the place and when they were said and seen."""

    quote: str
    source_url: str
    seen_on: date
    source_type: str
    source_date: str | None = None
    """The document's own date as the document states it (may be partial, e.g. "June 2024")."""
    seen_in: str | None = None
    """Which archived copy the quote was read in, when it was not read live."""
    checked_on: date | None = None
    """When a second reader last re-read the quote against the level (the audit)."""
    checked: str | None = None
    """What that reader checked (product and edition, feature, level, vendor's own domain)."""

    @property
    def date_label(self) -> str:
        """The date to print next to a quote: the document's own date, else the day we saw it."""
        return self.source_date or self.seen_on.isoformat()


@dataclass(frozen=True, slots=True)
class HistoryEvent:
    """A dated change in a vendor's position, shown on the fact's timeline."""

    date: str
    text: str


@dataclass(frozen=True, slots=True)
class Edition:
    """One way a product is offered; each edition is scored on its own facts."""

    id: str
    name: Text
    hosting: Hosting


@dataclass(frozen=True, slots=True)
class Product:
    """A messaging product and the company behind it."""

    id: str
    name: str
    full_name: str
    vendor_company: str
    jurisdiction: str | None
    """ISO 3166 code of the vendor's home country, or None when the research could not settle it."""
    jurisdiction_note: str
    website: str
    category: Category
    editions: tuple[Edition, ...] = ()
    domains: tuple[str, ...] = ()
    """The vendor's own web domains: evidence from elsewhere must say it is third-party."""

    @property
    def is_eu(self) -> bool:
        """Whether the vendor is established in the EU/EEA (not whether data stays there)."""
        return self.jurisdiction in EEA_COUNTRIES

    def edition(self, edition_id: str) -> Edition:
        """The edition with this id.

        Raises:
            KeyError: the product has no such edition.
        """
        for edition in self.editions:
            if edition.id == edition_id:
                return edition
        raise KeyError(f"product {self.id!r} has no edition {edition_id!r}")


@dataclass(frozen=True, slots=True)
class Fact:
    """One revision of what we know about a product (or one edition) on one criterion."""

    product_id: str
    edition_id: str | None
    """None: the fact holds for every edition unless an edition has a fact of its own."""
    criterion_id: str
    status: FactStatus
    level_id: str | None
    confidence: Confidence
    explanation: Text | None = None
    evidence: Evidence | None = None
    research_value: str | None = None
    history: tuple[HistoryEvent, ...] = ()
    recorded_at: datetime | None = None
    author: str = "seed"
    reason: str = ""
    revision_id: int | None = None
    previous_revision_id: int | None = None
    proposal_id: int | None = None
    snapshot_id: int | None = None

    @property
    def scores(self) -> bool:
        """Whether this fact moves a score: verified, with a level and evidence."""
        return self.status is FactStatus.VERIFIED and self.level_id is not None and self.evidence is not None

    @property
    def key(self) -> tuple[str, str | None, str]:
        """Identity across revisions: the same key means a newer revision of the same fact."""
        return (self.product_id, self.edition_id, self.criterion_id)


@dataclass(frozen=True, slots=True)
class Observation:
    """A researched finding that informs a reader but is not itself scored (e.g. transfer basis)."""

    product_id: str
    topic: str
    value: str
    confidence: Confidence
    criterion_id: str | None = None
    explanation: Text | None = None
    evidence: Evidence | None = None
    history: tuple[HistoryEvent, ...] = ()


@dataclass(frozen=True, slots=True)
class Offer:
    """The unit we rank: a product in one edition, with the facts that apply to that edition."""

    product: Product
    edition: Edition | None
    facts: dict[str, Fact] = field(default_factory=dict)
    """criterion id → the fact in force for this edition (edition-specific first, else product-wide)."""
    under_review: frozenset[str] = frozenset()
    """Criteria whose source changed and whose proposal awaits a reviewer: shown as "under review"."""
    practical: tuple[PracticalFact, ...] = ()
    """Price, platforms, guest access… that hold for this edition (filtered on, not scored)."""

    @property
    def id(self) -> str:
        """``product`` for single-edition products, ``product:edition`` otherwise."""
        return f"{self.product.id}:{self.edition.id}" if self.edition else self.product.id

    def label(self, language: str) -> str:
        """Product name plus edition name, for tables and chart axes.

        An edition whose name already starts with the product's ("Wire cloud", "Threema Work") is
        named alone: "Wire — Wire cloud" reads as a stutter in every sentence that names it.
        """
        if self.edition is None:
            return self.product.name
        edition = self.edition.name.get(language)
        product = self.product.name
        head, rest = edition[: len(product)], edition[len(product) :]
        if head.casefold() == product.casefold() and not rest[:1].isalnum():
            return edition
        return f"{product} — {edition}"

    @property
    def hosting(self) -> Hosting:
        """Who runs the servers; single-edition products are the vendor's cloud unless marked."""
        if self.edition is not None:
            return self.edition.hosting
        return Hosting.SELF_HOSTED if self.product.category is Category.SELF_HOSTABLE else Hosting.VENDOR_CLOUD


def build_offers(
    products: tuple[Product, ...],
    facts: tuple[Fact, ...],
    under_review: Collection[tuple[str, str | None, str]] = (),
    practical: tuple[PracticalFact, ...] = (),
) -> tuple[Offer, ...]:
    """Expand products into one offer per edition, resolving which fact applies to each cell.

    An edition-specific fact always wins over a product-wide one, so two editions never share a
    cell that only one of them earned. ``under_review`` holds (product, edition or None,
    criterion) keys of open proposals; a product-wide one marks the cell in every edition.
    Practical facts resolve the same way, per topic.
    """
    by_product: dict[str, list[Fact]] = {}
    for fact in facts:
        by_product.setdefault(fact.product_id, []).append(fact)
    offers: list[Offer] = []
    for product in products:
        product_facts = by_product.get(product.id, [])
        general = {f.criterion_id: f for f in product_facts if f.edition_id is None}
        for edition in product.editions or (None,):
            cells = dict(general)
            if edition is not None:
                cells.update({f.criterion_id: f for f in product_facts if f.edition_id == edition.id})
            reviewing = frozenset(
                c for p, e, c in under_review if p == product.id and (e is None or (edition is not None and e == edition.id))
            )
            own = [p for p in practical if p.product_id == product.id]
            specific = {p.topic for p in own if edition is not None and p.edition_id == edition.id}
            applicable = tuple(
                p
                for p in own
                if (p.edition_id is None and p.topic not in specific) or (edition is not None and p.edition_id == edition.id)
            )
            offers.append(Offer(product=product, edition=edition, facts=cells, under_review=reviewing, practical=applicable))
    return tuple(offers)
