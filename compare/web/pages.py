"""The comparison pages. Views stay thin: parse the URL, ask the comparison, call a presenter.

Each page answers as HTML and as JSON (``.json`` suffix or ``Accept: application/json``) from the
same presenter document; see ``docs/pages.md`` for the parameters.
"""

from __future__ import annotations

import re
from collections.abc import Hashable
from datetime import UTC, date, datetime
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from flask import Blueprint, Flask, current_app, redirect, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from markupsafe import Markup, escape
from werkzeug.datastructures import MultiDict
from werkzeug.exceptions import NotFound
from werkzeug.routing import BaseConverter

from compare import charts
from compare.exports.scope import newest_recording, restrict
from compare.facts import Fact, Offer
from compare.presenters import paging
from compare.presenters.criteria import criteria_document
from compare.presenters.overview import Filters, filtered_matrix, overview_document
from compare.presenters.product import FactKey, product_document
from compare.presenters.sensitivity import sensitivity_document
from compare.presenters.side_by_side import MAX_OFFERS, comparison_document
from compare.presenters.verdicts import REFERENCE_OFFER, verdict_document
from compare.scoring.matrix import DecisionMatrix
from compare.scoring.rank import ScoreSheet, Standing, rank
from compare.scoring.sensitivity import Sensitivity, analyse
from compare.store import profiles as saved_profiles
from compare.store import queries
from compare.store.session import transaction
from compare.store.setup import request_session, sessions_of
from compare.verdicts import judge
from compare.web.caching import caches, profile_key
from compare.web.context import catalogue, data_version
from compare.web.corrections import criteria_choices
from compare.web.errors import BadParameters
from compare.web.formats import json_response, render, wants_json
from compare.web.i18n import current_language
from compare.web.public_forms import FormRefused, check_form_token, form_token
from compare.web.selection import comparison_at, reference_score
from compare.web.state import view_state
from compare.web.weights import SLIDER_MAX, ViewState, requested_ids, select_offers

bp = Blueprint("pages", __name__)


class SlugConverter(BaseConverter):
    """Product ids: lower-case words joined by hyphens (so ``/products/x.json`` is unambiguous)."""

    regex = r"[a-z0-9]+(?:-[a-z0-9]+)*"


@bp.record_once
def _register_converter(state: Any) -> None:
    state.app.url_map.converters["slug"] = SlugConverter


def scored(matrix: DecisionMatrix, state: ViewState, scope: Hashable) -> ScoreSheet:
    """``rank`` with a cache per data version, filter scope and weights."""
    key = (data_version(), scope, profile_key(state.choice.effective))
    sheet: ScoreSheet = caches(current_app).sheets.get_or_compute(key, lambda: rank(matrix, state.choice.effective))
    return sheet


def document_key(page: str, state: ViewState, scope: Hashable, language: str, *extra: Hashable) -> Hashable:
    """Cache key of a page's document: everything it is computed from."""
    choice = state.choice
    return (
        page,
        data_version(),
        state.as_of,
        scope,
        choice.base.id,
        choice.saved,
        profile_key(choice.base),
        profile_key(choice.effective),
        state.reference,
        state.filters.verdict,
        language,
        *extra,
    )


def filter_scope(filters: Filters, as_of: date | None = None) -> Hashable:
    """The part of a cache key that says which offers were ranked, on which day's facts."""
    return (filters.category, filters.hosting, filters.eu_only, filters.search, filters.price, filters.certification, filters.guest, as_of)


def iso_day(day: date | None) -> str | None:
    """A day for a document, or None."""
    return day.isoformat() if day else None


def page_context(state: ViewState, **extra: Any) -> dict[str, Any]:
    """What every page with a weights panel needs besides its document."""
    return {
        "state": state,
        "query": state.query(),
        "slider_max": max([SLIDER_MAX, *state.choice.effective.weights.values(), *state.choice.base.weights.values()]),
        "profiles": catalogue().profiles,
        "csrf_token": form_token,
        **extra,
    }


