"""JSON API v1: products, criteria, facts with evidence and history, profiles, scores, sensitivity.

Thin views over the same presenters as the pages. Every answer is JSON: success carries
``"ok": true``, errors the one shape ``{"ok": false, "status", "error", "errors"}`` (also for
unknown URLs and wrong methods under ``/api/``). GET answers carry a strong ETag (SHA-256 of the
body) and honour ``If-None-Match`` with a 304; any origin may read them (CORS), while POST is
left to same-origin callers. Unknown parameter names are a 400, because a misspelt weight must
never silently change a ranking. The contract is ``compare.web.openapi`` (``/api/v1/openapi.json``).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import UTC, date, datetime, time
from functools import wraps
from typing import Any, TypeVar, cast

from flask import Blueprint, Flask, Response, current_app, render_template, request
from flask.typing import ResponseReturnValue
from flask_babel import force_locale
from werkzeug.datastructures import MultiDict
from werkzeug.exceptions import HTTPException, InternalServerError, NotFound

from compare.exports.scope import Scope, newest_recording
from compare.exports.wording import translations
from compare.facts import Fact, FactStatus, Product
from compare.presenters.criteria import criteria_document
from compare.presenters.evidence import fact_document
from compare.presenters.overview import category_label, hosting_label
from compare.presenters.practical import practical_document
from compare.presenters.product import FactKey, product_document, revision_document
from compare.presenters.profiles import ProfileChoice, profile_document
from compare.presenters.ranking import row_document
from compare.store import queries
from compare.store.setup import request_session
from compare.web import answers as answer_cache
from compare.web import context
from compare.web import errors as site_errors
from compare.web.answers import Answer, answers, request_key
from compare.web.api_paging import PAGING_PARAMETERS, requested_page
from compare.web.edge import json_body
from compare.web.errors import BadParameters
from compare.web.formats import JSON, json_response
from compare.web.i18n import current_language
from compare.web.openapi import openapi_document
from compare.web.selection import (
    MAX_SAMPLES,
    MAX_SEED,
    MIN_SAMPLES,
    SCOPE_PARAMETERS,
    SCOPE_PREFIXES,
    build_scope,
    comparison_at,
    parse_as_of,
    parse_int,
    parse_language,
    reject_empty,
    reject_unknown,
    sensitivity_of,
)
from compare.web.state import saved_profile
from compare.web.weights import MAX_PRODUCT_IDS, MAX_WEIGHT, weight_text
from compare.web.wording import gettext as _

bp = Blueprint("api", __name__, url_prefix="/api/v1")
PREFIX = "/api/"
View = TypeVar("View", bound=Callable[..., ResponseReturnValue])
NON_EMPTY = frozenset(
    {
        "lang",
        "as_of",
        "profile",
        "category",
        "hosting",
        "eu",
        "product",
        "criterion",
        "status",
        "samples",
        "seed",
        "reference",
        "verdict",
        "price",
        "cert",
        "guest",
    }
)
"""Parameters whose empty value would silently mean "the default": the API refuses them instead."""
BODY_KEYS = frozenset(
    {"profile", "weights", "must_haves", "products", "category", "hosting", "eu", "q", "verdict", "reference", "as_of", "lang", "price", "cert", "guest", "limit", "offset"}
)


def api_view(view: View) -> View:
    """Run a view in the language of ``?lang`` (English by default, whatever the browser says).

    The API answers the same bytes to every client for the same URL, which is what makes its
    ETags and caching honest; the pages instead follow the reader's browser and cookie.
    """

    @wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> ResponseReturnValue:
        raw = request.args.get("lang")
        language = raw if raw in current_app.config["LANGUAGES"] else "en"
        with force_locale(language):
            return view(*args, **kwargs)

    return cast(View, wrapper)


def answer(document: dict[str, Any], status: int = 200) -> Response:
    """``{"ok": true, ...}`` with a strong ETag (SHA-256 of the body) and Cache-Control."""
    response = json_response({"ok": True, **document}, status)
    response.set_etag(hashlib.sha256(response.get_data()).hexdigest()[:32])
    return response


def finish(response: Response) -> Response:
    """Caching headers, and a 304 when If-None-Match holds the answer's ETag."""
    if request.method in ("GET", "HEAD"):
        response.headers["Cache-Control"] = (
            f"public, max-age={int(current_app.config['API_MAX_AGE'])}"
        )
    else:
        response.headers["Cache-Control"] = "no-store"
    response.make_conditional(request)
    return response


