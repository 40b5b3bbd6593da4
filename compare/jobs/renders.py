"""Render jobs: ask for a rendering (a PDF report, a chart image…), poll it, fetch its bytes.

The web tier never renders in a request. It calls ``request_render``, which finds or creates the
job for these parameters on this data version and queues it; the page answers "being prepared"
(202) until ``job.status`` is done, then serves ``render_result``. Results live in the database,
so any web server can serve a job any worker made, and the same request on the same data is
rendered once.

A renderer is registered on the app under a kind, usually in a web module's ``init_app``::

    renders.register(app, "report.pdf", build_report_pdf)

    def build_report_pdf(app: Flask, params: Mapping[str, Any]) -> Rendered: ...

It runs inside a test request context whose query string is ``params`` (so code that reads
``request.args`` works unchanged) and whose base URL is the one given when the job was asked
for. At most ``RENDER_MAX_CONCURRENCY`` renders run at once in one worker process, whatever the
worker's thread count, because each may drive a browser.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import threading
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from flask import Flask
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from compare.jobs import queue
from compare.jobs.queue import huey
from compare.jobs.runtime import job_app
from compare.store.jobs import JobStatus, RenderJobRow
from compare.store.session import rowcount, transaction
from compare.store.setup import sessions_of

log = logging.getLogger(__name__)

EXTENSION = "msgcompare.renderers"
Params = Mapping[str, Any]


@dataclass(frozen=True)
class Rendered:
    """What a renderer returns: the bytes and their media type."""

    body: bytes
    media_type: str


Renderer = Callable[[Flask, Params], Rendered]


@dataclass(frozen=True)
class RenderJob:
    """A job as the web tier sees it (no result bytes: fetch those with ``render_result``)."""

    id: str
    kind: str
    params: dict[str, Any]
    data_version: str
    status: JobStatus
    media_type: str | None
    error: str | None
    created_at: datetime
    finished_at: datetime | None

    @property
    def done(self) -> bool:
        """The result can be fetched."""
        return self.status is JobStatus.DONE

    @property
    def failed(self) -> bool:
        """The render raised; ``error`` says why (asking again queues a new attempt)."""
        return self.status is JobStatus.FAILED


class UnknownRenderKind(KeyError):
    """No renderer is registered under that kind."""


WARMERS = "msgcompare.render_warmers"


def register(app: Flask, kind: str, renderer: Renderer, warm: Callable[[Flask], None] | None = None) -> None:
    """Register ``renderer`` under ``kind`` on ``app`` (workers build the same app, so see it too).

    ``warm``, if given, reads what the renderer's first run would otherwise read on the clock
    (files, templates); a starting worker runs it in the background (see ``warm_worker``).
    """
    app.extensions.setdefault(EXTENSION, {})[kind] = renderer
    if warm is not None and warm not in (warmers := app.extensions.setdefault(WARMERS, [])):
        warmers.append(warm)


def warm_worker(app: Flask) -> threading.Thread:
    """Start the worker's browser and run every renderer's warmer, both in the background.

    A fresh worker's first report otherwise pays for launching Chromium, loading plotly.js,
    reading the risk register and compiling the report template before it can print; done
    while the worker waits for its first job, the first report costs what any other does.
    Failures are only logged: the render that needs the part reports them with its deadline.
    """
    from compare.rendering.browser import shared_browser

    shared_browser(app.config["CHROMIUM_PATH"], max_concurrency=int(app.config["RENDER_MAX_CONCURRENCY"])).warm()

    def run() -> None:
        for warm in app.extensions.get(WARMERS, []):
            try:
                warm(app)
            except Exception:  # the first render that needs it raises it again, with its context
                log.exception("warming a renderer failed")

    thread = threading.Thread(target=run, name="warm-renderers", daemon=True)
    thread.start()
    return thread


def job_key(kind: str, params: Params, data_version: str) -> str:
    """The identity of a render: same kind, parameters and data version → same job."""
    canonical = json.dumps([kind, _plain(params), data_version], sort_keys=True, ensure_ascii=True)
    return hashlib.sha256(canonical.encode("ascii")).hexdigest()


def _plain(params: Params) -> dict[str, Any]:
    """Parameters as JSON values; a MultiDict keeps its repeated keys as lists."""
    getlist = getattr(params, "getlist", None)
    if getlist is not None:
        return {key: (values[0] if len(values) == 1 else values) for key in params for values in [getlist(key)]}
    return dict(params)


def _view(row: RenderJobRow) -> RenderJob:
    return RenderJob(
        id=row.id, kind=row.kind, params=dict(row.params), data_version=row.data_version,
        status=row.status, media_type=row.media_type, error=row.error,
        created_at=row.created_at, finished_at=row.finished_at,
    )


def request_render(
    app: Flask, kind: str, params: Params, data_version: str, *, base_url: str | None = None,
    before_new: Callable[[], None] | None = None,
) -> RenderJob:
    """The job for this render, queued if it is new, failed before, or was abandoned by a dead worker.

    ``before_new`` runs before a job is queued (not when one exists): the per-client render limit
    (``compare.web.limits.charge_render``), whose 429 leaves nothing written.

    Raises:
        UnknownRenderKind: nothing renders ``kind``.
    """
    if kind not in app.extensions.get(EXTENSION, {}):
        raise UnknownRenderKind(kind)
    key = job_key(kind, params, data_version)
    now = datetime.now(UTC)
    stale_before = now - timedelta(seconds=float(app.config["RENDER_TIMEOUT_SECONDS"]))
    sessions = sessions_of(app)
    with sessions() as session:  # the usual case, a job that exists and stands: read only
        row = session.scalars(select(RenderJobRow).where(RenderJobRow.key == key)).first()
        if row is not None and not _to_queue_again(row, stale_before):
            return _view(row)
    enqueue = False
    # IMMEDIATE: on SQLite a read transaction that later writes fails at once ("locked") when a
    # worker wrote in between; taking the write lock first makes it wait its turn instead.
    with transaction(sessions, immediate=True) as session:
        row = session.scalars(select(RenderJobRow).where(RenderJobRow.key == key)).first()
        requeue = row is not None and _to_queue_again(row, stale_before)
        if before_new is not None and (row is None or requeue):
            before_new()
        if row is None:
            row = RenderJobRow(
                id=uuid.uuid4().hex, key=key, kind=kind, params=_plain(params), data_version=data_version,
                base_url=base_url, status=JobStatus.QUEUED, created_at=now,
            )
            try:
                with session.begin_nested():
                    session.add(row)
                enqueue = True
            except IntegrityError:  # another server created it a moment ago
                row = session.scalars(select(RenderJobRow).where(RenderJobRow.key == key)).one()
        elif requeue:
            row.status, row.error, row.created_at, row.started_at = JobStatus.QUEUED, None, now, None
            enqueue = True
        job = _view(row)
    if enqueue:
        queue.configure(app.config.get("QUEUE_URL"), app.config.get("QUEUE_NAME"))
        with app.app_context():  # in immediate mode the job runs here, in this app
            run_render(job.id)
        if queue.huey.immediate:
            return render_job(app, job.id) or job
    return job


def _to_queue_again(row: RenderJobRow, stale_before: datetime) -> bool:
    """A failed job, or one not done that no worker has touched since ``stale_before``."""
    return row.status is JobStatus.FAILED or (
        row.status is not JobStatus.DONE and (row.started_at or row.created_at) < stale_before
    )


def render_job(app: Flask, job_id: str) -> RenderJob | None:
    """The job's current state, or None for an unknown id."""
    with sessions_of(app)() as session:
        row = session.get(RenderJobRow, job_id)
        return _view(row) if row is not None else None


