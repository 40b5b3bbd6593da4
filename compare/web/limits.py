"""Rate limits (Flask-Limiter): login attempts, anonymous saved profiles, and uncached renders.

- Login: failed attempts are counted per client address *and* per account name (case ignored),
  so neither guessing many passwords for one reviewer from many addresses nor many names from
  one address gets far; a successful login does not count.
- ``POST /profiles``: anonymous saves per address.
- Renders (PNG/SVG charts, the PDF/HTML report): only renders that miss the cache are counted,
  per address, because those are what take a worker for seconds; a reader paging through cached
  answers is never limited. Call :func:`charge_render` just before rendering.

A refused request is a ``429`` with ``Retry-After``. Counters live where the deployment keeps
shared state: ``RATELIMIT_STORAGE_URI`` when set, else the queue's Redis (``MSGCOMPARE_QUEUE_URL``
or ``REDIS_URL`` when they are ``redis://`` URLs), else this process's memory (one machine, the
README's two commands). The address is ``request.remote_addr``: behind a reverse proxy, set
``MSGCOMPARE_PROXY_COUNT`` (see ``compare.web.transport``) so it is the client's, not the proxy's.
"""

from __future__ import annotations

import math
import os
import time
from collections.abc import Mapping
from typing import Any

from flask import Flask, Response, current_app, request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from limits import parse
from werkzeug.exceptions import TooManyRequests

from compare.web.wording import gettext as _

EXTENSION = "msgcompare.limiter"
REDIS_SCHEMES = ("redis://", "rediss://", "redis+sentinel://", "redis+cluster://")
DEFAULTS = {
    "LOGIN_LIMIT_PER_ADDRESS": "20 per 10 minutes",
    "LOGIN_LIMIT_PER_ACCOUNT": "5 per 15 minutes",
    "PROFILE_LIMIT_PER_ADDRESS": "20 per hour",
    "RENDER_LIMIT_PER_ADDRESS": "10 per minute",
}


def storage_uri(config: Mapping[str, Any], environ: Mapping[str, str] = os.environ) -> str:
    """Where the counters live: explicit setting, else the queue's Redis, else memory."""
    explicit = config.get("RATELIMIT_STORAGE_URI")
    if explicit:
        return str(explicit)
    for candidate in (config.get("QUEUE_URL"), config.get("REDIS_URL"), environ.get("REDIS_URL")):
        if isinstance(candidate, str) and candidate.startswith(REDIS_SCHEMES):
            return candidate
    return "memory://"


def limiter() -> Limiter:
    """The app's limiter."""
    value: Limiter = current_app.extensions[EXTENSION]
    return value


def account_key() -> str:
    """The account a login form names, case and spaces ignored (the address when there is none)."""
    name = request.form.get("username", "").strip().lower()
    return f"account:{name}" if name else f"address:{get_remote_address()}"


def failed_login(response: Response) -> bool:
    """Only failed attempts count: a successful login redirects."""
    return response.status_code != 302


def _configured(name: str) -> str:
    return str(current_app.config[name])


def charge_render(kind: str) -> None:
    """Count one uncached render for this client; refuse it with 429 + Retry-After over the limit.

    Raises:
        TooManyRequests: the client has used its renders for now.
    """
    if not current_app.config.get("RATELIMIT_ENABLED", True):
        return
    item = parse(_configured("RENDER_LIMIT_PER_ADDRESS"))
    strategy = limiter().limiter
    address = get_remote_address()
    if strategy.hit(item, "render", address):
        return
    reset_at, _remaining = strategy.get_window_stats(item, "render", address)
    wait = max(1, math.ceil(reset_at - time.time()))
    raise TooManyRequests(
        _("Too many new charts or reports from your address; try again in %(seconds)s seconds.", seconds=wait),
        retry_after=wait,
    )


def init_app(app: Flask) -> None:
    """Create the app's limiter and attach the limits; call after every blueprint is registered."""
    for name, value in DEFAULTS.items():
        app.config.setdefault(name, value)
    app.config["RATELIMIT_STORAGE_URI"] = storage_uri(app.config)
    app.config.setdefault("RATELIMIT_HEADERS_ENABLED", True)
    app.config.setdefault("RATELIMIT_KEY_PREFIX", "msgcompare")
    extension = Limiter(get_remote_address, app=app, default_limits=[])
    app.extensions[EXTENSION] = extension

    def limit(endpoint: str, *limits: Any) -> None:
        view = app.view_functions[endpoint]
        for each in limits:
            view = each(view)
        app.view_functions[endpoint] = view

    limit(
        "admin.login",
        extension.limit(lambda: _configured("LOGIN_LIMIT_PER_ADDRESS"), methods=["POST"], deduct_when=failed_login, scope="login-address"),
        extension.limit(lambda: _configured("LOGIN_LIMIT_PER_ACCOUNT"), key_func=account_key, methods=["POST"], deduct_when=failed_login, scope="login-account"),
    )
    if "pages.save_profile" in app.view_functions:
        limit("pages.save_profile", extension.limit(lambda: _configured("PROFILE_LIMIT_PER_ADDRESS"), scope="profiles"))