def cached(view: View) -> View:
    """Serve a GET from the answer cache when the same URL was answered on the same data.

    Only 200 answers are kept; the view still runs for anything else, so errors are never cached.
    """

    @wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> ResponseReturnValue:
        if request.method not in ("GET", "HEAD"):
            return finish(cast(Response, view(*args, **kwargs)))
        key = request_key()
        hit = answers().get(key)
        if hit is None:
            response = cast(Response, view(*args, **kwargs))
            if response.status_code == 200:
                answers().put(
                    key,
                    Answer(
                        response.get_data(), response.get_etag()[0] or "", response.mimetype or JSON
                    ),
                )
            return finish(response)
        response = current_app.response_class(hit.body, mimetype=hit.mimetype)
        response.set_etag(hit.etag)
        response.vary.add("Accept")
        return finish(response)

    return cast(View, wrapper)


def error_answer(status: int, errors: list[str]) -> Response:
    """The one error shape; never cached."""
    body = {
        "ok": False,
        "status": status,
        "error": errors[0] if errors else str(status),
        "errors": errors,
    }
    response = json_response(body, status)
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.errorhandler(HTTPException)
def handle_error(exc: HTTPException) -> Response:
    """Any HTTP error inside the API (bad parameters, unknown ids, wrong method, a bug)."""
    status = exc.code or 500
    if status >= 500:
        original = getattr(exc, "original_exception", None) or exc
        current_app.logger.error("API error", exc_info=original)
        errors = [_("Internal error; it has been logged.")]
    else:
        errors = list(getattr(exc, "errors", None) or [])
        custom = exc.description and exc.description != type(exc).description
        if not errors:
            errors = (
                [exc.description] if custom and exc.description else [site_errors.title_of(status)]
            )
    response = error_answer(status, errors)
    for header, value in exc.get_headers():
        if header.lower() in ("allow", "retry-after"):
            response.headers[header] = value
    return add_cors(response)


@bp.after_request
def add_cors(response: Response) -> Response:
    """Any origin may read GET answers (and send their preflight); POST stays same-origin."""
    if request.method in ("GET", "HEAD", "OPTIONS"):
        response.headers["Access-Control-Allow-Origin"] = "*"
        response.headers["Access-Control-Expose-Headers"] = "ETag"
    if request.method == "OPTIONS":
        response.headers["Access-Control-Allow-Methods"] = "GET, HEAD"
        response.headers["Access-Control-Allow-Headers"] = "If-None-Match"
        response.headers["Access-Control-Max-Age"] = "86400"
    return response


def checked(
    allowed: frozenset[str], prefixes: tuple[str, ...] = ()
) -> tuple[MultiDict[str, str], str]:
    """The query string, with unknown names rejected, and the language it asks for."""
    args: MultiDict[str, str] = request.args
    reject_unknown(args, allowed | {"lang"}, prefixes)
    reject_empty(args, NON_EMPTY)
    return args, parse_language(args.get("lang"), "en")


def as_of_moment(as_of: date | None) -> datetime | None:
    """The end of ``as_of`` in UTC: facts recorded that day count."""
    return datetime.combine(as_of, time.max, tzinfo=UTC) if as_of else None


def about(scope: Scope) -> dict[str, Any]:
    """What a ranking answer is about; without the time of day, so the same URL gives the same bytes."""
    return {key: value for key, value in scope.about().items() if key != "generated_at"}


def iso(value: date | None) -> str | None:
    """A date as ``YYYY-MM-DD`` (or None)."""
    return value.isoformat() if value else None


