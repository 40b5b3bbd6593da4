"""Reviewer accounts: created from the command line, passwords kept only as salted hashes."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from compare.store.sources import UserRow

MIN_PASSWORD_LENGTH = 12


class AccountError(Exception):
    """An account cannot be created as asked."""


def create_user(session: Session, username: str, password: str) -> UserRow:
    """Add a reviewer.

    Raises:
        AccountError: the name is taken or empty, or the password is too short.
    """
    username = username.strip()
    if not username:
        raise AccountError("the user name is empty")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"the password must have at least {MIN_PASSWORD_LENGTH} characters")
    if find_user(session, username) is not None:
        raise AccountError(f"user {username!r} already exists")
    user = UserRow(username=username, password_hash=generate_password_hash(password), created_at=datetime.now(UTC))
    session.add(user)
    session.flush()
    return user


def find_user(session: Session, username: str) -> UserRow | None:
    """The reviewer with this name, if any."""
    return session.scalars(select(UserRow).where(UserRow.username == username)).first()


def authenticate(session: Session, username: str, password: str) -> UserRow | None:
    """The reviewer if the password matches; None otherwise (without saying which part was wrong)."""
    user = find_user(session, username.strip())
    if user is None:
        # Hash anyway so a wrong name takes as long as a wrong password.
        check_password_hash(generate_password_hash("timing"), password)
        return None
    return user if check_password_hash(user.password_hash, password) else None
