"""Settings with safe defaults; the environment (prefix MSGCOMPARE_) or create_app overrides win."""

from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
INSTANCE_DIR = PROJECT_ROOT / "instance"
DEFAULT_DATABASE_URL = f"sqlite:///{INSTANCE_DIR / 'msgcompare.sqlite3'}"


def database_url_from_environment() -> str:
    """``DATABASE_URL`` (the usual hosting convention), else ``MSGCOMPARE_DATABASE_URL``, else SQLite."""
    return os.environ.get("DATABASE_URL") or os.environ.get("MSGCOMPARE_DATABASE_URL") or DEFAULT_DATABASE_URL


def instance_secret_key(instance_dir: Path = INSTANCE_DIR) -> str:
    """A random key kept in the instance folder, for ``scripts/serve.sh`` on a single machine.

    The app itself never reads it (it takes MSGCOMPARE_SECRET_KEY from the environment, so every
    web server of an installation can share one); the one-machine launcher keeps a key here and
    exports it, so sessions survive restarts without a shipped secret.
    """
    path = instance_dir / "secret_key"
    if path.exists():
        return path.read_text(encoding="utf-8").strip()
    instance_dir.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    # Created 0600 in one step: there is no moment at which another user could read it. O_EXCL,
    # so two workers starting at once do not both write; the loser reads the winner's key.
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text(encoding="utf-8").strip()
    with os.fdopen(descriptor, "w", encoding="utf-8") as file:
        file.write(key)
    return key


def queue_url_from_environment() -> str | None:
    """``MSGCOMPARE_QUEUE_URL``, for messages about the queue before an app exists."""
    return os.environ.get("MSGCOMPARE_QUEUE_URL")


class DefaultSettings:
    """Defaults for a single-machine install on SQLite; every value can be overridden."""

    DEFAULT_PROFILE = "core"
    LANGUAGES = ("en", "nl")
    BABEL_DEFAULT_LOCALE = "en"
    # Pages that may be framed by other sites (the embeds); a space-separated CSP source list.
    EMBED_FRAME_ANCESTORS = "*"
    SENSITIVITY_SAMPLES = 10_000
    SENSITIVITY_SEED = 20261124
    # Bodies are capped on the bytes read, chunked ones included (compare.web.edge).
    MAX_CONTENT_LENGTH = 64 * 1024
    # A form token is good for four hours; a login for eight (Flask checks the cookie's signed age).
    WTF_CSRF_TIME_LIMIT = 4 * 3600
    PERMANENT_SESSION_LIFETIME = timedelta(hours=8)
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    # Scrapers: who we are, and how hard we may pull on vendors' sites.
    FETCH_CONTACT_URL = "https://github.com/msgcompare/msgcompare"
    FETCH_MAX_CONCURRENCY = 8
    FETCH_MAX_BYTES = 5 * 1024 * 1024
    FETCH_ALLOW_NETWORKS: tuple[str, ...] = ()
    FETCH_HOST_INTERVAL_SECONDS = 1.0
    """Least time between two requests to one vendor host, across all jobs and workers."""
    # Jobs: where the queue lives (unset: the embedded SQLite queue; redis://… for several hosts).
    QUEUE_URL: str | None = None
    QUEUE_NAME = "msgcompare"
    """Keeps the queues of several installations on one Redis apart."""
    REFRESH_SCHEDULE = "0 4 * * *"
    """When the scheduler refreshes every source: a crontab line in UTC ("" switches it off)."""
    REFRESH_LEASE_SECONDS = 600
    """How long a worker's claim on a source lasts; a dead worker's source is retried after it."""
    SOURCES_ROOT: str | None = None
    """Folder of source declarations (default: scrapers/sources)."""
    WEBHOOK_ALLOW_NETWORKS: tuple[str, ...] = ()
    WEBHOOK_RETRIES = 5
    """Further attempts after a webhook delivery fails, before it is marked failed."""
    WEBHOOK_RETRY_DELAY_SECONDS = 10.0
    """Wait before the first retry; each further wait is WEBHOOK_RETRY_BACKOFF times longer."""
    WEBHOOK_RETRY_BACKOFF = 3.0
    """Networks webhooks may reach although private or loopback (tests; an intranet receiver)."""
    TRUSTED_PROXY_HOPS = 0
    """Reverse proxies in front of the app whose X-Forwarded-For/-Proto/-Host headers are trusted."""
    RENDER_MAX_CONCURRENCY = 2
    """Renders at once per worker process: each may drive a browser."""
    RENDER_TIMEOUT_SECONDS = 300
    """A render still not done after this long was abandoned by a dead worker and is queued again."""