def product_summary(product: Product, language: str, practical: dict[str, Any] | None = None) -> dict[str, Any]:
    """A product with its offers, for lists; ``practical``: offer id → its practical facts document."""
    offers = product.editions or (None,)
    return {
        "id": product.id,
        "name": product.name,
        "full_name": product.full_name,
        "vendor_company": product.vendor_company,
        "jurisdiction": product.jurisdiction,
        "jurisdiction_note": product.jurisdiction_note,
        "eu": product.is_eu,
        "website": product.website,
        "category": product.category.value,
        "category_label": category_label(product.category, language),
        "offers": [
            {
                "offer": f"{product.id}:{edition.id}" if edition else product.id,
                "edition": edition.id if edition else None,
                "label": f"{product.name} — {edition.name.get(language)}"
                if edition
                else product.name,
                "hosting": edition.hosting.value if edition else None,
                "hosting_label": hosting_label(edition.hosting, language) if edition else None,
                "practical": (practical or {}).get(f"{product.id}:{edition.id}" if edition else product.id, []),
            }
            for edition in offers
        ],
    }


@bp.get("/products")
@api_view
@cached
def products() -> ResponseReturnValue:
    """Every product with its editions (offers)."""
    _args, language = checked(frozenset())
    current = context.comparison()
    practical = {offer.id: practical_document(offer.practical, language) for offer in current.offers}
    return answer(
        {
            "language": language,
            "count": len(current.products),
            "products": [product_summary(p, language, practical) for p in current.products],
        }
    )


@bp.get("/products/<product_id>")
@api_view
@cached
def product(product_id: str) -> ResponseReturnValue:
    """One product: every fact with evidence and revision history, observations, remaining risks."""
    args, language = checked(frozenset({"as_of"}))
    as_of = parse_as_of(args.get("as_of"))
    current = comparison_at(as_of)
    try:
        item = current.product(product_id)
    except KeyError:
        raise NotFound(_("There is no product “%(id)s”.", id=product_id)) from None
    offers = tuple(offer for offer in current.offers if offer.product.id == product_id)
    session = request_session(current_app)
    moment = as_of_moment(as_of)
    histories: dict[FactKey, tuple[Fact, ...]] = {}
    for offer in offers:
        for fact in offer.facts.values():
            if fact.key not in histories:
                revisions = queries.fact_history(session, *fact.key)
                histories[fact.key] = tuple(
                    f
                    for f in revisions
                    if moment is None or (f.recorded_at is not None and f.recorded_at <= moment)
                )
    observations = queries.observations(session, product_id)
    document = product_document(
        item, offers, histories, observations, context.catalogue(), language
    )
    return answer({"as_of": iso(as_of), "data_date": iso(newest_recording(offers)), **document})


@bp.get("/criteria")
@api_view
@cached
def criteria() -> ResponseReturnValue:
    """The criteria with their ordered levels, the profiles, the risks and the article's measures."""
    _args, language = checked(frozenset())
    catalogue = context.catalogue()
    document = criteria_document(catalogue, language)
    document["mitigations"] = [
        {
            "id": m.id,
            "kind": m.kind,
            "number": m.number,
            "title": m.title.get(language),
            "criteria": list(m.criteria),
        }
        for m in sorted(catalogue.mitigations, key=lambda m: (m.kind != "governance", m.number))
    ]
    return answer(document)


@bp.get("/criteria/<criterion_id>")
@api_view
@cached
def criterion(criterion_id: str) -> ResponseReturnValue:
    """One criterion."""
    _args, language = checked(frozenset())
    document = criteria_document(context.catalogue(), language)
    for entry in document["criteria"]:
        if entry["id"] == criterion_id:
            return answer({"language": language, "criterion": entry})
    raise NotFound(_("There is no criterion “%(id)s”.", id=criterion_id))