# The .json rule is declared first so it is registered last: url_for() then builds the HTML URL.
@bp.get("/index.json", defaults={"fmt": "json"})
@bp.get("/", defaults={"fmt": None})
def overview(fmt: str | None = None) -> ResponseReturnValue:
    """Ranking, score breakdown and matrix for the chosen profile and filters."""
    state = view_state()
    language = current_language()
    scope = filter_scope(state.filters, state.as_of)

    # The page shows the top offers unless asked for all (compare.presenters.paging); JSON has all.
    limit = None if wants_json(fmt) or request.args.get("show") == "all" else paging.TOP

    def build() -> tuple[dict[str, Any], dict[str, Any]]:
        current = comparison_at(state.as_of)
        matrix = filtered_matrix(current.matrix, state.filters)
        sheet = scored(matrix, state, scope)
        reference = reference_score(current, state)
        document = overview_document(matrix, sheet, state.choice, state.filters, catalogue(), language, reference, limit)
        document["as_of"] = state.as_of.isoformat() if state.as_of else None
        document["data_date"] = iso_day(newest_recording(current.offers))
        figures = {"ranking": charts.ranking_chart(document, language), "matrix": charts.matrix_heatmap(document, language)}
        return document, figures

    key = (document_key("overview", state, scope, language), limit)
    document, figures = caches(current_app).documents.get_or_compute(key, build)
    if wants_json(fmt):
        return json_response({"ok": True, **document})
    return render(document, "pages/overview.html", fmt, figures=figures, **page_context(state))


def default_selection(sheet: ScoreSheet, reference: str = REFERENCE_OFFER) -> list[str]:
    """The two best-ranked eligible offers and the reference (WhatsApp Business app), when none are chosen."""
    eligible = [row.offer_id for row in sheet.rows if row.standing is Standing.ELIGIBLE and row.offer_id != reference]
    chosen = (eligible or [row.offer_id for row in sheet.rows if row.offer_id != reference])[:2]
    if any(row.offer_id == reference for row in sheet.rows):
        chosen.append(reference)
    return chosen


def adjusted_selection(
    ids: list[str], sheet: ScoreSheet, offers: tuple[Offer, ...], reference: str
) -> tuple[tuple[Offer, ...], str]:
    """For a page asked to compare one product, or more than five: what to show, and why, in words.

    One product is shown beside the reference (or the best-ranked other offer); more than five
    are cut to the first five asked for. A page says so above the comparison instead of
    answering 400, so the reader keeps the ticks they made and sees how to go on.

    Raises:
        NotFound: an id names neither an offer nor a product.
    """
    named: list[Offer] = []
    for item in ids:
        named.extend(o for o in offers if (o.id == item or o.product.id == item) and o not in named)
    if len(named) > MAX_OFFERS:
        note = _(
            "You chose %(count)s products or editions; side by side shows at most %(max)s, so these are the first %(max)s. Untick some to choose which.",
            count=len(named),
            max=MAX_OFFERS,
        )
        return tuple(named[:MAX_OFFERS]), note
    if not named:
        return select_offers(default_selection(sheet, reference), offers), _("Choose at least two products or editions to compare.")
    partner = reference if reference != named[0].id else next(row.offer_id for row in sheet.rows if row.offer_id != named[0].id)
    extra = [o for o in offers if o.id == partner]
    note = _(
        "You chose one product; it is shown beside %(other)s. Tick another to compare with it instead.",
        other=extra[0].label(current_language()) if extra else "",
    )
    return (*named, *extra), note