def render_result(app: Flask, job_id: str) -> Rendered | None:
    """The rendered bytes of a finished job, or None while it is not done."""
    with sessions_of(app)() as session:
        row = session.get(RenderJobRow, job_id)
        if row is None or row.status is not JobStatus.DONE or row.result is None:
            return None
        return Rendered(row.result, row.media_type or "application/octet-stream")


WORKER_NICENESS = 10
"""How much lower than the web tier a job worker runs: on a machine that runs both, pages keep
their CPU while reports print (the worker's browser inherits it)."""


def lower_worker_priority(niceness: int = WORKER_NICENESS) -> int:
    """Lower this process's CPU priority to ``niceness``; call before the worker starts threads.

    On Linux niceness belongs to each thread and new threads (and the browser, forked later)
    inherit it from the thread that starts them, so the main thread is lowered first. The
    worker also becomes a batch task (``SCHED_BATCH``): the scheduler then never lets it preempt
    a web worker that just woke for a request. The browser goes lower still (see
    ``compare.rendering.browser.run_only_when_idle``). Returns the niceness now in force
    (unchanged where the system refuses).
    """
    batch = getattr(os, "SCHED_BATCH", None)
    if batch is not None:
        with contextlib.suppress(OSError):
            os.sched_setscheduler(0, batch, os.sched_param(0))
    try:
        current = os.nice(0)
        return os.nice(niceness - current) if current < niceness else current
    except OSError:
        return niceness


_slots_lock = threading.Lock()
_slots: dict[int, threading.BoundedSemaphore] = {}


def _render_slots(app: Flask) -> threading.BoundedSemaphore:
    """The process's bound on renders running at once."""
    limit = max(1, int(app.config["RENDER_MAX_CONCURRENCY"]))
    with _slots_lock:
        return _slots.setdefault(limit, threading.BoundedSemaphore(limit))


@huey.task(retries=0)  # type: ignore[untyped-decorator]
def run_render(job_id: str) -> None:
    """Render one job and store its bytes (or its error) on the job row."""
    with job_app() as app:
        sessions = sessions_of(app)
        with _render_slots(app):
            with transaction(sessions) as session:
                claimed = rowcount(session.execute(
                    update(RenderJobRow)
                    .where(RenderJobRow.id == job_id, RenderJobRow.status == JobStatus.QUEUED)
                    .values(status=JobStatus.RUNNING, started_at=datetime.now(UTC))
                ))
                row = session.get(RenderJobRow, job_id)
            if not claimed or row is None:
                return  # done already, or another worker has it
            renderer = app.extensions.get(EXTENSION, {}).get(row.kind)
            try:
                if renderer is None:
                    raise UnknownRenderKind(row.kind)
                with app.test_request_context("/", base_url=row.base_url, query_string=row.params):
                    rendered = renderer(app, row.params)
            except Exception as exc:
                app.logger.exception("render job %s (%s) failed", job_id, row.kind)
                values: dict[str, Any] = {"status": JobStatus.FAILED, "error": f"{type(exc).__name__}: {exc}"}
            else:
                values = {"status": JobStatus.DONE, "result": rendered.body, "media_type": rendered.media_type, "error": None}
            with transaction(sessions) as session:
                session.execute(
                    update(RenderJobRow)
                    .where(RenderJobRow.id == job_id)
                    .values(finished_at=datetime.now(UTC), **values)
                )
