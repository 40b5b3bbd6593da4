"""The Flask app a job runs in: the caller's (immediate mode), else one per worker process.

Jobs need the app for its settings, database and catalogue. A worker process builds the app
once, from the same environment the web servers read, and shares it between its threads.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from flask import Flask, current_app, has_app_context

_app: Flask | None = None
_lock = threading.Lock()


def worker_app() -> Flask:
    """This process's app, created on first use."""
    global _app
    with _lock:
        if _app is None:
            from compare.app import create_app  # the app factory imports the jobs; import late

            _app = create_app()
        return _app


def use_app(app: Flask) -> None:
    """Make ``app`` the one jobs in this process run in (``msgcompare worker`` and ``serve``)."""
    global _app
    with _lock:
        _app = app


@contextmanager
def job_app() -> Iterator[Flask]:
    """An app context for a job: the current one when there is one, else the worker's."""
    if has_app_context():
        yield current_app._get_current_object()  # type: ignore[attr-defined]
        return
    app = worker_app()
    with app.app_context():
        yield app
