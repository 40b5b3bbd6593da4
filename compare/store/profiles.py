"""Saved custom weight profiles: insert and read, never update."""

from __future__ import annotations

import re
import secrets
import unicodedata
from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from compare.store.models import CustomProfileRow
from criteria.model import LocalizedText, MustHave, WeightProfile

NAME_MAX = 80
SLUG_MAX = 40
SAVING_VISIT = timedelta(hours=1)
"""Views this soon after saving are the saver's own (the page it was saved from, a reload)."""


def slugify(name: str) -> str:
    """``"Gemeente Één – zorg"`` → ``"gemeente-een-zorg"`` (ASCII, hyphens, at most 40 characters)."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii").lower()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name).strip("-")[:SLUG_MAX].strip("-")
    return slug or "profile"


def save_profile(session: Session, name: str, base_profile: str, profile: WeightProfile) -> CustomProfileRow:
    """Store ``profile``'s weights and must-haves under ``name`` with a fresh, unguessable id.

    The random suffix keeps two teams that pick the same name from overwriting, or reading
    each other's link by guessing.
    """
    row = CustomProfileRow(
        id=f"{slugify(name)}-{secrets.token_hex(4)}",
        name=name.strip()[:NAME_MAX],
        base_profile=base_profile,
        weights={k: float(v) for k, v in profile.weights.items() if v > 0},
        must_haves=[{"criterion": m.criterion, "minimum": m.minimum} for m in profile.must_haves],
        created_at=datetime.now(UTC),
    )
    session.add(row)
    session.flush()
    return row


def load_profile(session: Session, profile_id: str) -> CustomProfileRow | None:
    """The saved profile with this id, or None."""
    return session.get(CustomProfileRow, profile_id)


def is_reopening(row: CustomProfileRow, now: datetime | None = None) -> bool:
    """Whether a view now is the first one after the saving visit (the one ``note_opened`` records)."""
    return row.first_reopened_at is None and (now or datetime.now(UTC)) - row.created_at >= SAVING_VISIT


def note_opened(session: Session, row: CustomProfileRow, now: datetime | None = None) -> bool:
    """Record the first time the link is opened after the saving visit; True when this wrote.

    One write in a profile's life: every later view finds the column set and writes nothing.
    """
    now = now or datetime.now(UTC)
    if not is_reopening(row, now):
        return False
    result = session.execute(
        update(CustomProfileRow)
        .where(CustomProfileRow.id == row.id, CustomProfileRow.first_reopened_at.is_(None))
        .values(first_reopened_at=now)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


def unopened_profiles(session: Session, older_than: timedelta, now: datetime | None = None) -> list[CustomProfileRow]:
    """Profiles saved more than ``older_than`` ago whose link nobody opened after saving."""
    cutoff = (now or datetime.now(UTC)) - older_than
    query = select(CustomProfileRow).where(
        CustomProfileRow.first_reopened_at.is_(None), CustomProfileRow.created_at < cutoff
    )
    return list(session.scalars(query.order_by(CustomProfileRow.created_at)))


def prune_profiles(session: Session, ids: list[str]) -> int:
    """Delete these saved profiles, but only while they are still unopened (a view may race)."""
    if not ids:
        return 0
    result = session.execute(
        delete(CustomProfileRow).where(CustomProfileRow.id.in_(ids), CustomProfileRow.first_reopened_at.is_(None))
    )
    return int(result.rowcount)  # type: ignore[attr-defined]


def to_weight_profile(row: CustomProfileRow, description: LocalizedText) -> WeightProfile:
    """A saved profile as the WeightProfile the scoring takes."""
    return WeightProfile(
        id=row.id,
        title=LocalizedText(en=row.name, nl=row.name),
        description=description,
        weights=dict(row.weights),
        must_haves=tuple(MustHave(criterion=m["criterion"], minimum=m["minimum"]) for m in row.must_haves),
    )
