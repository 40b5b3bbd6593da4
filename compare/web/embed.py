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
from compare.exports.scope import Scope
from compare.exports.wording import translations
from compare.web import answers as answer_cache
from compare.web import security
from compare.web.answers import Answer, answers, request_key
from compare.web.exports import chart_scope, figure_for
from compare.web.i18n import current_language

bp = Blueprint("embed", __name__, url_prefix="/embed")
DEFAULT_HEIGHTS = {"ranking": 820, "matrix": 1000, "radar": 620, "sensitivity": 700, "tornado": 640}
"""Frame heights for the whole field (23 offers); pages pass their figure's height + 70 instead."""
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
    natural = figure_for(chart, scope)
    figure = figures.responsive(natural)
    # Charts with a row per offer need their height to stay legible; a smaller frame scrolls.
    natural_height = natural.get("layout", {}).get("height")
    profile = scope.choice.effective.title.get(scope.language)
    html = render_template(
        "embed/chart.html",
        t=translations(scope.language).gettext,
        language=scope.language,
        chart=chart,
        figure=figure,
        min_height=int(natural_height) if isinstance(natural_height, int | float) else None,
        title=figures.chart_title(chart, scope.language),
        description=figures.chart_description(chart, scope.language),
        profile=profile,
        adjusted=scope.choice.adjusted,
        data_date=scope.data_date.isoformat() if scope.data_date else None,
        as_of=scope.as_of.isoformat() if scope.as_of else None,
        link=back_link(chart, scope, args),
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
        'style="border:0;max-width:100%" loading="lazy" referrerpolicy="strict-origin-when-cross-origin"></iframe>'
    )
    return {
        "chart": chart,
        "title": title,
        "url": url,
        "iframe": iframe,
        "png": url_for("exports.image", chart=chart, fmt="png", _external=True, **params),
        "svg": url_for("exports.image", chart=chart, fmt="svg", _external=True, **params),
        "labels": {
            "embed": t("Embed"),
            "copy": t("Copy this code into your page:"),
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