@bp.get("/facts")
@api_view
@cached
def facts() -> ResponseReturnValue:
    """The fact in force for every product (edition) and criterion, with evidence and its revisions."""
    args, language = checked(frozenset({"as_of", "product", "criterion", "status"}))
    as_of = parse_as_of(args.get("as_of"))
    catalogue = context.catalogue()
    known_criteria = {c.id: c for c in catalogue.criteria}
    product_id, criterion_id, status = (
        args.get("product"),
        args.get("criterion"),
        args.get("status"),
    )
    if product_id is not None and product_id not in {p.id for p in context.comparison().products}:
        raise NotFound(_("“product”: there is no product “%(id)s”.", id=product_id))
    if criterion_id is not None and criterion_id not in known_criteria:
        raise NotFound(_("“criterion”: there is no criterion “%(id)s”.", id=criterion_id))
    if status is not None and status not in {s.value for s in FactStatus}:
        raise BadParameters(
            [_("“status”: use one of %(known)s.", known=", ".join(s.value for s in FactStatus))]
        )
    revisions: dict[FactKey, list[Fact]] = {}
    for row in queries.revisions(request_session(current_app), as_of_moment(as_of)):
        fact = queries.to_fact(row)
        if fact.criterion_id in known_criteria:
            revisions.setdefault(fact.key, []).append(fact)
    entries = []
    for history in revisions.values():
        fact = history[-1]
        if (product_id and fact.product_id != product_id) or (
            criterion_id and fact.criterion_id != criterion_id
        ):
            continue
        if status and fact.status.value != status:
            continue
        criterion_model = known_criteria[fact.criterion_id]
        entry = fact_document(fact, criterion_model, language)
        entry.update(
            {
                "product": fact.product_id,
                "criterion": fact.criterion_id,
                "criterion_title": criterion_model.title.get(language),
                "recorded_at": fact.recorded_at.isoformat() if fact.recorded_at else None,
                "author": fact.author,
                "reason": fact.reason,
                "events": [{"date": e.date, "text": e.text} for e in fact.history],
                "history": [revision_document(f, criterion_model, language) for f in history],
            }
        )
        entries.append(entry)
    order = {c.id: i for i, c in enumerate(catalogue.criteria)}
    entries.sort(key=lambda e: (e["product"], e["edition"] or "", order[e["criterion"]]))
    stamps = [f[-1].recorded_at for f in revisions.values() if f[-1].recorded_at is not None]
    data_date = max(stamps).date() if stamps else None
    return answer(
        {
            "language": language,
            "as_of": iso(as_of),
            "data_date": iso(data_date),
            "count": len(entries),
            "facts": entries,
        }
    )


@bp.get("/profiles")
@api_view
@cached
def profiles() -> ResponseReturnValue:
    """The built-in weight profiles with their weights and must-haves."""
    _args, language = checked(frozenset())
    catalogue = context.catalogue()
    items = [
        profile_document(ProfileChoice(base=p, effective=p), catalogue, language)
        for p in catalogue.profiles
    ]
    return answer({"language": language, "count": len(items), "profiles": items})


@bp.get("/profiles/<profile_id>")
@api_view
@cached
def profile(profile_id: str) -> ResponseReturnValue:
    """One built-in or saved custom profile."""
    _args, language = checked(frozenset())
    catalogue = context.catalogue()
    try:
        item, saved = catalogue.profile(profile_id), False
    except KeyError:
        custom = saved_profile(profile_id)
        if custom is None:
            raise NotFound(_("There is no profile “%(id)s”.", id=profile_id)) from None
        item, saved = custom, True
    return answer(
        {
            "language": language,
            "profile": profile_document(
                ProfileChoice(base=item, effective=item, saved=saved), catalogue, language
            ),
        }
    )


