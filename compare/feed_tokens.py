"""Secret addresses for the admin events feed, which feed readers fetch without logging in.

A reviewer's token is ``<reviewer id>.<secret>``; only the secret's SHA-256 is stored, so a copy
of the database opens no feed. The secret is random (256 bits), so a plain hash is enough (a
slow password hash protects guessable secrets). Checking finds the reviewer by id and compares
hashes with ``hmac.compare_digest``, so the answer time says nothing about how close a guess was.
Making a new token replaces the old one: a leaked address is closed by regenerating it.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import UTC, datetime

from sqlalchemy.orm import Session

from compare.store.sources import UserRow

_MAX_ID = 2**31 - 1
_NOTHING = hashlib.sha256(b"").hexdigest()


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def issue(session: Session, reviewer_id: int) -> str:
    """Give the reviewer a new token (the old one stops working) and return it, once."""
    reviewer = session.get(UserRow, reviewer_id)
    if reviewer is None:
        raise LookupError(f"there is no reviewer {reviewer_id}")
    secret = secrets.token_urlsafe(32)
    reviewer.feed_token_hash = _digest(secret)
    reviewer.feed_token_created_at = datetime.now(UTC)
    return f"{reviewer_id}.{secret}"


def revoke(session: Session, reviewer_id: int) -> None:
    """Close the reviewer's feed address."""
    reviewer = session.get(UserRow, reviewer_id)
    if reviewer is not None:
        reviewer.feed_token_hash = reviewer.feed_token_created_at = None


def reviewer_for(session: Session, token: str) -> UserRow | None:
    """The reviewer whose token this is, or None for anything else."""
    reviewer_part, _, secret = token.partition(".")
    reviewer = None
    if reviewer_part.isdigit() and int(reviewer_part) <= _MAX_ID and secret:
        reviewer = session.get(UserRow, int(reviewer_part))
    stored = reviewer.feed_token_hash if reviewer is not None and reviewer.feed_token_hash else _NOTHING
    matches = hmac.compare_digest(_digest(secret), stored)
    return reviewer if matches and reviewer is not None and reviewer.feed_token_hash else None
