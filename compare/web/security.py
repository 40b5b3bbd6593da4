"""Response headers that keep pages safe to show: CSP without inline scripts, no framing.

Every page refuses to be framed (``frame-ancestors 'none'`` and ``X-Frame-Options: DENY``) except
views marked with ``allow_framing`` or blueprints passed to ``allow_framing_for``: the embeds,
which sites of the organisations that use us may frame (``EMBED_FRAME_ANCESTORS``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from flask import Flask, Response, current_app, request

View = TypeVar("View", bound=Callable[..., object])
FRAMEABLE_ATTRIBUTE = "_msgcompare_frameable"
EXTENSION = "msgcompare.frameable_blueprints"

# Plotly writes <style> elements and style attributes while it draws, hence 'unsafe-inline' for
# styles only; scripts come from our own origin and nowhere else.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'"
)


def allow_framing(view: View) -> View:
    """Mark one view as embeddable by the sites in ``EMBED_FRAME_ANCESTORS``."""
    setattr(view, FRAMEABLE_ATTRIBUTE, True)
    return view


def allow_framing_for(app: Flask, blueprint_name: str) -> None:
    """Make every view of a blueprint embeddable (the ``embed`` blueprint)."""
    app.extensions.setdefault(EXTENSION, set()).add(blueprint_name)


def is_frameable() -> bool:
    """Whether the current request's view may be framed by other sites."""
    if request.blueprint is not None and request.blueprint in current_app.extensions.get(EXTENSION, set()):
        return True
    view = current_app.view_functions.get(request.endpoint or "")
    return bool(getattr(view, FRAMEABLE_ATTRIBUTE, False))


def _headers(response: Response) -> Response:
    if is_frameable():
        ancestors = current_app.config["EMBED_FRAME_ANCESTORS"]
        response.headers.setdefault("Content-Security-Policy", f"{CONTENT_SECURITY_POLICY}; frame-ancestors {ancestors}")
    else:
        response.headers.setdefault("Content-Security-Policy", f"{CONTENT_SECURITY_POLICY}; frame-ancestors 'none'")
        response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
    response.headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
    response.headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=(), interest-cohort=()")
    return response


def init_app(app: Flask) -> None:
    """Send the security headers on every response."""
    app.extensions.setdefault(EXTENSION, set())
    app.after_request(_headers)
