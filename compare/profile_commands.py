"""``msgcompare profiles prune``: remove saved profiles nobody came back to.

Anyone may save a profile without an account, so the table grows with every experiment (and with
every script that posts forms). A saved link may also sit in a procurement file, though, so only
profiles whose link was never opened after the saving visit are candidates, only when they are
older than the operator's retention period, and only after the operator has seen the list.
"""

from __future__ import annotations

from datetime import timedelta

import click
from flask import Flask, current_app
from flask.cli import AppGroup

from compare.store import profiles as saved_profiles
from compare.store.session import transaction
from compare.store.setup import sessions_of

profiles = AppGroup("profiles", help="Saved custom weight profiles.")


@profiles.command("prune")
@click.option(
    "--unopened-days",
    type=click.IntRange(min=1),
    default=90,
    show_default=True,
    help="Remove profiles saved more than this many days ago whose link nobody opened since.",
)
@click.option("--yes", is_flag=True, help="Delete them; without it the command only lists them.")
def prune_command(unopened_days: int, yes: bool) -> None:
    """List (or with --yes delete) saved profiles whose link was never opened after saving."""
    with transaction(sessions_of(current_app)) as session:
        rows = saved_profiles.unopened_profiles(session, timedelta(days=unopened_days))
        for row in rows:
            click.echo(f"{row.id}\tsaved {row.created_at:%Y-%m-%d}\t{row.name}")
        if not yes:
            click.echo(f"{len(rows)} saved profile(s) unopened for {unopened_days} days; run again with --yes to delete them.")
            return
        removed = saved_profiles.prune_profiles(session, [row.id for row in rows])
    click.echo(f"Deleted {removed} saved profile(s).")


def init_app(app: Flask) -> None:
    """Register the command group."""
    app.cli.add_command(profiles)
