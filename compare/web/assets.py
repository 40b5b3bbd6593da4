"""Serve plotly.js from the installed ``plotly`` package at a fingerprinted, long-cached URL.

No CDN and no vendored copy: the file comes from the package pip installed, so upgrading plotly
upgrades the browser side too, and the URL changes with the content, so browsers may cache it
forever. Our own static files get a content hash in their query string for the same reason.
"""

from __future__ import annotations

import gzip
import hashlib
import threading
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path

from flask import Blueprint, Flask, Response, abort, current_app, request, url_for
from flask.typing import ResponseReturnValue

bp = Blueprint("assets", __name__, url_prefix="/assets")
EXTENSION = "msgcompare.assets"
ONE_YEAR = 365 * 24 * 3600


@dataclass
class PlotlyBundle:
    """plotly.min.js as bytes, its fingerprint, and a gzip copy made on first demand."""

    content: bytes
    fingerprint: str
    _gzipped: bytes | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @classmethod
    def from_package(cls) -> PlotlyBundle:
        """Read the bundle shipped inside the installed plotly package."""
        content = files("plotly").joinpath("package_data", "plotly.min.js").read_bytes()
        return cls(content=content, fingerprint=hashlib.sha256(content).hexdigest()[:16])

    @property
    def gzipped(self) -> bytes:
        """The gzip-compressed bundle (about a third of the size), compressed once per process."""
        with self._lock:
            if self._gzipped is None:
                self._gzipped = gzip.compress(self.content, compresslevel=9, mtime=0)
            return self._gzipped


@dataclass
class Assets:
    """What the app serves: the plotly bundle and the hashes of our own static files."""

    plotly: PlotlyBundle
    static_hashes: dict[str, str]


def static_hashes(folder: Path) -> dict[str, str]:
    """Content hash (12 hex digits) of every file in the static folder, by relative path."""
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()[:12]
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def _assets() -> Assets:
    assets: Assets = current_app.extensions[EXTENSION]
    return assets


@bp.get("/plotly-<fingerprint>.min.js")
def plotly(fingerprint: str) -> ResponseReturnValue:
    """plotly.js; an old fingerprint is a 404, so a stale page never runs a mismatched bundle."""
    bundle = _assets().plotly
    if fingerprint != bundle.fingerprint:
        abort(404, description="This version of plotly.js is not served here.")
    wants_gzip = request.accept_encodings.quality("gzip") > 0
    response = Response(bundle.gzipped if wants_gzip else bundle.content, mimetype="text/javascript")
    if wants_gzip:
        response.content_encoding = "gzip"
    response.headers["Cache-Control"] = f"public, max-age={ONE_YEAR}, immutable"
    response.set_etag(bundle.fingerprint + ("-gz" if wants_gzip else ""))
    response.vary.add("Accept-Encoding")
    return response.make_conditional(request)


def plotly_url() -> str:
    """The fingerprinted URL of plotly.js, for templates."""
    return url_for("assets.plotly", fingerprint=_assets().plotly.fingerprint)


def static_url(filename: str) -> str:
    """A static file's URL with its content hash, so a changed file is fetched anew."""
    return url_for("static", filename=filename, v=_assets().static_hashes.get(filename, "0"))


def init_app(app: Flask) -> None:
    """Read the bundle and hash the static files once, register the route and template helpers."""
    static_folder = Path(app.static_folder or "static")
    app.extensions[EXTENSION] = Assets(plotly=PlotlyBundle.from_package(), static_hashes=static_hashes(static_folder))
    app.register_blueprint(bp)
    app.jinja_env.globals.update(plotly_url=plotly_url, static_url=static_url)