def body_arguments() -> MultiDict[str, str]:
    """The POST body (a JSON object) as the equivalent query parameters, checked key by key.

    ``weights`` override the profile's weights criterion by criterion (0 drops one);
    ``must_haves`` replace the profile's must-haves as a whole.

    Raises:
        BadParameters: the body is not a JSON object, or any key or value is wrong (all named).
    """
    body = json_body()  # a body over MAX_CONTENT_LENGTH is a 413 while it is read
    if not isinstance(body, dict):
        raise BadParameters(
            [_("The request body must be a JSON object (Content-Type: application/json).")]
        )
    catalogue = context.catalogue()
    criteria = {c.id: c for c in catalogue.criteria}
    errors = [_("“%(name)s”: unknown key.", name=key) for key in sorted(set(body) - BODY_KEYS)]
    pairs: list[tuple[str, str]] = []
    for key in ("profile", "category", "hosting", "q", "verdict", "reference", "as_of", "lang", "price", "cert", "guest"):
        value = body.get(key)
        if value is None:
            continue
        if isinstance(value, str) and value.strip():
            pairs.append((key, value))
        else:
            errors.append(_("“%(name)s”: expected a non-empty string.", name=key))
    for key in ("limit", "offset"):
        value = body.get(key)
        if value is None:
            continue
        if isinstance(value, int) and not isinstance(value, bool):
            pairs.append((key, str(value)))
        else:
            errors.append(_("“%(name)s”: expected a whole number.", name=key))
    eu = body.get("eu")
    if eu is not None:
        if isinstance(eu, bool):
            pairs.append(("eu", "1" if eu else "0"))
        else:
            errors.append(_("“%(name)s”: expected true or false.", name="eu"))
    products = body.get("products")
    if products is not None:
        if isinstance(products, list) and len(products) > MAX_PRODUCT_IDS:
            errors.append(_("“%(name)s”: at most %(max)s ids.", name="products", max=MAX_PRODUCT_IDS))
        elif isinstance(products, list) and all(isinstance(p, str) for p in products):
            pairs.extend(("products", p) for p in products)
        else:
            errors.append(
                _("“%(name)s”: expected a list of product or edition ids.", name="products")
            )
    weights = body.get("weights")
    if weights is not None and not isinstance(weights, dict):
        errors.append(
            _("“%(name)s”: expected an object of criterion ids and numbers.", name="weights")
        )
    for criterion_id, value in (weights or {}).items() if isinstance(weights, dict) else ():
        name = f"weights.{criterion_id}"
        if criterion_id not in criteria:
            errors.append(
                _("“%(name)s”: there is no criterion “%(id)s”.", name=name, id=criterion_id)
            )
        elif (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or weight_text(float(value)) is None
        ):
            errors.append(
                _(
                    "“%(name)s”: the weight must be a number from 0 to %(max)s.",
                    name=name,
                    max=format(MAX_WEIGHT, "g"),
                )
            )
        else:
            pairs.append((f"w.{criterion_id}", weight_text(float(value)) or "0"))
    musts = body.get("must_haves")
    if musts is not None:
        pairs.extend(must_have_pairs(musts, criteria, errors))
    if errors:
        raise BadParameters(errors)
    return MultiDict(pairs)


def must_have_pairs(
    musts: Any, criteria: dict[str, Any], errors: list[str]
) -> list[tuple[str, str]]:
    """``[{"criterion": c, "minimum": level}, ...]`` as ``must.<c>`` parameters replacing the profile's."""
    if not isinstance(musts, list) or len(musts) > len(criteria):
        errors.append(
            _("“%(name)s”: expected a list of {criterion, minimum} objects.", name="must_haves")
        )
        return []
    pairs = [(f"must.{c}", "") for c in criteria]
    for i, item in enumerate(musts):
        name = f"must_haves[{i}]"
        if not isinstance(item, dict) or set(item) != {"criterion", "minimum"}:
            errors.append(
                _("“%(name)s”: expected an object with “criterion” and “minimum”.", name=name)
            )
            continue
        criterion_id, minimum = item["criterion"], item["minimum"]
        if not isinstance(criterion_id, str) or criterion_id not in criteria:
            errors.append(
                _(
                    "“%(name)s”: there is no criterion “%(id)s”.",
                    name=name + ".criterion",
                    id=criterion_id,
                )
            )
        elif not isinstance(minimum, str) or not criteria[criterion_id].has_level(minimum):
            known = ", ".join(level.id for level in criteria[criterion_id].levels)
            errors.append(
                _(
                    "“%(name)s”: not a level of this criterion (levels: %(known)s).",
                    name=name + ".minimum",
                    known=known,
                )
            )
        else:
            pairs.append((f"must.{criterion_id}", minimum))
    return pairs


@bp.route("/scores", methods=["GET", "POST"])
@api_view
@cached
def scores() -> ResponseReturnValue:
    """The ranking for a profile, adjusted by weights and must-haves from the query or the body.

    Each row carries its score range, coverage, must-have verdicts and, per criterion, the
    contribution with the fact behind it (quote, source, date) or its unknown/unverified status.
    """
    if request.method == "POST":
        reject_unknown(request.args, frozenset())
        args = body_arguments()
    else:
        args = request.args
        reject_unknown(args, SCOPE_PARAMETERS | PAGING_PARAMETERS, SCOPE_PREFIXES)
        reject_empty(args, NON_EMPTY)
    language = parse_language(args.get("lang"), "en")
    page = requested_page(args)
    with force_locale(language):
        scope = build_scope(args, language, parse_as_of(args.get("as_of")))
        overview = scope.overview_page(page.limit, page.offset)
        sheet_rows = {row.offer_id: row for row in scope.sheet.rows}
        rows = []
        for printed in overview["ranking"]:
            row = row_document(sheet_rows[printed["offer"]], scope.catalogue, language)
            rows.append(row)
            row.update(
                reasons=printed["reasons"],
                standing_label=printed["standing_label"],
                display=printed["display"],
                verdict=api_verdict(printed["verdict"]),
                is_reference=printed["is_reference"],
                versus_reference=printed["versus_reference"],
            )
        reference = overview["reference"]
        return answer(
            {
                "about": about(scope),
                "profile": scope.profile_document(),
                "reference": (
                    {
                        "offer": reference["offer"],
                        "label": reference["label"],
                        "verdict": api_verdict(reference["verdict"]),
                        "display": reference["display"],
                    }
                    if reference
                    else None
                ),
                "ranking": rows,
                "paging": page.document(overview["counts"]["shown"], len(rows)),
            }
        )


