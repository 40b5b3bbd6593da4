"""Unused saved profiles can be pruned; a link someone came back to never is.

Anyone may save a profile, so scripted posts fill the table; but a saved link may sit in a
procurement file. The rule: only profiles nobody opened after the saving visit, older than the
operator's retention period, listed first and deleted only with ``--yes``.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from flask import Flask
from flask.testing import FlaskCliRunner
from sqlalchemy import select

from compare.store import profiles as saved_profiles
from compare.store.models import CustomProfileRow
from compare.store.session import transaction
from compare.store.setup import sessions_of
from criteria.model import LocalizedText, WeightProfile

LONG_AGO = datetime.now(UTC) - timedelta(days=200)


def save(app: Flask, name: str, saved_at: datetime) -> str:
    profile = WeightProfile(
        id="x", title=LocalizedText(en=name, nl=name), description=LocalizedText(en="test", nl="test"), weights={"encryption": 1.0}, must_haves=()
    )
    with transaction(sessions_of(app)) as session:
        row = saved_profiles.save_profile(session, name, "core", profile)
        row.created_at = saved_at
        return row.id


def remaining(app: Flask) -> set[str]:
    with transaction(sessions_of(app)) as session:
        return set(session.scalars(select(CustomProfileRow.id)))


def test_only_profiles_nobody_came_back_to_are_pruned_and_only_with_yes(app: Flask, runner: FlaskCliRunner) -> None:
    client = app.test_client()
    quoted = save(app, "Quoted in a tender", LONG_AGO)
    forgotten = save(app, "Forgotten experiment", LONG_AGO)
    recent = save(app, "Saved last week", datetime.now(UTC) - timedelta(days=7))
    assert client.get(f"/?profile={quoted}").status_code == 200, "someone opens the quoted link again"

    listing = runner.invoke(args=["profiles", "prune", "--unopened-days", "90"])
    assert listing.exit_code == 0, listing.output
    assert forgotten in listing.output
    assert quoted not in listing.output
    assert recent not in listing.output
    assert remaining(app) == {quoted, forgotten, recent}, "without --yes nothing is deleted"

    deleted = runner.invoke(args=["profiles", "prune", "--unopened-days", "90", "--yes"])
    assert deleted.exit_code == 0, deleted.output
    assert "Deleted 1 saved profile(s)." in deleted.output
    assert remaining(app) == {quoted, recent}
    assert client.get(f"/?profile={quoted}").status_code == 200


def test_the_savers_own_visit_does_not_count_as_use(app: Flask) -> None:
    client = app.test_client()
    fresh = save(app, "Just saved", datetime.now(UTC))
    assert client.get(f"/?profile={fresh}").status_code == 200
    with transaction(sessions_of(app)) as session:
        assert session.get(CustomProfileRow, fresh).first_reopened_at is None  # type: ignore[union-attr]
        assert [row.id for row in saved_profiles.unopened_profiles(session, timedelta(0))] == [fresh]


def test_a_view_racing_the_prune_keeps_the_profile(app: Flask) -> None:
    racing = save(app, "Opened during the prune", LONG_AGO)
    with transaction(sessions_of(app)) as session:
        candidates = [row.id for row in saved_profiles.unopened_profiles(session, timedelta(days=90))]
    assert candidates == [racing]
    assert app.test_client().get(f"/?profile={racing}").status_code == 200
    with transaction(sessions_of(app)) as session:
        assert saved_profiles.prune_profiles(session, candidates) == 0
    assert racing in remaining(app)


def test_prune_rejects_a_retention_below_one_day(runner: FlaskCliRunner) -> None:
    result = runner.invoke(args=["profiles", "prune", "--unopened-days", "0"])
    assert result.exit_code == 2
    assert "--unopened-days" in result.output
