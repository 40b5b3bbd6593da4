"""The procurement file: the report (PDF, HTML, Word) and the tender requirements (Word, Excel).

Routes (all take the pages' parameters and ``lang``):

- ``/report.pdf``, ``/report.html``, ``/report.docx``: page 1 is the answer; the default scope is
  WhatsApp Business, the five best-ranked offers and the offers chosen (``products``);
  ``appendix=1`` adds the full field, every quote and every source; ``focus`` adds the risk
  register of one more offer; ``charts=0`` leaves the charts out. Reports are rendered by
  ``compare.jobs.renders`` outside the request: until the file is ready the answer is 202
  with ``Location`` (JSON for API clients, a page that refreshes itself for browsers).
- ``/requirements.docx`` and ``/requirements.xlsx``: the profile as tender requirements.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Mapping
from typing import Any, Literal

from flask import Blueprint, Flask, current_app, render_template, request, url_for
from flask.typing import ResponseReturnValue
from werkzeug.datastructures import MultiDict
from werkzeug.exceptions import NotFound, ServiceUnavailable

from compare.exports import answer, figures, images, report, requirements, word
from compare.exports.images import ImageSize, RendererUnavailable
from compare.exports.scope import Scope
from compare.exports.wording import translations
from compare.facts import Offer
from compare.jobs import queue, renders
from compare.presenters.register import measure_legend, register_document, scales_document
from compare.web import context, health
from compare.web.exports import download, file_name, renderer
from compare.web.i18n import current_language
from compare.web.limits import charge_render
from compare.web.selection import build_scope, comparison_at, parse_as_of, sensitivity_of
from compare.web.weights import requested_ids
from compare.web.wording import gettext as _
from criteria.register import default_register

bp = Blueprint("reports", __name__)
TOP = 5
"""The best-ranked offers every report includes beside the reference and the offers chosen."""
MEDIA = {
    "pdf": "application/pdf",
    "html": "text/html",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
NO_FOCUS = "none"


def find_offer(offers: tuple[Offer, ...], wanted: str) -> Offer | None:
    """The offer with id ``wanted``, or the first edition of the product ``wanted``."""
    return next((o for o in offers if o.id == wanted), None) or next(
        (o for o in offers if o.product.id == wanted), None
    )


def report_scopes(args: MultiDict[str, str]) -> tuple[Scope, Scope]:
    """(the whole field in view, the report's offers: reference, top five and those chosen)."""
    language = current_language()
    as_of = parse_as_of(args.get("as_of"))
    field = build_scope(args, language, as_of, ids=[])
    reference = field.reference.offer_id if field.reference else None
    top = [o.id for o in field.offers if o.id != reference][:TOP]
    ids = list(dict.fromkeys([*([reference] if reference else []), *top, *requested_ids(args)]))
    return field, build_scope(args, language, as_of, ids=ids)


def pinned_link(scope: Scope, args: MultiDict[str, str], day: str) -> str:
    """The live overview for the same profile, weights and filters, pinned to the facts of ``day``."""
    keep = {
        k: v
        for k, v in args.items()
        if k in ("profile", "category", "hosting", "eu", "q", "price", "cert", "guest", "reference") or k.startswith(("w.", "must."))
    }
    return url_for("pages.overview", _external=True, lang=scope.language, as_of=day, **keep)


def chart_images(field: Scope, scope: Scope, sensitivity: dict[str, Any], fmt: Literal["png", "svg"]) -> list[report.ChartImage]:
    """The ranking of the report's offers and how often each ranks first, as SVG (PNG for Word)."""
    made = []
    for name, source in (("ranking", scope), ("sensitivity", field)):
        if name == "sensitivity" and not sensitivity["distributions"]:
            continue
        figure = figures.chart_figure(name, source, sensitivity)
        height = int(figure.get("layout", {}).get("height") or images.DEFAULT_HEIGHT)
        size = ImageSize(width=1000, height=min(max(height, images.MIN_HEIGHT), images.MAX_HEIGHT), scale=1)
        made.append(
            report.ChartImage(
                figures.chart_title(name, scope.language),
                figures.chart_description(name, scope.language),
                images.render(renderer(), figure, fmt, size),
                images.MEDIA_TYPES[fmt],
            )
        )
    return made


def registers(field: Scope, args: MultiDict[str, str], recommended: str | None) -> list[dict[str, Any]]:
    """The risk registers of the reference, the recommended offer and the ``focus`` offer.

    Raises:
        NotFound: ``focus`` names no product or edition.
    """
    offers = comparison_at(field.as_of).offers
    wanted: list[tuple[str, str]] = []
    if field.reference is not None:
        wanted.append((field.reference.offer_id, _("reference")))
    if recommended:
        wanted.append((recommended, _("recommended")))
    focus = args.get("focus")
    if focus and focus != NO_FOCUS:
        offer = find_offer(offers, focus)
        if offer is None:
            raise NotFound(_("“focus”: there is no product or edition “%(id)s”.", id=focus))
        wanted.append((offer.id, _("focus")))
    documents: dict[str, dict[str, Any]] = {}
    for offer_id, role in wanted:
        if offer_id in documents:
            documents[offer_id]["role"] += ", " + role
            continue
        offer = find_offer(offers, offer_id)
        if offer is not None:
            document = register_document(offer, default_register(), field.catalogue, field.language)
            documents[offer_id] = {**document, "role": role}
    return list(documents.values())


def report_document(args: MultiDict[str, str], chart_format: Literal["png", "svg"]) -> dict[str, Any]:
    """The report's document for ``args``; charts as SVG (PDF, HTML) or PNG (Word).

    Raises:
        ServiceUnavailable: the charts cannot be rendered (the message suggests ``charts=0``).
    """
    field, scope = report_scopes(args)
    sensitivity = field.sensitivity_document(sensitivity_of(field))
    day_value = field.as_of or field.data_date or field.generated_at.date()
    permalink = pinned_link(scope, args, day_value.isoformat())
    page_one = answer.answer_document(field, sensitivity, permalink, report.long_date(day_value, field.language))
    try:
        charts = chart_images(field, scope, sensitivity, chart_format) if args.get("charts", "1") != "0" else []
    except RendererUnavailable as exc:
        current_app.logger.error("chart renderer unavailable: %s", exc)
        raise ServiceUnavailable(
            health.renderer_missing_message() or _(
                "The report's charts cannot be rendered right now. Try again later, or ask for the report without charts (charts=0)."
            )
        ) from exc
    return report.report_document(
        scope,
        sensitivity,
        charts,
        {"permalink": permalink},
        answer=page_one,
        registers=registers(field, args, page_one["recommended"]),
        register_scales={**scales_document(default_register(), field.language), "legend": measure_legend(field.catalogue, field.language)},
        appendix=field if args.get("appendix") == "1" else None,
    )


def build(fmt: str) -> bytes:
    """The report as ``fmt`` (pdf, html, docx) for this request's parameters.

    Runs in a job worker (``compare.jobs.renders``), inside a request context whose query
    string is the parameters the page was asked with.
    """
    args: MultiDict[str, str] = request.args
    document = report_document(args, "png" if fmt == "docx" else "svg")
    if fmt == "docx":
        return word.report_docx(document)
    html = report.render_html(document)
    return html.encode("utf-8") if fmt == "html" else report.render_pdf(html, renderer())


RENDER_NICENESS = 10
"""How much lower than the web tier a worker thread renders: on a machine that runs both, the
pages must keep their CPU while reports take the rest."""


def lower_priority() -> None:
    """Lower this thread's CPU priority (Linux: per thread); not when the job runs in a request.

    In the queue's immediate mode (``memory://``) the job runs in the request's own thread, which
    must not be slowed for the requests it serves later. Elsewhere a failure is harmless.
    """
    if queue.huey.immediate or not hasattr(os, "setpriority"):
        return
    try:
        current = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())
        if current < RENDER_NICENESS:
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), RENDER_NICENESS)
    except OSError:
        pass


