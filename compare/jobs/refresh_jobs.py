"""Refresh as jobs: one job per watched document, each recorded as soon as it is fetched.

``start_run`` marks the chosen sources with a run id and queues one ``refresh_source`` job for
each. A job claims its source with a lease (a conditional UPDATE: the lock that works across
machines), fetches it, and records the result, the failing/recovered event and the release of
the claim in one transaction. A worker killed mid-job leaves its source claimed until the lease
runs out; the next job of the same run, or the scheduler's sweep, queues it again.
"""

from __future__ import annotations

import os
import socket
import threading
import uuid
from collections.abc import Collection
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from flask import Flask
from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from compare import refresh, source_events
from compare.jobs import coordination, notify, queue
from compare.jobs.queue import huey
from compare.jobs.runtime import job_app
from compare.store.jobs import RefreshRunRow
from compare.store.session import rowcount, transaction
from compare.store.setup import sessions_of
from compare.store.sources import SourceDocumentRow
from criteria.evidence_rules import RuleBook, levels_of, load_evidence_rules
from criteria.model import Catalogue
from scrapers.declarations import SOURCES_ROOT, DocumentDeclaration, SourceDeclaration, load_sources
from scrapers.fetch import FetchSettings, fetch_all

REQUEUED = "requeued"
"""Lease owner of a source queued again after its worker vanished: the next claim may take it."""


class UnknownProducts(ValueError):
    """Products asked for that have no source declarations."""


@dataclass(frozen=True)
class Run:
    """A refresh run: its id and the sources it covers."""

    id: str
    source_ids: list[int]


def fetch_settings(app: Flask) -> FetchSettings:
    """Fetch limits from the app config (MSGCOMPARE_FETCH_* in the environment).

    Each job fetches with a fetcher of its own, so the per-host spacing comes from a pacer in
    the queue's storage, which every job in every worker of this installation shares.
    """
    queue.configure(app.config.get("QUEUE_URL"), app.config.get("QUEUE_NAME"))
    return FetchSettings(
        contact_url=app.config["FETCH_CONTACT_URL"],
        max_concurrency=int(app.config["FETCH_MAX_CONCURRENCY"]),
        max_bytes=int(app.config["FETCH_MAX_BYTES"]),
        allow_networks=tuple(app.config["FETCH_ALLOW_NETWORKS"]),
        pacer=coordination.QueuePacer(float(app.config["FETCH_HOST_INTERVAL_SECONDS"])),
    )


def sources_root(app: Flask) -> Path:
    """Where the source declarations live (``MSGCOMPARE_SOURCES_ROOT``; default the shipped ones)."""
    return Path(app.config.get("SOURCES_ROOT") or SOURCES_ROOT)


def declarations(app: Flask) -> tuple[SourceDeclaration, ...]:
    """The source declarations (raises CatalogueError naming a broken file)."""
    catalogue: Catalogue = app.extensions["msgcompare.catalogue"]
    return load_sources({c.id for c in catalogue.criteria}, sources_root(app))


def rule_book(app: Flask) -> RuleBook:
    """The evidence rules, loaded once per app."""
    book: RuleBook | None = app.extensions.get("msgcompare.rule_book")
    if book is None:
        book = load_evidence_rules(levels_of(app.extensions["msgcompare.catalogue"]))
        app.extensions["msgcompare.rule_book"] = book
    return book


def lease_seconds(app: Flask) -> float:
    """How long a claim on a source lasts (far longer than a fetch may take)."""
    return float(app.config["REFRESH_LEASE_SECONDS"])


def start_run(
    app: Flask,
    product_ids: Collection[str] | None = None,
    *,
    trigger: str = "manual",
    run_id: str | None = None,
    enqueue: bool = True,
) -> Run | None:
    """Mark the declared sources (of ``product_ids``) with a new run and queue a job for each.

    Returns None when ``run_id`` was given and that run exists already (another scheduler
    started it), so a scheduled refresh happens once however many schedulers there are.

    Raises:
        UnknownProducts: some of ``product_ids`` have no declarations.
        CatalogueError: a declaration file is broken.
    """
    chosen = declarations(app)
    if product_ids:
        unknown = set(product_ids) - {d.product_id for d in chosen}
        if unknown:
            raise UnknownProducts(f"no source declarations for {', '.join(sorted(unknown))}")
        chosen = tuple(d for d in chosen if d.product_id in product_ids)
    run_id = run_id or uuid.uuid4().hex
    now = datetime.now(UTC)
    with transaction(sessions_of(app)) as session:
        if session.get(RefreshRunRow, run_id) is not None:
            return None
        targets = refresh.sync_sources(session, chosen)
        ids = [t.source_id for t in targets]
        session.add(RefreshRunRow(id=run_id, trigger=trigger, created_at=now, sources=len(ids)))
        if ids:
            session.execute(update(SourceDocumentRow).where(SourceDocumentRow.id.in_(ids)).values(run_id=run_id))
    run = Run(run_id, ids)
    if enqueue and ids:
        queue.configure(app.config.get("QUEUE_URL"), app.config.get("QUEUE_NAME"))
        with app.app_context():
            for source_id in ids:
                refresh_source(source_id, run_id)
            if not queue.huey.immediate:
                watch_run.schedule((run_id,), delay=lease_seconds(app))
    return run


def _owner() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{threading.get_ident()}"


