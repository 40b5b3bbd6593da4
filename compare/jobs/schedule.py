"""The scheduler's one periodic job: start the scheduled refresh, and pick up abandoned work.

Every worker started with the scheduler queues this job each minute, so with several workers it
runs several times a minute. The refresh time comes from the app's settings
(``REFRESH_SCHEDULE``, a crontab line in UTC), not from anyone's crontab; a run started for a
given minute has the id ``scheduled-<minute>``, so it starts once. The sweep (sources whose
worker vanished, webhook deliveries whose job was lost) is claimed per minute in the queue's
storage, so it runs once a minute across all machines.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

from flask import Flask
from huey import crontab

from compare import source_events
from compare.jobs import coordination, notify, queue, refresh_jobs
from compare.jobs.queue import huey
from compare.jobs.runtime import job_app
from compare.store.setup import sessions_of

DELIVERY_STALE = timedelta(minutes=30)
"""A pending delivery untouched this long lost its job (unless its retries wait longer still)."""

logger = logging.getLogger(__name__)


class ScheduleError(ValueError):
    """``REFRESH_SCHEDULE`` is not a crontab line."""


def is_due(schedule: str, moment: datetime) -> bool:
    """Whether the crontab line ``schedule`` ("m h dom mon dow") fires at ``moment``'s minute.

    Raises:
        ScheduleError: the line does not have five fields, or a field is not valid.
    """
    fields = schedule.split()
    if not fields:
        return False
    if len(fields) != 5:
        raise ScheduleError(f"REFRESH_SCHEDULE {schedule!r} must have five fields: minute hour day month weekday")
    minute, hour, day, month, day_of_week = fields
    try:
        return bool(crontab(minute, hour, day, month, day_of_week)(moment))
    except ValueError as exc:
        raise ScheduleError(f"REFRESH_SCHEDULE {schedule!r}: {exc}") from exc


def delivery_stale(app: Flask) -> timedelta:
    """How long a pending delivery may sit untouched before its job counts as lost."""
    longest = notify.retry_delay(app, max(1, int(app.config["WEBHOOK_RETRIES"])))
    return max(DELIVERY_STALE, timedelta(seconds=2 * longest))


def sweep(app: Flask, now: datetime) -> None:
    """Queue again the sources and webhook deliveries whose worker or job was lost."""
    lease = timedelta(seconds=refresh_jobs.lease_seconds(app))
    refresh_jobs.requeue_abandoned(app, unclaimed_before=now - lease)
    with sessions_of(app)() as session:
        lost = source_events.pending_deliveries(session, older_than=now - delivery_stale(app))
    notify.send(app, lost)


def tick(app: Flask, now: datetime) -> refresh_jobs.Run | None:
    """One minute of the schedule: maybe start the refresh; sweep unless another worker did."""
    run = None
    if is_due(str(app.config["REFRESH_SCHEDULE"]), now):
        run = refresh_jobs.start_run(app, trigger="scheduled", run_id=f"scheduled-{now:%Y%m%dT%H%M}")
    minute = f"{now:%Y%m%dT%H%M}"
    queue.configure(app.config.get("QUEUE_URL"), app.config.get("QUEUE_NAME"))
    if coordination.claim_period("sweep", minute):
        sweep(app, now)
        logger.info("sweep for %s done here", minute)
    else:
        logger.info("sweep for %s already done by another worker", minute)
    return run


@huey.periodic_task(crontab())  # type: ignore[untyped-decorator]
def every_minute() -> None:
    """The scheduler's tick."""
    with job_app() as app:
        tick(app, datetime.now(UTC).replace(second=0, microsecond=0))
