"""Downloads for advisors: chart images and the matrix as CSV/XLSX/JSON.

Routes:

- ``/export/<chart>.png`` and ``.svg`` (``ranking``, ``matrix``, ``radar``, ``sensitivity``,
  ``tornado``) with ``width``, ``height`` (pixels) and, for PNG, ``scale``: render jobs drawn
  by a worker's shared browser (``compare.rendering.browser``), never in the web process;
- ``/export/matrix.csv``, ``.xlsx``, ``.json``: every cell with level, quote, source and date;
- the report and the tender requirements live in ``compare.web.reports``.

All take the pages' parameters (``compare.web.selection``) and ``lang``. The builders live in
``compare.exports``; these views only read the request and set the headers.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Hashable, Mapping
from typing import Any

from flask import Blueprint, Flask, Response, current_app, request, url_for
from flask.typing import ResponseReturnValue
from werkzeug.datastructures import MultiDict
from werkzeug.exceptions import NotFound, ServiceUnavailable

from compare.exports import figures, images, presets, spreadsheet, tables
from compare.exports.images import ImageSize
from compare.exports.scope import Scope
from compare.jobs import renders
from compare.rendering.browser import Browser, shared_browser
from compare.web import context, health
from compare.web.errors import BadParameters
from compare.web.i18n import current_language
from compare.web.limits import charge_render
from compare.web.pages import default_selection
from compare.web.selection import build_scope, parse_as_of, parse_int, scope_key, sensitivity_of
from compare.web.weights import requested_ids
from compare.web.wording import gettext as _

bp = Blueprint("exports", __name__)


def renderer() -> Browser:
    """The process's shared browser (started by its first render: in a job worker, never in a web worker)."""
    app = current_app
    return shared_browser(app.config["CHROMIUM_PATH"], max_concurrency=int(app.config["RENDER_MAX_CONCURRENCY"]))


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


def drawn_image(chart: str, fmt: str, args: MultiDict[str, str]) -> tuple[Scope, ImageSize, dict[str, Any], Hashable]:
    """What an image request draws: its scope, size, titled figure and the key of its picture.

    Raises:
        NotFound, BadParameters: as ``chart_scope`` and ``image_size``.
    """
    scope = chart_scope(chart, args)
    figure = figure_for(chart, scope)
    size, drawn = image_size(args, fmt, figure)
    key = ("image", chart, fmt, scope_key(scope), scope.language, size)
    titled = images.titled(
        drawn,
        figures.chart_title(chart, scope.language),
        figures.provenance(scope),
        figures.credit(scope, url_for("pages.overview", _external=True)),
    )
    return scope, size, titled, key


def image_renderer(chart: str, fmt: str) -> renders.Renderer:
    """The render job for one chart as PNG or SVG (runs in a job worker, on the request's query)."""

    def render(_app: Flask, _params: Mapping[str, Any]) -> renders.Rendered:
        _scope, size, titled, _key = drawn_image(chart, fmt, request.args)
        body = images.render(renderer(), titled, "png" if fmt == "png" else "svg", size)
        return renders.Rendered(body, images.MEDIA_TYPES[fmt])

    return render


def finished(job: renders.RenderJob, wait: float) -> renders.RenderJob:
    """The job once it is done or failed, or as it stands after ``wait`` seconds."""
    deadline = time.monotonic() + wait
    pause = 0.02
    while not (job.done or job.failed) and time.monotonic() < deadline:
        time.sleep(min(pause, max(0.0, deadline - time.monotonic())))
        pause = min(pause * 1.5, 0.2)
        job = renders.render_job(current_app, job.id) or job
    return job


def pending(location: str, retry: int) -> Response:
    """202: the image is being drawn; ask again at ``Location`` after ``Retry-After`` seconds."""
    body = {"status": "pending", "location": location, "retry_after": retry}
    response = current_app.response_class(current_app.json.dumps(body), status=202, mimetype="application/json")
    response.headers["Location"] = location
    response.headers["Retry-After"] = str(retry)
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/export/<chart>.<any(png, svg):fmt>")
def image(chart: str, fmt: str) -> ResponseReturnValue:
    """A chart as PNG or SVG, titled with its profile and data date, drawn by a job worker.

    The request waits a few seconds (``IMAGE_WAIT_SECONDS``) for the job, so an ``<img>`` in a
    plain page gets its picture; past that it answers 202 with ``Location`` and ``Retry-After``,
    as the report does. The web process never starts a browser.
    """
    args: MultiDict[str, str] = request.args
    scope, _size, _titled, key = drawn_image(chart, fmt, args)
    # Weak: the same key gives the same picture, but plotly writes random clip-path ids into SVGs.
    etag = validator(key)
    if request.if_none_match.contains_weak(etag):
        response = current_app.response_class(status=304)
        response.set_etag(etag, weak=True)
        return response
    params = MultiDict(args)
    params.setdefault("lang", current_language())  # the worker replays only the query string
    job = renders.request_render(
        current_app, f"image.{chart}.{fmt}", params, context.data_version(), base_url=request.host_url,
        before_new=lambda: charge_render("image"),  # only renders that are not made already count
    )
    job = finished(job, float(current_app.config["IMAGE_WAIT_SECONDS"]))
    if job.failed:
        current_app.logger.error("image job %s failed: %s", job.id, job.error)
        raise ServiceUnavailable(
            health.renderer_missing_message() or _("Chart images cannot be rendered right now. Please try again later.")
        )
    result = renders.render_result(current_app, job.id) if job.done else None
    if result is None:
        location = request.full_path if request.query_string else request.path
        return pending(location, int(current_app.config["IMAGE_RETRY_SECONDS"]))
    response = download(result.body, result.media_type, file_name(scope, chart, fmt), attachment=False)
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
    """Register the routes and the image render jobs; name the browser the workers render in."""
    app.config.setdefault("CHROMIUM_PATH", "/usr/bin/chromium")
    app.config.setdefault("EXPORT_MAX_AGE", 300)
    app.config.setdefault("IMAGE_WAIT_SECONDS", 5)
    app.config.setdefault("IMAGE_RETRY_SECONDS", 1)
    for chart in figures.CHARTS:
        for fmt in ("png", "svg"):
            renders.register(app, f"image.{chart}.{fmt}", image_renderer(chart, fmt))
    app.register_blueprint(bp)
