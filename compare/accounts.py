"""Reviewer accounts: created from the command line, passwords kept only as salted hashes.

Names are unique without regard to case (``anna`` and ``Anna`` are one reviewer), passwords must
pass :mod:`compare.passwords`, and every account has a *session version*: a login cookie is only
valid for the version it was issued under, so logout, a password change and ``users revoke``
end every session of that reviewer at once, stolen copies included.
"""

from __future__ import annotations

import secrets
from datetime import UTC, datetime
from functools import cache

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from compare import passwords
from compare.store.sources import UserRow

MIN_PASSWORD_LENGTH = passwords.MIN_LENGTH


class AccountError(Exception):
    """An account cannot be created or changed as asked."""


def check_password(username: str, password: str) -> None:
    """Raise unless ``password`` is strong enough for ``username``.

    Raises:
        AccountError: every weakness, joined.
    """
    problems = passwords.weaknesses(password, username)
    if problems:
        raise AccountError("; ".join(problems))


def create_user(session: Session, username: str, password: str) -> UserRow:
    """Add a reviewer.

    Raises:
        AccountError: the name is taken (in any case) or empty, or the password is weak.
    """
    username = username.strip()
    if not username:
        raise AccountError("the user name is empty")
    check_password(username, password)
    if find_user(session, username) is not None:
        raise AccountError(f"user {username!r} already exists")
    user = UserRow(
        username=username,
        password_hash=generate_password_hash(password),
        created_at=datetime.now(UTC),
        session_version=0,
    )
    try:
        with session.begin_nested():
            session.add(user)
            session.flush()
    except IntegrityError:  # another process created the same name (any case) in between
        raise AccountError(f"user {username!r} already exists") from None
    return user


def find_user(session: Session, username: str) -> UserRow | None:
    """The reviewer with this name, case ignored, if any."""
    wanted = username.strip().lower()
    return session.scalars(select(UserRow).where(func.lower(UserRow.username) == wanted)).first()


def existing_user(session: Session, username: str) -> UserRow:
    """The reviewer with this name.

    Raises:
        AccountError: there is none.
    """
    user = find_user(session, username)
    if user is None:
        raise AccountError(f"there is no user {username!r}")
    return user


def revoke_sessions(session: Session, username: str) -> UserRow:
    """End every session of this reviewer and close their admin feed address.

    Revocation is for a lost laptop or a copied cookie; the feed address sits in the same feed
    reader on the same laptop, so it is a credential to end as well.
    """
    user = existing_user(session, username)
    user.session_version += 1
    user.feed_token_hash = user.feed_token_created_at = None
    return user


def set_password(session: Session, username: str, password: str) -> UserRow:
    """Give a reviewer a new password; every existing session ends.

    Raises:
        AccountError: no such user, or the password is weak.
    """
    user = existing_user(session, username)
    check_password(user.username, password)
    user.password_hash = generate_password_hash(password)
    user.session_version += 1
    return user


@cache
def _dummy_hash() -> str:
    """A hash made the same way as real ones, checked for unknown names so both take as long."""
    return generate_password_hash(secrets.token_urlsafe(16))


def authenticate(session: Session, username: str, password: str) -> UserRow | None:
    """The reviewer if the password matches; None otherwise (without saying which part was wrong).

    An unknown name costs exactly one hash check, like a known one, so the answer's timing does
    not tell whether the name exists (``bench/login_timing.py`` measures it).
    """
    user = find_user(session, username)
    if user is None:
        check_password_hash(_dummy_hash(), password)
        return None
    return user if check_password_hash(user.password_hash, password) else None
