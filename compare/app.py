"""The application factory: the one place that wires Flask, the store, the pages and the CLI."""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from typing import Any

from flask import Flask

from compare import commands, settings
from compare.jobs import setup as jobs_setup
from compare.store import setup as store_setup
from compare.web import (
    admin,
    admin_events,
    api,
    assets,
    compression,
    corrections,
    edge,
    embed,
    errors,
    exports,
    health,
    i18n,
    jobs,
    limits,
    method,
    open_data,
    pages,
    reports,
    security,
    transport,
)
from criteria.load import load_catalogue


def create_app(overrides: Mapping[str, Any] | None = None) -> Flask:
    """Build an isolated app; tests, the CLI and the server each get their own."""
    app = Flask(
        __name__,
        template_folder=str(settings.PROJECT_ROOT / "templates"),
        static_folder=str(settings.PROJECT_ROOT / "static"),
        instance_path=str(settings.INSTANCE_DIR),
    )
    app.config.from_object(settings.DefaultSettings)
    app.config["DATABASE_URL"] = settings.database_url_from_environment()
    app.config.from_prefixed_env("MSGCOMPARE")
    app.config.update(overrides or {})
    if not app.config.get("SECRET_KEY"):
        # Only the development server and the CLI get here (``serve`` refuses to start without
        # MSGCOMPARE_SECRET_KEY): a key per process, so nothing is written to one host's disk.
        app.config["SECRET_KEY"] = secrets.token_hex(32)
    # Loaded once: the catalogue is immutable, and a broken one must stop the start-up, not a request.
    app.extensions["msgcompare.catalogue"] = load_catalogue()
    store_setup.init_app(app)
    jobs_setup.init_app(app)
    edge.init_app(app)  # first: the int converter must be in place before any route is added
    transport.init_app(app)
    i18n.init_app(app)
    security.init_app(app)
    compression.init_app(app)
    errors.init_app(app)
    health.init_app(app)
    assets.init_app(app)
    pages.init_app(app)
    method.init_app(app)
    open_data.init_app(app)
    corrections.init_app(app)
    # API, exports and embeds after the site's error handlers: the API wraps them for /api/ paths.
    api.init_app(app)
    exports.init_app(app)
    reports.init_app(app)
    embed.init_app(app)
    jobs.init_app(app)
    admin.init_app(app)
    admin_events.init_app(app)
    commands.init_app(app)
    limits.init_app(app)  # last: it wraps views that the blueprints above registered
    return app
