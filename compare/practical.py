"""Practical facts buyers filter on: price, free tier, platforms, guest access, certifications,
headquarters and a Dutch interface.

They are not criteria (nothing here has a scale a privacy officer weighs), but a buyer rules
offers in or out on them, so each carries the same evidence as a criterion fact (quote, URL,
date) or is visibly unknown. A profile may require one (the SME customer-contact profile needs
customers to reach the business without an account); otherwise they are shown and filtered on,
never scored.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from compare.facts import EEA_COUNTRIES, Evidence, FactStatus, Text

Country = Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")]
Words = Annotated[str, StringConstraints(min_length=1, strip_whitespace=True)]


class PracticalTopic(StrEnum):
    """What a practical fact is about; each topic has its own value shape."""

    PRICE = "price"
    FREE_TIER = "free-tier"
    PLATFORMS = "platforms"
    GUEST_ACCESS = "guest-access"
    CERTIFICATION = "certification"
    HEADQUARTERS = "headquarters"
    DUTCH_UI = "dutch-ui"


REPEATABLE = frozenset({PracticalTopic.PRICE, PracticalTopic.CERTIFICATION})
"""Topics with several facts per edition (one per tier, one per certificate)."""


class Platform(StrEnum):
    """Where the product's own client runs."""

    IOS = "ios"
    ANDROID = "android"
    WINDOWS = "windows"
    MACOS = "macos"
    LINUX = "linux"
    WEB = "web"


class GuestAccess(StrEnum):
    """How people outside the organisation take part, ordered from closed to open."""

    MEMBERS_ONLY = "members-only"
    """Only people with a seat in the organisation's workspace."""
    EXTERNAL_ACCOUNT = "external-account"
    """Outsiders can join, but each needs an account and the product's app."""
    WITHOUT_ACCOUNT = "without-account"
    """Customers reach the organisation without an account or app (link, browser, widget)."""


GUEST_ORDER = (GuestAccess.MEMBERS_ONLY, GuestAccess.EXTERNAL_ACCOUNT, GuestAccess.WITHOUT_ACCOUNT)


class CertificationScheme(StrEnum):
    """Certificates buyers ask for in tenders; ``other`` needs a name."""

    ISO_27001 = "iso-27001"
    ISO_27017 = "iso-27017"
    ISO_27018 = "iso-27018"
    ISO_27701 = "iso-27701"
    SOC_2 = "soc-2"
    NEN_7510 = "nen-7510"
    BSI_C5 = "bsi-c5"
    HDS = "hds"
    OTHER = "other"


class _Value(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)


class Price(_Value):
    """List price per user per month of one tier; ``on_request`` when the vendor publishes none."""

    amount: Annotated[float, Field(ge=0)] | None = None
    currency: Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")] | None = None
    tier: Words
    billing: Literal["monthly", "annual"] | None = None
    on_request: bool = False

    @model_validator(mode="after")
    def _amount_or_on_request(self) -> Price:
        if self.on_request and self.amount is not None:
            raise ValueError("a price on request has no amount")
        if not self.on_request and (self.amount is None or self.currency is None):
            raise ValueError("give amount and currency, or on_request: true")
        return self


class FreeTier(_Value):
    """Whether an organisation can use the product without paying, and within which limits."""

    available: bool
    limits: Words | None = None


class Platforms(_Value):
    """The platforms with a client of the vendor's own."""

    platforms: Annotated[tuple[Platform, ...], Field(min_length=1)]


class Guest(_Value):
    """External people and customers: can they join without an account; federation with others."""

    access: GuestAccess
    federation: bool | None = None
    """Whether users of another organisation's server can talk with yours (None: not stated)."""


class Certification(_Value):
    """One certificate, with what it covers and when it was issued or valid until."""

    scheme: CertificationScheme
    name: Words | None = None
    scope: Words | None = None
    issued: Words | None = None
    valid_until: Words | None = None

    @model_validator(mode="after")
    def _other_is_named(self) -> Certification:
        if self.scheme is CertificationScheme.OTHER and self.name is None:
            raise ValueError("a certification of scheme 'other' needs a name")
        return self


class Headquarters(_Value):
    """Where the vendor and its parent are established, and the non-EU laws that reach them."""

    country: Country
    parent_company: Words | None = None
    parent_country: Country | None = None
    disclosure_laws: tuple[Words, ...] = ()
    """Non-EU laws under which authorities can demand data (e.g. US CLOUD Act, FISA 702)."""

    @property
    def non_eu_exposure(self) -> bool:
        """Whether the vendor or its parent sits outside the EU/EEA, or a non-EU law is named."""
        countries = {self.country, self.parent_country or self.country}
        return bool(self.disclosure_laws) or not countries <= EEA_COUNTRIES


