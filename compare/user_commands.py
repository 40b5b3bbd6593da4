"""``msgcompare users create|password|revoke``: reviewer accounts from the command line.

Passwords are read from a prompt (hidden, asked twice) or, when stdin is not a terminal, from
its first line — never from the command line, where ``ps`` and shell history would show them.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager

import click
from flask import Flask, current_app
from flask.cli import AppGroup
from sqlalchemy.orm import Session

from compare import accounts
from compare.store.session import transaction
from compare.store.setup import sessions_of

users = AppGroup("users", help="Reviewer accounts for the admin area.")


def read_password() -> str:
    """The new password: from a hidden prompt, or the first line of stdin when it is piped."""
    if not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\r\n")
    value: str = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    return value


@contextmanager
def account_transaction() -> Iterator[Session]:
    """One unit of work on reviewer accounts; a refused change (weak password, unknown or taken
    name) is one line on the terminal, not a traceback, and writes nothing."""
    try:
        with transaction(sessions_of(current_app)) as session:
            yield session
    except accounts.AccountError as exc:
        raise click.ClickException(str(exc)) from exc


@users.command("create")
@click.argument("username")
def create_user_command(username: str) -> None:
    """Create a reviewer (asks for a password of at least 12 characters, not a common one)."""
    password = read_password()
    with account_transaction() as session:
        accounts.create_user(session, username, password)
    click.echo(f"Created reviewer {username!r}.")


@users.command("password")
@click.argument("username")
def password_command(username: str) -> None:
    """Set a reviewer's password; every session of theirs ends."""
    password = read_password()
    with account_transaction() as session:
        accounts.set_password(session, username, password)
    click.echo(f"New password set for {username!r}; their sessions have ended.")


@users.command("revoke")
@click.argument("username")
def revoke_command(username: str) -> None:
    """End every session of a reviewer now and close their feed address (a lost laptop, a copied cookie)."""
    with account_transaction() as session:
        accounts.revoke_sessions(session, username)
    click.echo(f"Every session of {username!r} has ended, and their admin feed address is closed.")


def init_app(app: Flask) -> None:
    """Register the command group."""
    app.cli.add_command(users)
