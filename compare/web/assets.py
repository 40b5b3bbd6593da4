"""Serve plotly.js and our static files at fingerprinted URLs, precompressed and cached for good.

plotly.js is the slim bundle ``scripts/build-assets.sh`` builds from the npm registry's plotly.js
(only the trace types ``compare.charts`` draws; see docs/decisions/0007) into ``assets/dist``,
with brotli and gzip variants made at build time. Without that build (an install without the
set-up script) the full bundle inside the ``plotly`` Python package is served instead, with a
warning in the log, so the pages still draw.

Both plotly.js and our static files (``site.css``, ``site.js``, the icon) are held in memory with
their gzip and brotli variants: a URL carries the content hash, so a browser may keep the file a
year (``immutable``) and a changed file gets a new URL.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import logging
import mimetypes
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

import brotli
from flask import Blueprint, Flask, Response, abort, current_app, request, url_for
from flask.typing import ResponseReturnValue

bp = Blueprint("assets", __name__, url_prefix="/assets")
EXTENSION = "msgcompare.assets"
ONE_YEAR = 365 * 24 * 3600
IMMUTABLE = f"public, max-age={ONE_YEAR}, immutable"
BUILD = Path(__file__).resolve().parents[2] / "assets" / "dist"
ENCODINGS = ("br", "gzip")
"""Preferred first: brotli is about a fifth smaller than gzip on plotly.js."""
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Encoded:
    """One file's bytes as they are and compressed, with its content hash."""

    content: bytes
    variants: dict[str, bytes]
    """Content-Encoding → compressed bytes (``br``, ``gzip``)."""
    fingerprint: str
    mimetype: str

    @classmethod
    def compress(cls, content: bytes, mimetype: str, fingerprint_length: int = 16) -> Encoded:
        """Compress once, at start-up (only small files here; plotly.js comes precompressed)."""
        variants = {
            "br": brotli.compress(content, quality=11),
            "gzip": gzip.compress(content, compresslevel=9, mtime=0),
        }
        return cls(content, variants, hashlib.sha256(content).hexdigest()[:fingerprint_length], mimetype)

    def response(self) -> Response:
        """The best encoding the client accepts, cacheable for a year, with a strong ETag."""
        chosen = next((name for name in ENCODINGS if request.accept_encodings.quality(name) > 0), None)
        body = self.variants[chosen] if chosen else self.content
        response = Response(body, mimetype=self.mimetype)
        if chosen:
            response.content_encoding = chosen
        response.headers["Cache-Control"] = IMMUTABLE
        response.set_etag(f"{self.fingerprint}-{chosen or 'identity'}")
        response.vary.add("Accept-Encoding")
        response.make_conditional(request)
        return response


@dataclass(frozen=True)
class PlotlyBundle:
    """The plotly.js the pages load: which build it is, its version and its trace types."""

    file: Encoded
    origin: str
    """``slim`` (assets/dist) or ``package`` (the full bundle of the plotly Python package)."""
    version: str
    traces: tuple[str, ...]
    """Trace types the bundle draws; empty for the full bundle (all of them)."""

    @property
    def fingerprint(self) -> str:
        return self.file.fingerprint

    @classmethod
    def from_build(cls, folder: Path = BUILD) -> PlotlyBundle:
        """The slim bundle and its .br/.gz variants as ``scripts/build-assets.sh`` wrote them."""
        manifest = json.loads((folder / "manifest.json").read_text())
        content = (folder / "plotly.min.js").read_bytes()
        variants = {
            "br": (folder / "plotly.min.js.br").read_bytes(),
            "gzip": (folder / "plotly.min.js.gz").read_bytes(),
        }
        encoded = Encoded(content, variants, hashlib.sha256(content).hexdigest()[:16], "text/javascript")
        return cls(encoded, "slim", manifest["plotly"], tuple(manifest["traces"]))

    @classmethod
    def from_package(cls) -> PlotlyBundle:
        """The full plotly.min.js shipped inside the installed plotly package."""
        from plotly.offline import get_plotlyjs_version

        content = files("plotly").joinpath("package_data", "plotly.min.js").read_bytes()
        return cls(Encoded.compress(content, "text/javascript"), "package", get_plotlyjs_version(), ())

    @classmethod
    def load(cls) -> PlotlyBundle:
        """The slim build when it exists, else the package's full bundle (with a warning)."""
        if (BUILD / "manifest.json").is_file():
            return cls.from_build()
        log.warning("assets/dist is missing (run scripts/build-assets.sh): serving the full plotly.js")
        return cls.from_package()


@dataclass
class Assets:
    """What the app serves: the plotly bundle and our own static files, encoded."""

    plotly: PlotlyBundle
    static: dict[str, Encoded]

    @property
    def static_hashes(self) -> dict[str, str]:
        """Content hash of every static file, by relative path (kept for callers and tests)."""
        return {name: encoded.fingerprint for name, encoded in self.static.items()}


def static_files(folder: Path) -> dict[str, Encoded]:
    """Every file of the static folder with its compressed variants and a 12-digit content hash."""
    encoded = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            mimetype = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            encoded[path.relative_to(folder).as_posix()] = Encoded.compress(path.read_bytes(), mimetype, 12)
    return encoded


def _assets() -> Assets:
    assets: Assets = current_app.extensions[EXTENSION]
    return assets


@bp.get("/plotly-<fingerprint>.min.js")
def plotly(fingerprint: str) -> ResponseReturnValue:
    """plotly.js; an old fingerprint is a 404, so a stale page never runs a mismatched bundle."""
    bundle = _assets().plotly
    if fingerprint != bundle.fingerprint:
        abort(404, description="This version of plotly.js is not served here.")
    return bundle.file.response()


def static(filename: str) -> ResponseReturnValue:
    """Our static files from memory; immutable when the URL carries the current content hash."""
    encoded = _assets().static.get(filename)
    if encoded is None:
        abort(404)
    response = encoded.response()
    if request.args.get("v") != encoded.fingerprint:
        response.headers["Cache-Control"] = "no-cache"  # an old or missing hash: revalidate
    return response


def plotly_url() -> str:
    """The fingerprinted URL of plotly.js, for templates."""
    return url_for("assets.plotly", fingerprint=_assets().plotly.fingerprint)


def static_url(filename: str) -> str:
    """A static file's URL with its content hash, so a changed file is fetched anew."""
    encoded = _assets().static.get(filename)
    return url_for("static", filename=filename, v=encoded.fingerprint if encoded else "0")


def init_app(app: Flask) -> None:
    """Load the bundle and encode the static files once, register the routes and template helpers."""
    static_folder = Path(app.static_folder or "static")
    app.extensions[EXTENSION] = Assets(plotly=PlotlyBundle.load(), static=static_files(static_folder))
    app.view_functions["static"] = static
    app.register_blueprint(bp)
    app.jinja_env.globals.update(plotly_url=plotly_url, static_url=static_url)
