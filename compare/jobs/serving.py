"""``msgcompare worker`` and ``msgcompare serve``: the job workers and the production web server.

``serve`` runs gunicorn and, when the queue is the embedded default (no Redis), one worker
process beside it with the scheduler, so a single command is a complete service on one
machine. With ``MSGCOMPARE_QUEUE_URL=redis://…`` it serves only, and ``msgcompare worker``
runs wherever there is capacity.
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from typing import Any

import click
from flask import Flask, current_app
from flask.cli import with_appcontext
from gunicorn.app.base import BaseApplication

from compare import gc_tuning
from compare.jobs import queue, runtime

SECRET_KEY_VARIABLE = "MSGCOMPARE_SECRET_KEY"  # noqa: S105 - the name of the variable, not a key


def default_web_workers() -> int:
    """Two per core plus one (gunicorn's advice for I/O-bound sync workers), at most eight."""
    return min(2 * (os.cpu_count() or 1) + 1, 8)


def _import_jobs() -> None:
    """Import every module that registers tasks, so a worker knows them all."""
    import compare.jobs.notify
    import compare.jobs.refresh_jobs
    import compare.jobs.renders
    import compare.jobs.schedule  # noqa: F401


@click.command("worker")
@click.option("--concurrency", "-c", type=click.IntRange(1, 64), default=2, show_default=True, help="Jobs run at once (threads).")
@click.option("--scheduler/--no-scheduler", default=True, show_default=True, help="Also run the periodic schedule (scheduled refresh, retries of abandoned work).")
@with_appcontext
def worker_command(concurrency: int, scheduler: bool) -> None:
    """Run queued jobs (refreshes, renders, webhook deliveries) until interrupted."""
    app: Flask = current_app._get_current_object()  # type: ignore[attr-defined]
    url = app.config.get("QUEUE_URL")
    if url == "memory://":
        raise click.ClickException("MSGCOMPARE_QUEUE_URL=memory:// runs jobs in the caller; a worker has nothing to do")
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    _import_jobs()
    from compare.jobs.renders import lower_worker_priority, warm_worker

    lower_worker_priority()  # renders take the CPU the web tier leaves; threads inherit it
    warm_worker(app)  # the browser starts and report files are read now, so the first render is warm
    queue.configure(url, app.config.get("QUEUE_NAME"))
    runtime.use_app(app)
    where = url or f"sqlite:///{queue.DEFAULT_QUEUE_FILE}"
    click.echo(f"msgcompare worker: {concurrency} threads on {_redacted(where)}" + (", with the scheduler" if scheduler else ""), err=True)
    # An idle worker polls the SQLite queue five times a second (Huey's default backs off to 10 s),
    # so a chart image queued by a page is drawn within the page's short wait; Redis blocks.
    consumer = queue.huey.create_consumer(
        workers=concurrency, periodic=scheduler, worker_type="thread", check_worker_health=True, max_delay=0.2
    )
    consumer.run()


def _redacted(url: str) -> str:
    """A queue URL without its password, for logs."""
    if "@" in url and "://" in url:
        scheme, rest = url.split("://", 1)
        return f"{scheme}://***@{rest.split('@', 1)[1]}"
    return url


class _Gunicorn(BaseApplication):  # type: ignore[misc]
    """gunicorn configured from code, serving a fresh ``create_app()`` in each worker."""

    def __init__(self, options: dict[str, Any]) -> None:
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> Any:
        from compare.app import create_app

        return create_app()


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, envvar="HOST")
@click.option("--port", default=5000, show_default=True, type=click.IntRange(1, 65535), envvar="PORT")
@click.option("--workers", "web_workers", type=click.IntRange(1, 64), default=None, help="gunicorn workers (default: 2 × cores + 1, at most 8).")
@click.option("--timeout", default=60, show_default=True, type=click.IntRange(5, 3600), help="Seconds before gunicorn restarts a stuck worker.")
@click.option("--embedded-worker/--no-embedded-worker", default=None, help="Run a job worker beside the web server (default: only when the queue is not Redis).")
@click.option("--worker-concurrency", default=2, show_default=True, type=click.IntRange(1, 64))
@with_appcontext
def serve_command(host: str, port: int, web_workers: int | None, timeout: int, embedded_worker: bool | None, worker_concurrency: int) -> None:
    """Serve msgcompare in production (gunicorn), with a job worker when the queue is embedded."""
    app: Flask = current_app._get_current_object()  # type: ignore[attr-defined]
    if not os.environ.get(SECRET_KEY_VARIABLE):
        raise click.ClickException(
            f"{SECRET_KEY_VARIABLE} is not set: every web server must sign sessions with the same key; "
            f"set it to a long random value (python3 -c 'import secrets; print(secrets.token_hex(32))')"
        )
    url = app.config.get("QUEUE_URL")
    if url == "memory://":
        raise click.ClickException("MSGCOMPARE_QUEUE_URL=memory:// is for tests; use redis://… or leave it unset")
    queue.storage_for(url)  # a bad URL stops the start-up with its message
    if embedded_worker is None:
        embedded_worker = not queue.is_shared(url)
    child: subprocess.Popen[bytes] | None = None
    if embedded_worker:
        child = subprocess.Popen(  # noqa: S603 - our own interpreter and module
            [sys.executable, "-m", "compare.cli", "worker", "--concurrency", str(worker_concurrency)]
        )
    options = {
        "bind": f"{host}:{port}",
        "workers": web_workers or default_web_workers(),
        "timeout": timeout,
        "graceful_timeout": 20,
        "accesslog": "-",
        "errorlog": "-",
        "forwarded_allow_ips": app.config.get("TRUSTED_PROXIES", "127.0.0.1"),
        "post_worker_init": gc_tuning.post_worker_init,  # freeze start-up objects: shorter GC pauses
    }
    click.echo(
        f"msgcompare serving at http://{host}:{port}/ with {options['workers']} web workers"
        + (f" and an embedded job worker ({worker_concurrency} threads)" if child else ""),
        err=True,
    )
    try:
        _Gunicorn(options).run()
    finally:
        if child is not None and child.poll() is None:
            child.terminate()
            try:
                child.wait(timeout=20)
            except subprocess.TimeoutExpired:
                child.kill()
