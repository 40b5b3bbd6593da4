"""Embeds: one chart per page, for advisors' intranet pages and reports; the only framable pages.

``/embed/<chart>?products=…&profile=…&lang=…`` (``ranking``, ``matrix``, ``radar``,
``sensitivity``, ``tornado``) shows the chart alone, filling its frame, with a caption that states
the profile, the data date and a link back to the full comparison. Framing is allowed for the
origins in ``EMBED_FRAME_ANCESTORS`` (default any); every other page refuses it
(``compare.web.security``).

Light by design: the page is a few kilobytes of HTML with the figure inline; plotly.js and our
script come from fingerprinted URLs (``compare.web.assets``) that browsers keep for a year.

``embed_snippet`` (a template global) gives a page the ``<iframe>`` code and the links for its
"Embed" button; ``templates/embed/_button.html`` is that button.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from typing import Any

from flask import Blueprint, Flask, Response, current_app, render_template, request, url_for
from flask.typing import ResponseReturnValue
from markupsafe import escape
from werkzeug.datastructures import MultiDict

from compare.exports import figures
from compare.exports.presets import PRESETS
from compare.exports.scope import Scope
from compare.exports.wording import translations
from compare.web import answers as answer_cache
from compare.web import security
from compare.web.answers import Answer, answers, request_key
from compare.web.exports import chart_scope, figure_for
from compare.web.i18n import current_language

bp = Blueprint("embed", __name__, url_prefix="/embed")
DEFAULT_HEIGHTS = {"ranking": 880, "matrix": 1400, "radar": 760, "sensitivity": 940, "tornado": 820}
"""Frame heights for the whole field (23 offers); pages pass their figure's height + ``CHROME``."""
CHROME = 110
"""Pixels an embed needs beside its chart: heading, one sentence and the caption at desktop width."""
PAGE_OF_CHART = {
    "ranking": "pages.overview",
    "matrix": "pages.overview",
    "radar": "pages.compare",
    "sensitivity": "pages.sensitivity",
    "tornado": "pages.sensitivity",
}
SCOPE_KEYS = ("profile", "category", "hosting", "eu", "price", "cert", "guest", "as_of", "products")


def carried(args: Mapping[str, str]) -> dict[str, str]:
    """The parameters that define a comparison (profile, weights, must-haves, filters, products)."""
    return {k: v for k, v in args.items() if k in SCOPE_KEYS or k.startswith(("w.", "must."))}


def back_link(chart: str, scope: Scope, args: Mapping[str, str]) -> str:
    """The full comparison this chart comes from, as an absolute URL."""
    query = carried(args)
    if chart != "radar":
        query.pop("products", None)
    elif "products" not in query:
        query["products"] = ",".join(offer.id for offer in scope.offers)
    query.pop("as_of", None)
    return url_for(PAGE_OF_CHART[chart], _external=True, lang=scope.language, **query)


@bp.get("/<chart>")
def chart(chart: str) -> ResponseReturnValue:
    """The chart alone with its caption, for an ``<iframe>``."""
    args: MultiDict[str, str] = request.args
    key = request_key(current_language())
    hit = answers().get(key)
    if hit is not None:
        return finish(current_app.response_class(hit.body, mimetype=hit.mimetype), hit.etag)
    scope = chart_scope(chart, args)
    # The figure keeps its natural heights: the page fills the frame with it (``data-fill``), and
    # embed-frame.js asks the framing page for the height at which it reads best.
    figure = figure_for(chart, scope)
    profile = scope.choice.effective.title.get(scope.language)
    html = render_template(
        "embed/chart.html",
        t=translations(scope.language).gettext,
        language=scope.language,
        chart=chart,
        figure=figure,
        title=figures.chart_title(chart, scope.language),
        description=figures.chart_description(chart, scope.language),
        profile=profile,
        adjusted=scope.choice.adjusted,
        data_date=scope.data_date.isoformat() if scope.data_date else None,
        as_of=scope.as_of.isoformat() if scope.as_of else None,
        link=back_link(chart, scope, args),
        licence_link=url_for("method.method", _external=True, lang=scope.language) + "#licence",
    )
    body = html.encode("utf-8")
    etag = hashlib.sha256(body).hexdigest()[:32]
    answers().put(key, Answer(body, etag, "text/html"))
    return finish(current_app.response_class(body, mimetype="text/html"), etag)


def finish(response: Response, etag: str) -> Response:
    """ETag, a cache lifetime, and a 304 when the browser already has this answer."""
    response.headers["Cache-Control"] = (
        f"public, max-age={int(current_app.config['EMBED_MAX_AGE'])}"
    )
    response.set_etag(etag)
    response.make_conditional(request)
    return response


def embed_snippet(
    chart: str,
    query: Mapping[str, str] | None = None,
    language: str | None = None,
    height: int | None = None,
) -> dict[str, Any]:
    """The ``<iframe>`` code, the embed's URL and image links for a page's "Embed" button.

    ``query`` is the page's comparison state (``ViewState.query()``, plus ``products`` for a
    radar); the language is the page's unless given.
    """
    language = language or current_language()
    params = {**carried(query or {}), "lang": language}
    url = url_for("embed.chart", chart=chart, _external=True, **params)
    title = figures.chart_title(chart, language)
    t = translations(language).gettext
    frame_height = height or DEFAULT_HEIGHTS.get(chart, 480)
    iframe = (
        f'<iframe src="{escape(url)}" title="{escape(title)}" width="100%" height="{frame_height}" '
        'style="border:0;width:100%;max-width:100%" loading="lazy" '
        'referrerpolicy="strict-origin-when-cross-origin" data-msgcompare-embed></iframe>\n'
        f'<script src="{escape(url_for("static", filename="embed-host.js", _external=True))}" async></script>'
    )
    png = {
        preset: url_for("exports.image", chart=chart, fmt="png", preset=preset, _external=True, **params)
        for preset in PRESETS
    }
    return {
        "chart": chart,
        "title": title,
        "url": url,
        "iframe": iframe,
        "png": png["a4-landscape"],
        "pngs": [{"label": t(PRESETS[preset].label), "url": link} for preset, link in png.items()],
        "svg": url_for("exports.image", chart=chart, fmt="svg", preset="a4-landscape", _external=True, **params),
        "labels": {
            "embed": t("Embed"),
            "code": t("Copy this code into your page:"),
            "copy": t("Copy"),
            "copied": t("Copied"),
            "images": t("Images for reports and slides:"),
            "open": t("Open the embed"),
        },
    }


def init_app(app: Flask) -> None:
    """Register the embeds, let them (only them) be framed, and offer ``embed_snippet`` to templates."""
    app.config.setdefault("EMBED_MAX_AGE", 300)
    answer_cache.init_app(app)
    app.register_blueprint(bp)
    security.allow_framing_for(app, bp.name)
    app.jinja_env.globals["embed_snippet"] = embed_snippet