def claim(session: Session, source_id: int, run_id: str, owner: str, now: datetime, lease: float) -> bool:
    """Take the source for this run unless a live claim holds it; True when we got it."""
    return bool(rowcount(session.execute(
        update(SourceDocumentRow)
        .where(
            SourceDocumentRow.id == source_id,
            SourceDocumentRow.run_id == run_id,
            or_(
                SourceDocumentRow.lease_until.is_(None),
                SourceDocumentRow.lease_until < now,
                SourceDocumentRow.lease_owner == REQUEUED,
            ),
        )
        .values(lease_owner=owner, lease_until=now + timedelta(seconds=lease))
    )))


def _document(app: Flask, row: SourceDocumentRow) -> DocumentDeclaration | None:
    for declaration in declarations(app):
        if declaration.product_id == row.product_id:
            for document in declaration.documents:
                if document.id == row.document_id:
                    return document
    return None


def refresh_now(app: Flask, source_id: int, run_id: str) -> refresh.SourceOutcome | None:
    """Claim, fetch and record one source; None when it is not ours to do (done, or claimed)."""
    sessions = sessions_of(app)
    owner = _owner()
    with transaction(sessions) as session:
        if not claim(session, source_id, run_id, owner, datetime.now(UTC), lease_seconds(app)):
            return None
        row = session.get(SourceDocumentRow, source_id)
        assert row is not None  # noqa: S101 - the claim matched it
        document = _document(app, row)
        target = refresh.target_for(session, row, document) if document is not None else None

    deliveries: list[int] = []

    def release(session: Session, _outcome: refresh.SourceOutcome) -> None:
        deliveries.extend(session.info.pop(source_events.NEW_DELIVERIES, []))
        released = session.execute(
            update(SourceDocumentRow)
            .where(SourceDocumentRow.id == source_id, SourceDocumentRow.lease_owner == owner)
            .values(run_id=None, lease_owner=None, lease_until=None)
        )
        if not rowcount(released):
            raise refresh.LeaseLost(f"source {source_id}: the claim ran out and another worker took it")

    if target is None:  # the declaration was removed since the run started: nothing to fetch
        with transaction(sessions) as session:
            release(session, refresh.SourceOutcome(row.product_id, row.document_id, row.url, row.status))
        return None
    outcome = fetch_all([target.request], fetch_settings(app))[0]
    try:
        result = refresh.record_one(sessions, target, outcome, rule_book(app), on_recorded=release)
    except refresh.LeaseLost:
        app.logger.warning("source %s: claim lost while fetching; the other worker records it", source_id)
        return None
    notify.send(app, deliveries)
    return result


def requeue_abandoned(app: Flask, run_id: str | None = None, *, unclaimed_before: datetime | None = None) -> list[int]:
    """Queue again the sources whose worker vanished: claimed with a lease that ran out.

    With ``unclaimed_before`` also those never claimed although their run began before then
    (their job was lost between the queue and the claim).
    """
    now = datetime.now(UTC)
    lease = lease_seconds(app)
    requeued: list[tuple[int, str]] = []
    with transaction(sessions_of(app)) as session:
        query = select(SourceDocumentRow.id, SourceDocumentRow.run_id).where(SourceDocumentRow.run_id.is_not(None))
        if run_id is not None:
            query = query.where(SourceDocumentRow.run_id == run_id)
        stale = SourceDocumentRow.lease_until < now
        if unclaimed_before is not None:
            old_runs = select(RefreshRunRow.id).where(RefreshRunRow.created_at < unclaimed_before)
            stale = stale | (SourceDocumentRow.lease_until.is_(None) & SourceDocumentRow.run_id.in_(old_runs))
        candidates = session.execute(query.where(stale)).all()
        for source_id, source_run in candidates:
            taken = session.execute(
                update(SourceDocumentRow)
                .where(SourceDocumentRow.id == source_id, SourceDocumentRow.run_id == source_run, stale)
                .values(lease_owner=REQUEUED, lease_until=now + timedelta(seconds=lease))
            )
            if rowcount(taken) and source_run:
                requeued.append((source_id, source_run))
    for source_id, source_run in requeued:  # after the commit, so the job sees its mark
        refresh_source(source_id, source_run)
    return [source_id for source_id, _ in requeued]


@huey.task()  # type: ignore[untyped-decorator]
def refresh_source(source_id: int, run_id: str) -> None:
    """Refresh one source for one run, then queue again any source of the run left by a dead worker."""
    with job_app() as app:
        refresh_now(app, source_id, run_id)
        requeue_abandoned(app, run_id)


@huey.task()  # type: ignore[untyped-decorator]
def watch_run(run_id: str) -> None:
    """Every lease period while the run has sources left: queue again those a dead worker held."""
    with job_app() as app:
        # Also sources never claimed: a worker killed between taking the job and claiming the
        # source lost it. A source still waiting in a long queue is queued twice at worst,
        # and the second job finds it done.
        requeue_abandoned(app, run_id, unclaimed_before=datetime.now(UTC) - timedelta(seconds=lease_seconds(app)))
        with sessions_of(app)() as session:
            left = session.scalar(select(SourceDocumentRow.id).where(SourceDocumentRow.run_id == run_id).limit(1))
        if left is not None:
            watch_run.schedule((run_id,), delay=lease_seconds(app))
