"""Compressed answers and ETags on pages, so a repeat view moves a few hundred bytes.

Flask-Compress picks brotli or gzip from ``Accept-Encoding`` for HTML, JSON, CSV, SVG and our
text assets (plotly.js and the static files arrive precompressed and are left alone). Pages get
a strong ETag of their body and ``Cache-Control: no-cache``: a browser keeps the page but asks
again each time, and an unchanged page answers 304 with no body. This only works because public
pages set no session cookie (``compare.web.public_forms``), so the same URL gives the same HTML.
"""

from __future__ import annotations

from flask import Flask, Response, request
from flask_compress import Compress

MIMETYPES = (
    "text/html",
    "application/json",
    "application/problem+json",
    "text/csv",
    "image/svg+xml",
    "text/css",
    "text/javascript",
)


def _page_etag(response: Response) -> Response:
    if (
        request.method in ("GET", "HEAD")
        and response.status_code == 200
        and response.mimetype == "text/html"
        and not response.is_streamed
        and response.get_etag()[0] is None
    ):
        response.add_etag()
        response.headers.setdefault("Cache-Control", "no-cache")
        response.make_conditional(request)
    return response


def init_app(app: Flask) -> None:
    """Compress responses and tag pages. Flask runs after-request hooks last-registered first,
    so the ETag is set on the plain body before Flask-Compress compresses it and tags it
    per encoding (``"…:br"``), answering 304 itself when the client already has that one."""
    app.config.setdefault("COMPRESS_MIMETYPES", list(MIMETYPES))
    app.config.setdefault("COMPRESS_ALGORITHM", ["br", "gzip"])
    app.config.setdefault("COMPRESS_BR_LEVEL", 5)
    Compress(app)
    app.after_request(_page_etag)
