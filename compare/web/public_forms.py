"""CSRF for the forms on public pages without giving every reader a session cookie.

Flask-WTF keeps its token in the session, so a public page that merely *shows* a form (save
weights as a profile, suggest a correction) would set a cookie on every visit, and every reader
would get different HTML that no cache can share. What a forged cross-site request could abuse
is the reader's cookie; a reader who has none has no authority to abuse. So:

- a request that carries our session cookie (a logged-in reviewer) gets, and must send back,
  Flask-WTF's session-bound token, as before;
- a request without one gets a token signed with the secret key for the current hour but bound
  to no one (it shows
  the form came from our page) and, on POST, must not come from another site: ``Origin`` must
  be ours and ``Sec-Fetch-Site`` must not say cross-site (OWASP's header-based defence).
  The session cookie is SameSite=Lax, so a cross-site POST never carries it anyway.
"""

from __future__ import annotations

import hashlib
import hmac
import time

from flask import current_app, request
from flask_wtf.csrf import CSRFError, generate_csrf, validate_csrf
from wtforms.validators import ValidationError

from compare.web.edge import split_url

PURPOSE = b"msgcompare public form "
BUCKET = 3600
"""Seconds per token: tokens change hourly and live as long as Flask-WTF's (``WTF_CSRF_TIME_LIMIT``)."""


class FormRefused(Exception):
    """The token is missing or wrong, or the POST came from another site."""


def _has_session() -> bool:
    return current_app.config["SESSION_COOKIE_NAME"] in request.cookies


def _bucket() -> int:
    """Seconds per token: an hour, or the token lifetime when that is shorter (so it can expire)."""
    limit = current_app.config.get("WTF_CSRF_TIME_LIMIT")
    return max(1, min(BUCKET, int(limit))) if limit else BUCKET


def _hour() -> int:
    return int(time.time() // _bucket())


def _public_token(hour: int | None = None) -> str:
    """``p.<hour>.<HMAC>``: the same for every reader within an hour, so pages stay cacheable."""
    hour = _hour() if hour is None else hour
    secret = str(current_app.config["SECRET_KEY"]).encode()
    return f"p.{hour}." + hmac.new(secret, PURPOSE + str(hour).encode(), hashlib.sha256).hexdigest()


def _public_token_holds(token: str) -> bool:
    """Signed by us, and no older than ``WTF_CSRF_TIME_LIMIT`` (give or take the hour it was made in)."""
    parts = token.split(".")
    if len(parts) != 3 or not parts[1].isdigit():
        return False
    hour = int(parts[1])
    limit = current_app.config.get("WTF_CSRF_TIME_LIMIT")
    age = _hour() - hour
    if age < 0 or (limit is not None and age * _bucket() > limit):
        return False
    return hmac.compare_digest(token, _public_token(hour))


def form_token() -> str:
    """The token a public form carries; sets no cookie unless the reader already has a session."""
    return generate_csrf() if _has_session() else _public_token()


def _same_site() -> bool:
    if request.headers.get("Sec-Fetch-Site", "same-origin") not in ("same-origin", "none"):
        return False
    origin = request.headers.get("Origin")
    if origin is None or origin == "null":
        return origin is None
    parts = split_url(origin)  # any header value: one Python cannot split is not our site either
    return parts is not None and parts.netloc == request.host


def check_form_token(token: str | None) -> None:
    """Accept the POST of a public form, or raise ``FormRefused``.

    Raises:
        FormRefused: no or a wrong token, or (without a session) a cross-site request.
    """
    if _has_session():
        try:
            validate_csrf(token)
        except (ValidationError, CSRFError):
            raise FormRefused() from None
        return
    if not token or not _public_token_holds(token) or not _same_site():
        raise FormRefused()
