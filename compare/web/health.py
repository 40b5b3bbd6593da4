"""Health and failure modes a load balancer and a reader can rely on.

- ``GET /healthz``: ``{"database": "ok", "queue": "ok", "renderer": "ok"|"missing"}``; 503 with
  ``"error"`` naming the failing part when the database or the queue cannot be reached. A
  missing Chromium does not fail the check (pages work; chart images and PDF charts say how
  to install it).
- Any page whose database is down or not migrated answers 503 with a plain message, not 500.
- ``TRUSTED_PROXY_HOPS`` reverse proxies in front of the app are trusted for X-Forwarded-For,
  -Proto, -Host and -Port (werkzeug's ProxyFix); with 0 (the default) none are.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from flask import Flask, Response, current_app
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from werkzeug.middleware.proxy_fix import ProxyFix

from compare import operational
from compare.jobs import queue
from compare.store.setup import engine_of
from compare.web.errors import error_response
from compare.web.formats import json_response
from compare.web.wording import gettext as _


def renderer_state(app: Flask) -> str:
    """Whether the browser that renders chart images is installed."""
    path = str(app.config.get("CHROMIUM_PATH") or "/usr/bin/chromium")
    return "ok" if Path(path).is_file() or shutil.which(path) else "missing"


def renderer_missing_message() -> str | None:
    """What to tell a reader when Chromium is not installed (None when it is)."""
    if renderer_state(current_app) == "ok":
        return None
    return _(
        "Chart images need Chromium, which is not installed on this server: run "
        "“sudo apt-get install -y chromium fonts-dejavu-core” (or “bash scripts/serve.sh” as root), then try again."
    )


def healthz() -> Response:
    """The state of each part; 503 when the database or the queue is unreachable."""
    app = current_app
    state = {"database": "ok", "queue": "ok", "renderer": renderer_state(app)}
    errors = []
    try:
        with engine_of(app).connect() as connection:
            connection.execute(text("SELECT 1"))
    except Exception as exc:
        state["database"] = "unreachable"
        errors.append("database: " + (operational.describe(exc, app.config["DATABASE_URL"]) or repr(exc)))
    try:
        queue.ping(app.config.get("QUEUE_URL"), app.config.get("QUEUE_NAME"))
    except Exception as exc:
        state["queue"] = "unreachable"
        errors.append("queue: " + (operational.describe(exc, app.config["DATABASE_URL"], app.config.get("QUEUE_URL")) or repr(exc)))
    document: dict[str, object] = dict(state)
    if errors:
        document["error"] = "; ".join(errors)
    response = json_response(document, 503 if errors else 200)
    response.headers["Cache-Control"] = "no-store"
    return response


def database_unavailable(exc: DBAPIError) -> Response:
    """A page that needed the database while it is down or not migrated: 503, logged once."""
    message = operational.describe_database_error(exc, current_app.config["DATABASE_URL"])
    if message is None:
        raise exc
    current_app.logger.error("database unavailable: %s", message)
    response = error_response(503, [_("The database is not available right now. Please try again in a few minutes.")])
    response.headers["Retry-After"] = "30"
    return response


def init_app(app: Flask) -> None:
    """Register ``/healthz``, the 503 handler, and trust the configured proxies."""
    app.add_url_rule("/healthz", "healthz", healthz)
    app.register_error_handler(DBAPIError, database_unavailable)
    hops = int(app.config.get("TRUSTED_PROXY_HOPS") or 0)
    if hops > 0:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops, x_port=hops)  # type: ignore[method-assign]
