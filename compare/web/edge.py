"""The edge: input every route refuses before any view, database or renderer sees it.

Each rule closes a *class* of hostile input, for every route at once:

- request bodies are capped on the bytes actually read (``MAX_CONTENT_LENGTH`` applies to chunked
  and streamed bodies too, not only to a declared ``Content-Length``): 413;
- a NUL byte anywhere in the path, the query string or a form field is a 400 (PostgreSQL cannot
  store NUL in text, and no id, name or search term contains one);
- ``lang=`` must name a language we serve (pages used to ignore ``lang=xx``): 400;
- ``<int:…>`` URL parts are limited to what every database stores (1 … 2³¹−1): anything larger
  is a 404 from the router instead of a database overflow;
- JSON bodies are parsed by :func:`json_body`, with a nesting limit, so 20,000 ``[`` is a 400
  and not a ``RecursionError``;
- URLs a client sends (an ``Origin`` header, a form's web address) are split by
  :func:`split_url`, which answers None where ``urlsplit`` raises, so ``http://[::1`` is
  refused like any other wrong address and not a 500.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import SplitResult, urlsplit

from flask import Flask, current_app, request
from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.routing import IntegerConverter, Map

from compare.web.errors import BadParameters
from compare.web.wording import gettext as _

MAX_ID = 2**31 - 1
"""The largest id any of our tables holds on PostgreSQL (``integer``); SQLite would take 2⁶³−1."""
MAX_JSON_DEPTH = 16


class DatabaseId(IntegerConverter):
    """``<int:…>`` limited to 1 … 2³¹−1, so an id out of range is "not found", never a 500."""

    def __init__(self, map: Map, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("min", 1)
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)


def split_url(value: str) -> SplitResult | None:
    """``value`` split into its parts, or None when Python cannot take it apart.

    ``urlsplit`` raises ValueError on an unclosed or invalid IPv6 literal (``http://[::1``) and
    on a host that NFKC normalisation changes (``https://\u2100.example``), and ``.port`` raises
    on a port that is not a number from 0 to 65535; callers refuse such a URL as they refuse any
    other wrong one, instead of letting the exception become a 500.
    """
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 (raises on a port that is not a number in range)
    except ValueError:
        return None
    return parts


def nesting_depth(text: str) -> int:
    """The deepest ``[``/``{`` nesting in a JSON text, counted without parsing it (strings skipped)."""
    depth = deepest = 0
    in_string = escaped = False
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "]}":
            depth -= 1
    return deepest


def _reject_constants(name: str) -> Any:
    raise ValueError(name)


def _contains_nul(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, list):
        return any(_contains_nul(item) for item in value)
    if isinstance(value, dict):
        return any(_contains_nul(k) or _contains_nul(v) for k, v in value.items())
    return False


def json_body() -> Any:
    """The request body as JSON: UTF-8, nested at most ``MAX_JSON_DEPTH`` deep, no NaN/Infinity, no NUL.

    Raises:
        BadParameters: the body is not such JSON (the message says which rule it breaks).
        RequestEntityTooLarge: the body passes ``MAX_CONTENT_LENGTH`` (raised while reading).
    """
    raw = request.get_data(cache=True)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise BadParameters([_("The request body must be UTF-8 encoded JSON.")]) from None
    if nesting_depth(text) > MAX_JSON_DEPTH:
        raise BadParameters([_("The request body is nested too deeply (at most %(max)s levels).", max=MAX_JSON_DEPTH)])
    try:
        value = json.loads(text, parse_constant=_reject_constants)
    except ValueError:
        raise BadParameters([_("The request body must be a JSON object (Content-Type: application/json).")]) from None
    if _contains_nul(value):
        raise BadParameters([_("The request contains a NUL character.")])
    return value


def _has_nul(text: str) -> bool:
    return "\x00" in text


def read_capped_body() -> None:
    """Read a body sent without ``Content-Length`` (chunked) now, and refuse it at the cap.

    Werkzeug stops reading at ``MAX_CONTENT_LENGTH`` but hands the first bytes on as if they
    were the whole body; a form or JSON cut off there must be a 413, not a silently shorter one.
    The bytes are cached, so the form parser and :func:`json_body` read them from memory.

    Raises:
        RequestEntityTooLarge: the body reaches the cap.
    """
    cap = request.max_content_length
    if cap is None or request.content_length is not None or request.method in ("GET", "HEAD", "OPTIONS"):
        return
    if len(request.get_data(cache=True)) >= cap:
        raise RequestEntityTooLarge()


def check_request() -> None:
    """Refuse NUL bytes and unknown languages on every route (see the module docstring).

    Raises:
        BadParameters: a NUL byte in the path, query or form, or an unsupported ``lang``.
    """
    read_capped_body()
    if _has_nul(request.path) or any(_has_nul(k) or _has_nul(v) for k, v in request.args.items(multi=True)):
        raise BadParameters([_("The request contains a NUL character.")])
    if request.mimetype in ("application/x-www-form-urlencoded", "multipart/form-data") and any(
        _has_nul(k) or _has_nul(v) for k, v in request.form.items(multi=True)
    ):
        raise BadParameters([_("The request contains a NUL character.")])
    languages = tuple(current_app.config["LANGUAGES"])
    for raw in request.args.getlist("lang"):
        if raw not in languages:
            raise BadParameters([_("“lang”: use one of %(known)s.", known=", ".join(languages))])


def init_app(app: Flask) -> None:
    """Install the id converter (before any route is added) and the request checks."""
    app.url_map.converters["int"] = DatabaseId
    app.before_request(check_request)


