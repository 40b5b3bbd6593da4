"""Friendly error pages and one JSON error shape, for every failure a reader can cause.

Unknown products, profiles or parameters are a 404 or 400 with a page that says what was wrong
and links back; a bug is a logged 500 with the same friendly page, never a stack trace.
JSON errors look like ``{"ok": false, "status": 404, "error": "...", "errors": ["..."]}``.
"""

from __future__ import annotations

from flask import Flask, Response, current_app, render_template
from flask_babel import gettext as _
from werkzeug.exceptions import BadRequest, HTTPException, InternalServerError

from compare.web.formats import json_response, wants_json

MAX_ERRORS = 20


class BadParameters(BadRequest):
    """A 400 that lists every bad parameter, so a reader can fix a link in one go."""

    def __init__(self, errors: list[str]) -> None:
        if len(errors) > MAX_ERRORS:  # a hostile request can have 60,000 bad keys; say so, briefly
            errors = [*errors[:MAX_ERRORS], _("… and %(count)s more.", count=len(errors) - MAX_ERRORS)]
        super().__init__(description="; ".join(errors))
        self.errors = errors


def titles() -> dict[int, str]:
    """Page titles for the statuses a reader can meet."""
    return {
        400: _("Some parameters are not valid"),
        404: _("Not found"),
        405: _("This address does not accept that request"),
        429: _("Too many requests"),
        500: _("Something went wrong on our side"),
        503: _("Temporarily unavailable"),
    }


def default_messages() -> dict[int, str]:
    """What to say when the error carries no message of its own."""
    return {
        400: _("The request could not be understood."),
        404: _("There is no page at this address. It may have moved, or the link may be mistyped."),
        405: _("This address does not accept that request."),
        429: _("Too many requests from your address. Please wait a little and try again."),
    }


def title_of(status: int) -> str:
    """The page title for ``status``."""
    return titles().get(status) or _("Error %(status)s", status=status)


def error_response(status: int, errors: list[str]) -> Response:
    """The error as JSON or as the friendly HTML page."""
    title = title_of(status)
    if wants_json():
        return json_response({"ok": False, "status": status, "error": errors[0] if errors else title, "errors": errors}, status)
    body = render_template("errors/error.html", status=status, title=title, errors=errors)
    return current_app.make_response((body, status))


def custom_message(exc: HTTPException) -> bool:
    """Whether the error carries a message we wrote (a 503 says what is missing and how to fix it)."""
    return bool(exc.description) and exc.description != type(exc).description


def handle_http_error(exc: HTTPException) -> Response:
    """Any HTTP error raised by a view or the router."""
    status = exc.code or 500
    errors = list(getattr(exc, "errors", None) or [])
    if not errors:
        # Werkzeug's stock descriptions are English and technical; ours are translated.
        custom = exc.description and exc.description != type(exc).description
        errors = [exc.description] if custom and exc.description else [default_messages().get(status, title_of(status))]
    if status >= 500 and not (status == 503 and custom_message(exc)):
        errors = [_("The error has been logged. Please try again later.")]
    response = error_response(status, errors)
    if exc.response is None:
        for header, value in exc.get_headers():
            if header.lower() in ("allow", "retry-after"):
                response.headers[header] = value
    return response


def handle_unexpected(exc: InternalServerError) -> Response:
    """A bug: log it with its traceback, show the friendly page."""
    original = exc.original_exception or exc
    current_app.logger.error("unhandled error", exc_info=original)
    return error_response(500, [_("The error has been logged. Please try again later.")])


def init_app(app: Flask) -> None:
    """Register the handlers."""
    app.register_error_handler(InternalServerError, handle_unexpected)
    app.register_error_handler(HTTPException, handle_http_error)
