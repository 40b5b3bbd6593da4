"""Bind the job queue to an app: its URL, and the ``worker`` and ``serve`` commands."""

from __future__ import annotations

from flask import Flask

from compare.jobs import queue, serving


def init_app(app: Flask) -> None:
    """Check the queue URL at start-up and register the commands.

    A test app with no queue configured runs jobs in the caller (``memory://``), so tests of a
    page that asks for a render need no worker unless they set one up on purpose.
    """
    if app.config.get("TESTING") and not app.config.get("QUEUE_URL"):
        app.config["QUEUE_URL"] = "memory://"
    queue.storage_for(app.config.get("QUEUE_URL"))
    app.cli.add_command(serving.worker_command)
    app.cli.add_command(serving.serve_command)