class DutchUi(_Value):
    """Whether users and administrators get the interface in Dutch."""

    user: bool
    admin: bool | None = None


PracticalValue = Price | FreeTier | Platforms | Guest | Certification | Headquarters | DutchUi

VALUE_MODELS: dict[PracticalTopic, type[PracticalValue]] = {
    PracticalTopic.PRICE: Price,
    PracticalTopic.FREE_TIER: FreeTier,
    PracticalTopic.PLATFORMS: Platforms,
    PracticalTopic.GUEST_ACCESS: Guest,
    PracticalTopic.CERTIFICATION: Certification,
    PracticalTopic.HEADQUARTERS: Headquarters,
    PracticalTopic.DUTCH_UI: DutchUi,
}


def parse_value(topic: PracticalTopic, data: object) -> PracticalValue:
    """Validate a stored or written value for its topic.

    Raises:
        pydantic.ValidationError: the value does not fit the topic's shape.
    """
    return VALUE_MODELS[topic].model_validate(data)


@dataclass(frozen=True, slots=True)
class PracticalFact:
    """One practical fact about a product (or one edition), with evidence or visibly without."""

    product_id: str
    topic: PracticalTopic
    status: FactStatus
    value: PracticalValue | None
    edition_id: str | None = None
    evidence: Evidence | None = None
    explanation: Text | None = None

    @property
    def trusted(self) -> bool:
        """Whether filters may rely on it: verified, with a value and evidence."""
        return self.status is FactStatus.VERIFIED and self.value is not None and self.evidence is not None

    def value_json(self) -> dict[str, object] | None:
        """The value as JSON-ready data (for the store, exports and the API)."""
        return self.value.model_dump(mode="json", exclude_none=False) if self.value is not None else None


def applicable(facts: Iterable[PracticalFact], product_id: str, edition_id: str | None) -> tuple[PracticalFact, ...]:
    """The practical facts for one offer: edition-specific facts replace product-wide ones per topic."""
    own = [f for f in facts if f.product_id == product_id]
    specific = {f.topic for f in own if edition_id is not None and f.edition_id == edition_id}
    return tuple(
        f for f in own if (f.edition_id is None and f.topic not in specific) or (edition_id is not None and f.edition_id == edition_id)
    )


PRICE_LIMITS = ("free", "5", "10", "20")
"""The price bands of the overview filter: free, or at most this much per user per month."""


def trusted(facts: Iterable[PracticalFact], topic: PracticalTopic) -> list[PracticalFact]:
    """The facts of ``topic`` a filter may rely on (verified, with value and evidence)."""
    return [f for f in facts if f.topic is topic and f.trusted]


def is_free(facts: Iterable[PracticalFact]) -> bool:
    """Whether an organisation can use the offer without paying (free tier, or a price of 0)."""
    items = list(facts)
    free_tier = any(isinstance(f.value, FreeTier) and f.value.available for f in trusted(items, PracticalTopic.FREE_TIER))
    return free_tier or any(isinstance(f.value, Price) and f.value.amount == 0 for f in trusted(items, PracticalTopic.PRICE))


def lowest_price(facts: Iterable[PracticalFact]) -> Price | None:
    """The cheapest published list price (per user per month), or None when none is verified."""
    prices = [f.value for f in trusted(facts, PracticalTopic.PRICE) if isinstance(f.value, Price) and f.value.amount is not None]
    return min(prices, key=lambda p: p.amount or 0.0) if prices else None


def within_price(facts: Iterable[PracticalFact], limit: str) -> bool:
    """Whether the offer is free (``limit="free"``) or has a verified list price at most ``limit``.

    Prices are compared in the currency the vendor lists; an unknown price never passes.
    """
    items = list(facts)
    if limit == "free":
        return is_free(items)
    cheapest = lowest_price(items)
    return is_free(items) or (cheapest is not None and (cheapest.amount or 0.0) <= float(limit))


def certified(facts: Iterable[PracticalFact], scheme: CertificationScheme) -> bool:
    """Whether a verified certificate of ``scheme`` is on record."""
    return any(isinstance(f.value, Certification) and f.value.scheme is scheme for f in trusted(facts, PracticalTopic.CERTIFICATION))


def guest_access(facts: Iterable[PracticalFact]) -> Guest | None:
    """The verified guest-access fact, or None when unknown."""
    found = [f.value for f in trusted(facts, PracticalTopic.GUEST_ACCESS) if isinstance(f.value, Guest)]
    return found[0] if found else None


def guest_meets(facts: Iterable[PracticalFact], needed: GuestAccess) -> bool:
    """Whether external people can take part at least as openly as ``needed`` (unknown: no)."""
    found = guest_access(facts)
    return found is not None and GUEST_ORDER.index(found.access) >= GUEST_ORDER.index(needed)
