"""Downloads for advisors: chart images and the matrix as CSV/XLSX/JSON.

Routes:

- ``/export/<chart>.png`` and ``.svg`` (``ranking``, ``matrix``, ``radar``, ``sensitivity``,
  ``tornado``) with ``width``, ``height`` (pixels) and, for PNG, ``scale``;
- ``/export/matrix.csv``, ``.xlsx``, ``.json``: every cell with level, quote, source and date;
- the report and the tender requirements live in ``compare.web.reports``.

All take the pages' parameters (``compare.web.selection``) and ``lang``. The builders live in
``compare.exports``; these views only read the request and set the headers.
"""

from __future__ import annotations

import hashlib
from collections.abc import Hashable
from typing import Any

from flask import Blueprint, Flask, Response, current_app, request, url_for
from flask.typing import ResponseReturnValue
from werkzeug.datastructures import MultiDict
from werkzeug.exceptions import NotFound, ServiceUnavailable

from compare.exports import figures, images, presets, spreadsheet, tables
from compare.exports.images import ChartRenderer, ImageSize, RendererUnavailable
from compare.exports.scope import Scope
from compare.web import health
from compare.web.caching import ResultCache
from compare.web.errors import BadParameters
from compare.web.i18n import current_language
from compare.web.limits import charge_render
from compare.web.pages import default_selection
from compare.web.selection import build_scope, parse_as_of, parse_int, scope_key, sensitivity_of
from compare.web.weights import requested_ids
from compare.web.wording import gettext as _

bp = Blueprint("exports", __name__)
RENDERER = "msgcompare.chart_renderer"
IMAGE_CACHE = "msgcompare.image_cache"


def renderer() -> ChartRenderer:
    """The process's chart renderer for the configured browser."""
    value: ChartRenderer = current_app.extensions[RENDERER]
    return value


def chart_scope(chart: str, args: MultiDict[str, str]) -> Scope:
    """The scope of one chart; a radar without ``products`` compares the default selection.

    Raises:
        NotFound: an unknown chart, profile or product.
        BadParameters: a bad parameter, or a radar of fewer than two or more than five offers.
    """
    if chart not in figures.CHARTS:
        raise NotFound(
            _(
                "There is no chart “%(chart)s”. Charts: %(known)s.",
                chart=chart,
                known=", ".join(figures.CHARTS),
            )
        )
    language = current_language()
    as_of = parse_as_of(args.get("as_of"))
    if chart != "radar" or requested_ids(args):
        scope = build_scope(args, language, as_of)
    else:
        field = build_scope(args, language, as_of)
        scope = build_scope(args, language, as_of, ids=default_selection(field.sheet))
    if chart == "radar" and not figures.RADAR_MIN <= len(scope.offers) <= figures.RADAR_MAX:
        raise BadParameters(
            [
                _(
                    "“products”: a radar compares %(min)s to %(max)s products or editions (you chose %(count)s).",
                    min=figures.RADAR_MIN,
                    max=figures.RADAR_MAX,
                    count=len(scope.offers),
                )
            ]
        )
    return scope


def figure_for(chart: str, scope: Scope) -> dict[str, Any]:
    """The chart's figure, running the (cached) sensitivity analysis when the chart needs it."""
    document = None
    if chart in figures.SENSITIVITY_CHARTS:
        analysis = sensitivity_of(scope)
        document = scope.sensitivity_document(analysis)
    return figures.chart_figure(chart, scope, document)


def image_size(args: MultiDict[str, str], fmt: str, figure: dict[str, Any]) -> tuple[ImageSize, dict[str, Any]]:
    """The image's size and the figure variant to draw at it.

    ``preset`` (``a4-portrait``, ``a4-landscape``, ``slide``) gives width and height; otherwise
    ``width``/``height`` within bounds, the height defaulting to the chart's own plus its title.

    Raises:
        BadParameters: an unknown preset, or a size out of bounds.
    """
    name = args.get("preset")
    if name is not None and name not in presets.PRESETS:
        raise BadParameters([_("“preset”: use one of %(known)s.", known=", ".join(presets.PRESETS))])
    if name is not None:
        preset = presets.PRESETS[name]
        width, wanted = preset.width, preset.height
    else:
        width = parse_int(args, "width", images.DEFAULT_WIDTH, images.MIN_WIDTH, images.MAX_WIDTH)
        wanted = parse_int(args, "height", 0, images.MIN_HEIGHT, images.MAX_HEIGHT) or None
    drawn, natural = presets.fitted(figure, width, wanted)
    height = min(max(natural, images.MIN_HEIGHT), images.MAX_HEIGHT)
    scale = parse_int(args, "scale", 1, images.MIN_SCALE, images.MAX_SCALE) if fmt == "png" else 1
    if width * height * scale**2 > images.MAX_PIXELS:
        limit = f"{images.MAX_PIXELS:,}"
        raise BadParameters([_("“scale”: width × height × scale² may be at most %(max)s pixels.", max=limit)])
    return ImageSize(width=width, height=height, scale=scale), drawn


