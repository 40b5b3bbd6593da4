"""Tables for products, editions, fact revisions and observations.

Fact revisions are append-only: a change is a new row pointing at the one it replaces, with who,
when and why. Nothing in the application updates or deletes a revision, so any past comparison
can be rebuilt "as of" the day it was made.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import JSON, CheckConstraint, Date, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from compare.facts import Category, Confidence, FactStatus, Hosting
from compare.practical import PracticalTopic
from compare.store.base import Base, string_enum


class ProductRow(Base):
    """A product and its vendor; editions hang off it."""

    __tablename__ = "product"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    full_name: Mapped[str] = mapped_column(String(400))
    vendor_company: Mapped[str] = mapped_column(String(400))
    jurisdiction: Mapped[str | None] = mapped_column(String(2))
    jurisdiction_note: Mapped[str] = mapped_column(Text)
    website: Mapped[str] = mapped_column(String(2000))
    category: Mapped[Category] = mapped_column(string_enum(Category, "category"))
    domains: Mapped[list[str]] = mapped_column(JSON, default=list)

    editions: Mapped[list[EditionRow]] = relationship(
        back_populates="product", order_by="EditionRow.position", cascade="all, delete-orphan"
    )


class EditionRow(Base):
    """One way a product is offered (vendor cloud, self-hosted, on-premises)."""

    __tablename__ = "edition"

    product_id: Mapped[str] = mapped_column(ForeignKey("product.id", ondelete="CASCADE"), primary_key=True)
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    position: Mapped[int]
    name_en: Mapped[str] = mapped_column(String(200))
    name_nl: Mapped[str | None] = mapped_column(String(200))
    hosting: Mapped[Hosting] = mapped_column(string_enum(Hosting, "hosting"))

    product: Mapped[ProductRow] = relationship(back_populates="editions")


class FactRevisionRow(Base):
    """One revision of a fact; the newest revision recorded by a given moment is the fact then."""

    __tablename__ = "fact_revision"
    __table_args__ = (
        Index("ix_fact_revision_key", "product_id", "edition_id", "criterion_id", "recorded_at"),
        CheckConstraint(
            "status != 'verified' OR (level_id IS NOT NULL AND quote IS NOT NULL AND source_url IS NOT NULL)",
            name="verified_has_evidence",
        ),
        CheckConstraint("status != 'unknown' OR level_id IS NULL", name="unknown_has_no_level"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[str] = mapped_column(ForeignKey("product.id", ondelete="RESTRICT"))
    edition_id: Mapped[str | None] = mapped_column(String(64))
    criterion_id: Mapped[str] = mapped_column(String(64))
    status: Mapped[FactStatus] = mapped_column(string_enum(FactStatus, "fact_status"))
    level_id: Mapped[str | None] = mapped_column(String(64))
    confidence: Mapped[Confidence] = mapped_column(string_enum(Confidence, "confidence"))
    explanation_en: Mapped[str | None] = mapped_column(Text)
    explanation_nl: Mapped[str | None] = mapped_column(Text)
    quote: Mapped[str | None] = mapped_column(Text)
    source_url: Mapped[str | None] = mapped_column(String(2000))
    source_date: Mapped[str | None] = mapped_column(String(100))
    seen_on: Mapped[date | None] = mapped_column(Date)
    source_type: Mapped[str | None] = mapped_column(String(100))
    seen_in: Mapped[str | None] = mapped_column(Text)
    checked_on: Mapped[date | None] = mapped_column(Date)
    checked: Mapped[str | None] = mapped_column(Text)
    research_value: Mapped[str | None] = mapped_column(String(200))
    history: Mapped[list[dict[str, str]]] = mapped_column(JSON, default=list)
    recorded_at: Mapped[datetime]
    author: Mapped[str] = mapped_column(String(200))
    reason: Mapped[str] = mapped_column(Text, default="")
    previous_id: Mapped[int | None] = mapped_column(ForeignKey("fact_revision.id", ondelete="RESTRICT"))
    proposal_id: Mapped[int | None]
    snapshot_id: Mapped[int | None]


class ObservationRow(Base):
    """A researched finding shown beside the facts but not scored (transfer basis, owner change…)."""

    __tablename__ = "observation"

    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[str] = mapped_column(ForeignKey("product.id", ondelete="CASCADE"))
    position: Mapped[int]
    topic: Mapped[str] = mapped_column(String(100))
    criterion_id: Mapped[str | None] = mapped_column(String(64))
    value: Mapped[str] = mapped_column(Text)
    confidence: Mapped[Confidence] = mapped_column(string_enum(Confidence, "confidence"))
    explanation_en: Mapped[str | None] = mapped_column(Text)
    explanation_nl: Mapped[str | None] = mapped_column(Text)
    quote: Mapped[str | None] = mapped_column(Text)
    source_url: Mapped[str | None] = mapped_column(String(2000))
    source_date: Mapped[str | None] = mapped_column(String(100))
    seen_on: Mapped[date | None] = mapped_column(Date)
    source_type: Mapped[str | None] = mapped_column(String(100))
    seen_in: Mapped[str | None] = mapped_column(Text)
    checked_on: Mapped[date | None] = mapped_column(Date)
    checked: Mapped[str | None] = mapped_column(Text)
    history: Mapped[list[dict[str, str]]] = mapped_column(JSON, default=list)


class PracticalFactRow(Base):
    """One revision of a practical fact (price, platforms, guest access…) as the data file states it.

    The data file is their source of truth, but a guest-access requirement changes a ranking, so
    a permalink pinned to a date must find the practical facts of that date: a load that changes
    a fact closes its row (``superseded_at``) and adds a new one instead of overwriting it.
    """

    __tablename__ = "practical_fact"
    __table_args__ = (
        CheckConstraint(
            "status != 'verified' OR (value IS NOT NULL AND quote IS NOT NULL AND source_url IS NOT NULL)",
            name="verified_practical_has_evidence",
        ),
        Index("ix_practical_fact_product_in_force", "product_id", "superseded_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[str] = mapped_column(ForeignKey("product.id", ondelete="CASCADE"))
    position: Mapped[int]
    edition_id: Mapped[str | None] = mapped_column(String(64))
    topic: Mapped[PracticalTopic] = mapped_column(string_enum(PracticalTopic, "practical_topic"))
    status: Mapped[FactStatus] = mapped_column(string_enum(FactStatus, "fact_status"))
    value: Mapped[dict[str, object] | None] = mapped_column(JSON)
    explanation_en: Mapped[str | None] = mapped_column(Text)
    explanation_nl: Mapped[str | None] = mapped_column(Text)
    quote: Mapped[str | None] = mapped_column(Text)
    source_url: Mapped[str | None] = mapped_column(String(2000))
    source_date: Mapped[str | None] = mapped_column(String(100))
    seen_on: Mapped[date | None] = mapped_column(Date)
    source_type: Mapped[str | None] = mapped_column(String(100))
    seen_in: Mapped[str | None] = mapped_column(Text)
    checked_on: Mapped[date | None] = mapped_column(Date)
    checked: Mapped[str | None] = mapped_column(Text)
    # In force from recorded_at until superseded_at (open-ended while current). The default lets
    # an export made before revisions existed be imported (its rows count from the import).
    recorded_at: Mapped[datetime] = mapped_column(default=lambda: datetime.now(UTC))
    superseded_at: Mapped[datetime | None]


class CustomProfileRow(Base):
    """A weight profile a reader saved under a name; never changed after saving.

    A saved profile's link is quoted in procurement files, so it must always rank with the
    weights it was saved with: to change one, save another.
    """

    __tablename__ = "custom_profile"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(80))
    base_profile: Mapped[str] = mapped_column(String(64))
    weights: Mapped[dict[str, float]] = mapped_column(JSON)
    must_haves: Mapped[list[dict[str, str]]] = mapped_column(JSON)
    created_at: Mapped[datetime]
    # When someone first opened the link after the saving visit; None marks a profile nobody came
    # back to, the only kind ``msgcompare profiles prune`` may remove.
    first_reopened_at: Mapped[datetime | None]