@bp.get("/compare.json", defaults={"fmt": "json"})
@bp.get("/compare", defaults={"fmt": None})
def compare(fmt: str | None = None) -> ResponseReturnValue:
    """Two to five offers side by side, ranked among all offers, with the reasons for the order."""
    state = view_state()
    language = current_language()
    current = comparison_at(state.as_of)
    sheet = scored(current.matrix, state, ("all", state.as_of))
    reference = reference_score(current, state)
    ids = requested_ids(request.args)
    selection_note = None
    try:
        chosen = select_offers(ids or default_selection(sheet, reference.offer_id), current.offers)
    except BadParameters:
        if wants_json(fmt):
            raise
        chosen, selection_note = adjusted_selection(ids, sheet, current.offers, reference.offer_id)
    document = {
        **comparison_document(sheet, chosen, state.choice, catalogue(), language, reference),
        "chosen_by_default": not ids,
        "as_of": iso_day(state.as_of),
    }
    if wants_json(fmt):
        return json_response({"ok": True, **document})
    figures = {"radar": charts.radar_chart(document, language)}
    choices = [{"offer": row.offer_id, "label": row.offer.label(language), "rank": row.rank} for row in sheet.rows]
    return render(
        document,
        "pages/compare.html",
        fmt,
        figures=figures,
        choices=choices,
        chosen=[offer.id for offer in chosen],
        max_offers=MAX_OFFERS,
        selection_note=selection_note,
        **page_context(state),
    )


@bp.get("/products/<slug:product_id>.json", defaults={"fmt": "json"})
@bp.get("/products/<slug:product_id>", defaults={"fmt": None})
def product(product_id: str, fmt: str | None = None) -> ResponseReturnValue:
    """Every fact of one product with evidence and history, and what to do where it falls short."""
    state = view_state()
    current = comparison_at(state.as_of)
    try:
        item = current.product(product_id)
    except KeyError:
        raise NotFound(_("There is no product “%(id)s”.", id=product_id)) from None
    offers = tuple(offer for offer in current.offers if offer.product.id == product_id)
    session = request_session(current_app)
    histories: dict[FactKey, tuple[Fact, ...]] = {}
    for offer in offers:
        for fact in offer.facts.values():
            if fact.key not in histories:
                histories[fact.key] = queries.fact_history(session, *fact.key)
    observations = queries.observations(session, product_id)
    language = current_language()
    document = product_document(item, offers, histories, observations, catalogue(), language)
    sheet = rank(restrict(current.matrix, offers), state.choice.effective)
    document["verdicts"] = [
        {"offer": row.offer_id, "offer_label": row.offer.label(language), **verdict_document(judge(row, catalogue()), catalogue(), language)}
        for row in sheet.rows
    ]
    document["profile_title"] = state.choice.effective.title.get(language)
    document["as_of"] = iso_day(state.as_of)
    ids = [offer.id for offer in offers][:MAX_OFFERS]
    if len(ids) < 2 and product_id != REFERENCE_OFFER:
        ids.append(REFERENCE_OFFER)
    compare_url = url_for("pages.compare", products=",".join(ids)) if len(ids) >= 2 else url_for("pages.compare")
    return render(
        document,
        "pages/product.html",
        fmt,
        compare_url=compare_url,
        query=state.query(),
        correction_criteria=criteria_choices(),
        correction_sent=request.args.get("correction") == "sent",
        csrf_token=form_token,
    )


@bp.get("/criteria.json", defaults={"fmt": "json"})
@bp.get("/criteria", defaults={"fmt": None})
def criteria(fmt: str | None = None) -> ResponseReturnValue:
    """Each criterion, its levels and why it matters; the built-in profiles' weights."""
    return render(criteria_document(catalogue(), current_language()), "pages/criteria.html", fmt)