def validator(*parts: Hashable) -> str:
    """A cache validator from what determines an answer (used before the costly rendering)."""
    return hashlib.sha256(repr(parts).encode("utf-8")).hexdigest()[:32]


def file_name(scope: Scope, stem: str, extension: str) -> str:
    """``msgcompare-<stem>-<profile>-<date>.<ext>``: a name that says what the file is."""
    day = (scope.as_of or scope.generated_at.date()).isoformat()
    return f"msgcompare-{stem}-{scope.choice.effective.id}-{day}.{extension}"


def download(body: bytes, mimetype: str, name: str, *, attachment: bool) -> Response:
    """Bytes with a content type and a file name (inline, or as an attachment)."""
    response = current_app.response_class(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = (
        f'{"attachment" if attachment else "inline"}; filename="{name}"'
    )
    response.headers["Cache-Control"] = (
        f"public, max-age={int(current_app.config['EXPORT_MAX_AGE'])}"
    )
    return response


@bp.get("/export/<chart>.<any(png, svg):fmt>")
def image(chart: str, fmt: str) -> ResponseReturnValue:
    """A chart as PNG or SVG, rendered on the server, titled with its profile and data date."""
    args: MultiDict[str, str] = request.args
    scope = chart_scope(chart, args)
    figure = figure_for(chart, scope)
    size, drawn = image_size(args, fmt, figure)
    key = ("image", chart, fmt, scope_key(scope), scope.language, size)
    # Weak: the same key gives the same picture, but plotly writes random clip-path ids into SVGs.
    etag = validator(key)
    if request.if_none_match.contains_weak(etag):
        response = current_app.response_class(status=304)
        response.set_etag(etag, weak=True)
        return response
    titled = images.titled(
        drawn,
        figures.chart_title(chart, scope.language),
        figures.provenance(scope),
        figures.credit(scope, url_for("pages.overview", _external=True)),
    )
    cache: ResultCache[bytes] = current_app.extensions[IMAGE_CACHE]

    def render() -> bytes:
        charge_render("image")  # only renders that miss the cache count against the client
        return renderer().render(titled, "png" if fmt == "png" else "svg", size)

    try:
        body = cache.get_or_compute(key, render)
    except RendererUnavailable as exc:
        current_app.logger.error("chart renderer unavailable: %s", exc)
        raise ServiceUnavailable(
            health.renderer_missing_message() or _("Chart images cannot be rendered right now. Please try again later.")
        ) from exc
    response = download(
        body, images.MEDIA_TYPES[fmt], file_name(scope, chart, fmt), attachment=False
    )
    response.set_etag(etag, weak=True)
    return response


@bp.get("/export/matrix.<any(csv, xlsx, json):fmt>")
def matrix(fmt: str) -> ResponseReturnValue:
    """The matrix with levels, evidence quotes, source URLs and dates."""
    args: MultiDict[str, str] = request.args
    scope = build_scope(args, current_language(), parse_as_of(args.get("as_of")))
    name = file_name(scope, "matrix", fmt)
    if fmt == "csv":
        response = download(tables.matrix_csv(scope), "text/csv", name, attachment=True)
        response.mimetype_params["charset"] = "utf-8"
        response.headers["Content-Type"] = "text/csv; charset=utf-8; header=present"
    elif fmt == "xlsx":
        xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        response = download(spreadsheet.matrix_workbook(scope), xlsx, name, attachment=True)
    else:
        body = current_app.json.dumps(tables.matrix_document(scope), ensure_ascii=False).encode(
            "utf-8"
        )
        response = download(body, "application/json", name, attachment=False)
    response.set_etag(hashlib.sha256(response.get_data()).hexdigest()[:32], weak=True)
    return response


def init_app(app: Flask) -> None:
    """Register the routes, the process's chart renderer and a small cache of rendered images."""
    app.config.setdefault("CHROMIUM_PATH", "/usr/bin/chromium")
    app.config.setdefault("EXPORT_MAX_AGE", 300)
    app.extensions[RENDERER] = images.shared_renderer(app.config["CHROMIUM_PATH"])
    app.extensions[IMAGE_CACHE] = ResultCache[bytes](64)
    app.register_blueprint(bp)