def report_renderer(fmt: str) -> renders.Renderer:
    """The job renderer for the report as ``fmt``."""

    def render(_app: Flask, _params: Mapping[str, Any]) -> renders.Rendered:
        lower_priority()
        return renders.Rendered(build(fmt), MEDIA[fmt])

    return render


def wants_json() -> bool:
    """Whether the client asked for JSON rather than a page (API clients polling for the file)."""
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    return best == "application/json" and request.accept_mimetypes[best] > request.accept_mimetypes["text/html"]


def preparing(kind: str) -> ResponseReturnValue:
    """202: the file is being made; browsers get a page that reloads itself, API clients JSON."""
    location = request.full_path if request.query_string else request.path
    retry = int(current_app.config["REPORT_RETRY_SECONDS"])
    if wants_json():
        body = {"status": "pending", "location": location, "retry_after": retry}
        response = current_app.response_class(current_app.json.dumps(body), status=202, mimetype="application/json")
    else:
        html = render_template("pages/preparing.html", kind=kind, location=location, retry=retry)
        response = current_app.response_class(html, status=202, mimetype="text/html")
    response.headers["Location"] = location
    response.headers["Retry-After"] = str(retry)
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/report.<any(pdf, html, docx):fmt>")
def report_view(fmt: str) -> ResponseReturnValue:
    """The report, or 202 while a job worker makes it; one job per parameters and data version."""
    args: MultiDict[str, str] = request.args
    # Parameters are checked here, so a bad link gets its 400/404 at once, not after a render.
    field, _scope = report_scopes(args)
    focus = args.get("focus")
    if focus and focus != NO_FOCUS and find_offer(comparison_at(field.as_of).offers, focus) is None:
        raise NotFound(_("“focus”: there is no product or edition “%(id)s”.", id=focus))
    kind = f"report.{fmt}"
    params = MultiDict(args)
    params.setdefault("lang", current_language())  # the worker replays only the query string
    job = renders.request_render(
        current_app, kind, params, context.data_version(), base_url=request.host_url,
        before_new=lambda: charge_render("report"),
    )
    result = renders.render_result(current_app, job.id) if job.done else None
    if job.failed:
        current_app.logger.error("report job %s failed: %s", job.id, job.error)
        raise ServiceUnavailable(health.renderer_missing_message() or _("The report could not be made right now. Please try again later."))
    if result is None:
        return preparing(kind)
    response = download(result.body, result.media_type, file_name(field, "report", fmt), attachment=fmt == "docx")
    response.headers["Cache-Control"] = "no-cache"
    return response


@bp.get("/requirements.<any(docx, xlsx):fmt>")
def requirements_view(fmt: str) -> ResponseReturnValue:
    """The profile in force as tender requirements: knock-out requirements and award criteria."""
    args: MultiDict[str, str] = request.args
    scope = build_scope(args, current_language(), parse_as_of(args.get("as_of")), ids=[])
    document = requirements.requirements_document(scope)
    body = requirements.requirements_xlsx(document) if fmt == "xlsx" else requirements.requirements_docx(document)
    return download(body, MEDIA[fmt], file_name(scope, "requirements", fmt), attachment=True)


def warm_reports(app: Flask) -> None:
    """Read the risk register and compile the report template, as a starting worker does."""
    default_register()
    report.environment().get_template(report.TEMPLATE)
    for language in app.config.get("LANGUAGES", ("en", "nl")):
        translations(language)


def init_app(app: Flask) -> None:
    """Register the routes."""
    app.config.setdefault("REPORT_RETRY_SECONDS", 3)
    for fmt in ("pdf", "html", "docx"):
        renders.register(app, f"report.{fmt}", report_renderer(fmt), warm=warm_reports)
    app.register_blueprint(bp)