@bp.get("/sensitivity.json", defaults={"fmt": "json"})
@bp.get("/sensitivity", defaults={"fmt": None})
def sensitivity(fmt: str | None = None) -> ResponseReturnValue:
    """Rank probabilities under sampled weights, and the weight changes that dethrone the leader."""
    state = view_state()
    language = current_language()
    matrix = filtered_matrix(comparison_at(state.as_of).matrix, state.filters)
    scope = filter_scope(state.filters, state.as_of)
    sheet = scored(matrix, state, scope)
    samples, seed = current_app.config["SENSITIVITY_SAMPLES"], current_app.config["SENSITIVITY_SEED"]
    key = (data_version(), scope, profile_key(state.choice.effective), samples, seed)
    analysis: Sensitivity = caches(current_app).sensitivity.get_or_compute(key, lambda: analyse(matrix, sheet, samples, seed))
    # The page and its JSON twin show the best contenders unless asked for all: the whole table
    # is samples' worth of probabilities for every pair of offers (the API keeps it whole).
    limit = None if request.args.get("show") == "all" else paging.TOP
    document = sensitivity_document(analysis, sheet, state.choice, state.filters, catalogue(), language, limit, state.reference)
    if wants_json(fmt):
        return json_response({"ok": True, **document})
    figures = {
        "probabilities": charts.rank_probability_chart(document, language),
        "tornado": charts.tornado_chart(document, language),
    }
    return render(document, "pages/sensitivity.html", fmt, figures=figures, **page_context(state))


@bp.post("/profiles")
def save_profile() -> ResponseReturnValue:
    """Save the weights panel's state as a named custom profile, then show it."""
    try:
        check_form_token(request.form.get("csrf_token"))
    except FormRefused:
        raise BadParameters([_("The form has expired. Reload the page and save again.")]) from None
    name = request.form.get("name", "").strip()
    errors = []
    if not name:
        errors.append(_("Give the profile a name."))
    elif len(name) > saved_profiles.NAME_MAX:
        errors.append(_("The name may have at most %(max)s characters.", max=saved_profiles.NAME_MAX))
    state = view_state(MultiDict(parse_qsl(request.form.get("state", ""), keep_blank_values=True)))
    if errors:
        raise BadParameters(errors)
    with transaction(sessions_of(current_app)) as session:
        row = saved_profiles.save_profile(session, name, state.choice.base.id, state.choice.effective)
    values: dict[str, Any] = {k: v for k, v in state.query().items() if k in ("category", "hosting", "eu", "price", "cert", "guest")}
    target = url_for("pages.overview", profile=row.id, **values)
    if wants_json():
        document = {"ok": True, "profile": {"id": row.id, "name": row.name, "weights": row.weights, "must_haves": row.must_haves}, "url": target}
        response = json_response(document, 201)
        response.headers["Location"] = target
        return response
    return redirect(target, code=303)


def dict_without(mapping: dict[str, str], *keys: str) -> dict[str, str]:
    """Jinja filter: a query dict without some keys (e.g. a link that clears the filters)."""
    return {k: v for k, v in mapping.items() if k not in keys}


def source_host(url: str) -> str:
    """Jinja filter: the host of a source URL, as a short link text (``www.`` dropped)."""
    host = urlsplit(url).hostname or url
    return host.removeprefix("www.")


SETTING_NAME = re.compile(r"\b[a-z0-9]+(?:_[a-z0-9]+)+\b")


def code_names(text: str) -> Markup:
    """Jinja filter: escape a data text and show vendor setting names (``th_disable_export``) as code."""
    escaped = str(escape(text))
    return Markup(SETTING_NAME.sub(lambda match: f"<code>{match.group()}</code>", escaped))  # noqa: S704 (input escaped above)


def public_url(endpoint: str, **values: Any) -> str:
    """Jinja global: an absolute link to share (permalinks, embed codes)."""
    return url_for(endpoint, _external=True, **values)


def today_iso() -> str:
    """Jinja global: today's date (UTC), the day a permalink pins its facts to."""
    return datetime.now(UTC).date().isoformat()


def init_app(app: Flask) -> None:
    """Register the pages and their template helpers."""
    app.register_blueprint(bp)
    app.jinja_env.filters.update(dict_without=dict_without, source_host=source_host, code_names=code_names)
    app.jinja_env.globals.update(public_url=public_url, today_iso=today_iso)
