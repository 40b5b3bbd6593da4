"""The worked example of docs/scoring.md, built from domain values."""

from __future__ import annotations

from datetime import date

from compare.facts import (
    Category,
    Confidence,
    Evidence,
    Fact,
    FactStatus,
    Offer,
    Product,
    build_offers,
)
from criteria.model import Catalogue, Criterion, Level, LocalizedText, MustHave, Risk, WeightProfile


def text(value: str) -> LocalizedText:
    return LocalizedText(en=value, nl=f"{value} (nl)")


def criterion(criterion_id: str, levels: list[tuple[str, float]]) -> Criterion:
    return Criterion(
        id=criterion_id,
        core=True,
        title=text(criterion_id),
        description=text(criterion_id),
        why=text(criterion_id),
        risks=("risk",),
        gdpr=("Art. 28",),
        levels=tuple(Level(id=i, label=text(i), score=s, qualifies=text(i)) for i, s in levels),
        default_weight=1,
    )


def catalogue(*profiles: WeightProfile) -> Catalogue:
    return Catalogue(
        risks=(Risk(id="risk", title=text("risk")),),
        criteria=(
            criterion("processor", [("none", 0), ("terms", 50), ("dpa", 100)]),
            criterion("storage", [("us", 0), ("eu-option", 60), ("eu", 100)]),
            criterion("encryption", [("transport", 25), ("e2ee", 100)]),
        ),
        profiles=profiles or (profile(),),
    )


def profile(weights: dict[str, float] | None = None, must_haves: tuple[MustHave, ...] | None = None) -> WeightProfile:
    return WeightProfile(
        id="example",
        title=text("example"),
        description=text("example"),
        weights=weights or {"processor": 2, "storage": 1, "encryption": 1},
        must_haves=(MustHave(criterion="processor", minimum="terms"),) if must_haves is None else must_haves,
    )


def product(product_id: str) -> Product:
    return Product(
        id=product_id,
        name=product_id.capitalize(),
        full_name=product_id,
        vendor_company=f"{product_id} B.V.",
        jurisdiction="NL",
        jurisdiction_note="NL",
        website=f"https://{product_id}.example",
        category=Category.BUSINESS_MESSENGER,
    )


def fact(product_id: str, criterion_id: str, level: str | None, status: FactStatus = FactStatus.VERIFIED) -> Fact:
    evidence = (
        Evidence(quote=f"{product_id} says {level}", source_url=f"https://{product_id}.example/terms", seen_on=date(2026, 11, 24), source_type="vendor")
        if status is FactStatus.VERIFIED
        else None
    )
    return Fact(
        product_id=product_id,
        edition_id=None,
        criterion_id=criterion_id,
        status=status,
        level_id=level,
        confidence=Confidence.HIGH,
        evidence=evidence,
    )


def offers(rows: dict[str, dict[str, str | None]]) -> tuple[Offer, ...]:
    """``{"xylo": {"processor": "dpa", "encryption": None}}``: None = unknown, "?level" = unverified."""
    facts = []
    for product_id, cells in rows.items():
        for criterion_id, level in cells.items():
            if level is None:
                continue
            if level.startswith("?"):
                facts.append(fact(product_id, criterion_id, level[1:], FactStatus.UNVERIFIED))
            else:
                facts.append(fact(product_id, criterion_id, level))
    return build_offers(tuple(product(p) for p in rows), tuple(facts))


EXAMPLE = {
    "xylo": {"processor": "dpa", "storage": "eu-option", "encryption": None},
    "yarn": {"processor": "terms", "storage": "eu", "encryption": "e2ee"},
    "zeal": {"processor": "none", "storage": "eu", "encryption": "e2ee"},
    "wisp": {"processor": "?none", "storage": "us", "encryption": "e2ee"},
}
