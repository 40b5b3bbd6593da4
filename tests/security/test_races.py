"""Four processes accept the same proposal at once on SQLite (issue 12, item 9).

Before, one of them failed with "database is locked" (a 500) every time. Now decisions take
SQLite's write lock up front (``BEGIN IMMEDIATE``, waiting up to the busy timeout), so exactly
one process wins and the others get 409 Conflict; one revision is written.
"""

from __future__ import annotations

import multiprocessing
import re
from multiprocessing.queues import Queue
from multiprocessing.synchronize import Barrier

from flask import Flask
from sqlalchemy import func, select

from compare.app import create_app
from compare.store.models import FactRevisionRow
from compare.store.setup import sessions_of
from tests.admin.test_review_flow import PASSWORD, pending, reviewed_app  # noqa: F401 (fixture)

RACERS = 4


def accept_in_a_process(database_url: str, proposal_id: int, barrier: Barrier, results: Queue[tuple[int, bool]]) -> None:
    """Log in with a fresh app in this process, wait for the others, then accept."""
    app = create_app({"TESTING": True, "DATABASE_URL": database_url, "SECRET_KEY": "race"})
    client = app.test_client()
    page = client.get("/admin/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)
    assert token is not None
    assert client.post("/admin/login", data={"username": "anna", "password": PASSWORD, "csrf_token": token.group(1)}).status_code == 302
    form = client.get(f"/admin/proposals/{proposal_id}").get_data(as_text=True)
    csrf = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', form)
    assert csrf is not None
    barrier.wait(timeout=60)
    response = client.post(f"/admin/proposals/{proposal_id}/accept", data={"csrf_token": csrf.group(1)})
    app.extensions["msgcompare.engine"].dispose()
    # A loser that waited for the lock read the winner's decision; one that hit the lock did not.
    results.put((response.status_code, "was already accepted" in response.get_data(as_text=True)))


def test_parallel_accepts_give_one_winner_and_409s(reviewed_app: Flask) -> None:  # noqa: F811
    proposal = pending(reviewed_app, "eu-storage")
    url = reviewed_app.config["DATABASE_URL"]
    with sessions_of(reviewed_app)() as session:
        before = session.scalar(select(func.count()).select_from(FactRevisionRow))
    context = multiprocessing.get_context("spawn")
    barrier, results = context.Barrier(RACERS), context.Queue()
    racers = [context.Process(target=accept_in_a_process, args=(url, proposal.id, barrier, results)) for _ in range(RACERS)]
    for racer in racers:
        racer.start()
    statuses = [results.get(timeout=120) for _ in racers]
    for racer in racers:
        racer.join(timeout=30)
    assert sorted(statuses) == [(302, False)] + [(409, True)] * (RACERS - 1)
    with sessions_of(reviewed_app)() as session:
        after = session.scalar(select(func.count()).select_from(FactRevisionRow))
    assert after == before + 1
