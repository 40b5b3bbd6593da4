"""One view, two formats: the HTML page and its JSON twin are rendered from the same document.

A page answers as JSON when its URL ends in ``.json`` or when the client prefers
``application/json`` over HTML. Successful JSON carries ``"ok": true``; errors use the shape in
``compare.web.errors``.
"""

from __future__ import annotations

from typing import Any

from flask import Response, current_app, render_template, request

JSON = "application/json"
HTML = "text/html"


def wants_json(fmt: str | None = None) -> bool:
    """Whether to answer with JSON: an explicit ``.json`` suffix, else content negotiation."""
    if fmt is not None:
        return fmt == "json"
    if request.path.endswith(".json"):
        return True
    accept = request.accept_mimetypes
    return accept.quality(JSON) > accept.quality(HTML)


def json_response(document: dict[str, Any], status: int = 200) -> Response:
    """A JSON response with non-ASCII kept readable (Dutch texts, typographic quotes)."""
    body = current_app.json.dumps(document, ensure_ascii=False)
    response = current_app.response_class(body, status=status, mimetype=JSON)
    response.vary.add("Accept")
    return response


def render(document: dict[str, Any], template: str, fmt: str | None = None, **context: Any) -> Response:
    """The document as JSON, or the template rendered with ``doc=document`` plus ``context``."""
    if wants_json(fmt):
        return json_response({"ok": True, **document})
    response = current_app.make_response(render_template(template, doc=document, **context))
    response.vary.add("Accept")
    return response