def api_verdict(verdict: dict[str, Any]) -> dict[str, Any]:
    """The verdict as the API promises it: level, label, reasons in both languages, measures."""
    keep = ("kind", "en", "nl", "criterion", "gdpr", "rule")
    return {
        "level": verdict["level"],
        "label": verdict["label"],
        "reasons": [{k: reason[k] for k in keep} for reason in verdict["reasons"]],
        "measures": [{k: m[k] for k in ("id", "kind", "number", "title")} for m in verdict["measures"]],
    }


@bp.get("/sensitivity")
@api_view
@cached
def sensitivity() -> ResponseReturnValue:
    """Rank probabilities over weightings drawn around the profile, and the weight thresholds."""
    args, language = checked(SCOPE_PARAMETERS | {"samples", "seed"}, SCOPE_PREFIXES)
    samples = parse_int(
        args, "samples", int(current_app.config["SENSITIVITY_SAMPLES"]), MIN_SAMPLES, MAX_SAMPLES
    )
    seed = parse_int(args, "seed", int(current_app.config["SENSITIVITY_SEED"]), 0, MAX_SEED)
    scope = build_scope(args, language, parse_as_of(args.get("as_of")))
    analysis = sensitivity_of(scope, samples, seed)
    document = scope.sensitivity_document(analysis)
    return answer({"about": about(scope), **document})


@bp.get("/openapi.json")
@api_view
@cached
def openapi() -> ResponseReturnValue:
    """The OpenAPI 3.1 description of this API, with today's ids as enumerations."""
    checked(frozenset())
    document = openapi_document(
        context.catalogue(), context.comparison().offers, request.host_url.rstrip("/")
    )
    response = json_response(document)
    response.set_etag(hashlib.sha256(response.get_data()).hexdigest()[:32])
    return response


@bp.get("/")
def reference() -> ResponseReturnValue:
    """The API reference for people, rendered from the OpenAPI document so the two cannot drift."""
    document = openapi_document(
        context.catalogue(), context.comparison().offers, request.host_url.rstrip("/")
    )
    return render_template(
        "api/reference.html", spec=document, t=translations(current_language()).gettext
    )


def handle_routing_error(exc: HTTPException) -> ResponseReturnValue:
    """Unknown URLs and wrong methods under ``/api/`` get the API's JSON; the rest the site's page."""
    if request.path.startswith(PREFIX):
        raw = request.args.get("lang")
        with force_locale(raw if raw in current_app.config["LANGUAGES"] else "en"):
            return handle_error(exc)
    return site_errors.handle_http_error(exc)


def handle_unexpected(exc: InternalServerError) -> ResponseReturnValue:
    """A bug under ``/api/`` answers in the API's shape; elsewhere the site's page."""
    if request.path.startswith(PREFIX):
        with force_locale("en"):
            return handle_error(exc)
    return site_errors.handle_unexpected(exc)


def init_app(app: Flask) -> None:
    """Register the API and make every error under ``/api/`` answer in its JSON shape.

    Routing errors (unknown URL, wrong method) happen before a blueprint is chosen, so they are
    caught at the app and handed to the site's handlers for every other path.
    """
    app.config.setdefault("API_MAX_AGE", 60)
    answer_cache.init_app(app)
    app.register_blueprint(bp)
    app.register_error_handler(HTTPException, handle_routing_error)
    app.register_error_handler(InternalServerError, handle_unexpected)
