"""Where the service is reached: the public base URL, trusted hosts, HTTPS behind a reverse proxy.

- ``PUBLIC_BASE_URL`` (``https://compare.example.org``): every absolute URL we write (embed code,
  OpenAPI ``servers``, report links, permalinks) starts with it, whatever ``Host`` a client sent;
  the request's host and scheme are replaced by it before the app sees them.
- ``TRUSTED_HOSTS`` (a list): a request naming any other host is a 400. Without a base URL or a
  list, only ``localhost``, ``127.0.0.1`` and ``::1`` are served (the development set-up); a
  deployment sets one or both.
- ``PROXY_COUNT`` (0 by default): the number of reverse proxies in front of us. When above 0,
  Werkzeug's ProxyFix takes the client address and the scheme from that many ``X-Forwarded-For``
  and ``X-Forwarded-Proto`` entries (never ``X-Forwarded-Host``), and the service assumes HTTPS:
  cookies are ``Secure`` and HTTPS answers carry ``Strict-Transport-Security``. An https base URL
  does the same.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any
from urllib.parse import urlsplit

from flask import Flask, Response, current_app, request
from werkzeug.exceptions import BadRequest
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.sansio.utils import host_is_trusted

LOCAL_HOSTS = ["localhost", "127.0.0.1", "::1"]
HSTS = "max-age=31536000; includeSubDomains"


class PublicOrigin:
    """WSGI middleware: refuse untrusted hosts, then present every request as the public base URL.

    The check is done here rather than by Flask's own ``TRUSTED_HOSTS``, which fails while the
    request is being set up and leaves the error page unable to build its links.
    """

    def __init__(self, app: Any, base_url: str | None, trusted_hosts: Iterable[str] | None) -> None:
        parts = urlsplit(base_url or "")
        self.app, self.scheme, self.netloc = app, parts.scheme, parts.netloc
        self.prefix = parts.path.rstrip("/")
        self.trusted = list(trusted_hosts) if trusted_hosts is not None else None

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Any:
        host = environ.get("HTTP_HOST") or environ.get("SERVER_NAME", "")
        if self.trusted is not None and not host_is_trusted(host, self.trusted):
            return BadRequest("Unknown host.")(environ, start_response)
        if self.netloc:
            environ["HTTP_HOST"] = self.netloc
            environ["wsgi.url_scheme"] = self.scheme
            if self.prefix and not environ.get("SCRIPT_NAME"):
                environ["SCRIPT_NAME"] = self.prefix
        return self.app(environ, start_response)


def https_assumed(config: Any) -> bool:
    """Behind a proxy (which terminates TLS) or with an https base URL."""
    base = str(config.get("PUBLIC_BASE_URL") or "")
    return int(config.get("PROXY_COUNT") or 0) > 0 or base.startswith("https://")


def add_hsts(response: Response) -> Response:
    """``Strict-Transport-Security`` on answers that went out over HTTPS, when HTTPS is the set-up."""
    if request.is_secure and https_assumed(current_app.config):
        response.headers.setdefault("Strict-Transport-Security", HSTS)
    return response


def init_app(app: Flask) -> None:
    """Apply the settings above (read once, at start-up)."""
    base = app.config.get("PUBLIC_BASE_URL") or None
    if base is not None:
        parts = urlsplit(str(base))
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ValueError(f"PUBLIC_BASE_URL must be an http(s) URL with a host, not {base!r}")
        app.config["PREFERRED_URL_SCHEME"] = parts.scheme
    trusted = app.config.get("TRUSTED_HOSTS")
    if trusted is None and base is None:
        trusted = LOCAL_HOSTS
    app.config["TRUSTED_HOSTS"] = None  # checked by PublicOrigin instead (see its docstring)
    app.extensions["msgcompare.trusted_hosts"] = trusted
    if https_assumed(app.config):
        app.config["SESSION_COOKIE_SECURE"] = True
        app.config["REMEMBER_COOKIE_SECURE"] = True
    wsgi: Any = PublicOrigin(app.wsgi_app, str(base) if base else None, trusted)
    proxies = int(app.config.get("PROXY_COUNT") or 0)
    if proxies > 0:
        wsgi = ProxyFix(wsgi, x_for=proxies, x_proto=proxies, x_host=0, x_port=0, x_prefix=0)
    app.wsgi_app = wsgi  # type: ignore[method-assign]
    app.after_request(add_hsts)
