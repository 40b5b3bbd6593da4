"""From a query string to a ``Scope``: the shared front door of the API, the exports and the embeds.

The parameters are the pages' own (``compare.web.weights``: ``profile``, ``w.<criterion>``,
``must.<criterion>``, ``category``, ``hosting``, ``eu``, ``products``), plus ``as_of`` (facts as
recorded by the end of that day, UTC) and ``lang``. So a link copied from a page gives the same
ranking in a CSV, a chart image, an embed, the API and the PDF report.

``products`` here *restricts* the comparison, as the filters do: ranks, charts and the
sensitivity analysis count only the offers chosen (the side-by-side page instead ranks the whole
field); a report "of these four products" ranks them among themselves.
"""

from __future__ import annotations

import re
from collections.abc import Hashable
from datetime import UTC, date, datetime, time

from flask import current_app
from werkzeug.datastructures import MultiDict
from werkzeug.exceptions import NotFound

from compare.comparison import Comparison, load_comparison
from compare.exports.scope import Scope, UnknownOffers, resolve_offers, restrict
from compare.presenters.overview import filtered_matrix
from compare.scoring.rank import OfferScore, ScoreSheet, rank
from compare.scoring.sensitivity import Sensitivity, analyse
from compare.store.setup import request_session
from compare.web import context
from compare.web.caching import caches, profile_key
from compare.web.errors import BadParameters
from compare.web.state import view_state
from compare.web.weights import ViewState, parse_day, requested_ids
from compare.web.wording import gettext as _

SCOPE_PARAMETERS = frozenset(
    {"profile", "category", "hosting", "eu", "q", "verdict", "reference", "products", "as_of", "lang", "price", "cert", "guest"}
)
SCOPE_PREFIXES = ("w.", "must.")
WHOLE_NUMBER = re.compile(r"-?[0-9]+")
MIN_SAMPLES, MAX_SAMPLES = 100, 20_000
MAX_SEED = 2**32 - 1


def parse_as_of(raw: str | None) -> date | None:
    """``as_of=YYYY-MM-DD``, or None when absent.

    Raises:
        BadParameters: not a calendar date in that form.
    """
    errors: list[str] = []
    day = parse_day(raw, "as_of", errors)
    if errors:
        raise BadParameters(errors)
    return day


def parse_language(raw: str | None, default: str) -> str:
    """``lang=en|nl``; ``default`` when absent.

    Raises:
        BadParameters: a language we do not serve.
    """
    if raw is None:
        return default
    supported = tuple(current_app.config["LANGUAGES"])
    if raw not in supported:
        raise BadParameters([_("“lang”: use one of %(known)s.", known=", ".join(supported))])
    return raw


def parse_int(args: MultiDict[str, str], name: str, default: int, low: int, high: int) -> int:
    """A whole number parameter within bounds.

    Raises:
        BadParameters: not a whole number, or out of bounds (the message names the parameter).
    """
    raw = args.get(name)
    if raw is None:
        return default
    value = int(raw) if WHOLE_NUMBER.fullmatch(raw) else None
    if value is None or not low <= value <= high:
        raise BadParameters(
            [
                _(
                    "“%(name)s”: a whole number from %(low)s to %(high)s, not “%(raw)s”.",
                    name=name,
                    low=low,
                    high=high,
                    raw=raw,
                )
            ]
        )
    return value


def reject_empty(args: MultiDict[str, str], names: frozenset[str]) -> None:
    """An empty value where one is required (``profile=``) is a 400, not a silent default.

    Raises:
        BadParameters: every parameter given empty, named.
    """
    empty = sorted(
        {key for key, value in args.items(multi=True) if key in names and not value.strip()}
    )
    if empty:
        raise BadParameters(
            [_("“%(name)s”: give a value or leave the parameter out.", name=name) for name in empty]
        )


def reject_unknown(
    args: MultiDict[str, str], allowed: frozenset[str], prefixes: tuple[str, ...] = ()
) -> None:
    """A typo in a parameter name must not silently change a ranking: unknown names are a 400.

    Raises:
        BadParameters: every unknown parameter, named.
    """
    unknown = sorted({key for key in args if key not in allowed and not key.startswith(prefixes)})
    if unknown:
        raise BadParameters([_("“%(name)s”: unknown parameter.", name=name) for name in unknown])


def comparison_at(as_of: date | None) -> Comparison:
    """The comparison on the facts recorded by the end of ``as_of`` (UTC), or as the store stands."""
    if as_of is None:
        return context.comparison()
    moment = datetime.combine(as_of, time.max, tzinfo=UTC)
    key = ("as_of", context.data_version(), as_of)
    value: Comparison = caches(current_app).comparisons.get_or_compute(
        key, lambda: load_comparison(request_session(current_app), context.catalogue(), moment)
    )
    return value


def reference_score(current: Comparison, state: ViewState) -> OfferScore:
    """The reference offer scored under the view's profile, whatever the filters keep.

    A score depends only on the offer's own facts and the weights, so ranking it alone gives the
    same score it has among all offers; its rank there is not used.

    Raises:
        NotFound: ``reference`` names no offer (a product with editions must name one).
    """
    try:
        offer = current.offer(state.reference)
    except KeyError:
        editions = [o.id for o in current.offers if o.product.id == state.reference]
        hint = _(" Name an edition: %(ids)s.", ids=", ".join(editions)) if editions else ""
        raise NotFound(_("“reference”: there is no product or edition “%(id)s”.", id=state.reference) + hint) from None
    key = ("reference", context.data_version(), state.as_of, offer.id, profile_key(state.choice.effective))
    sheet: ScoreSheet = caches(current_app).sheets.get_or_compute(
        key, lambda: rank(restrict(current.matrix, (offer,)), state.choice.effective)
    )
    return sheet.rows[0]


def build_scope(
    args: MultiDict[str, str],
    language: str,
    as_of: date | None = None,
    ids: list[str] | None = None,
) -> Scope:
    """The offers, profile and language a query string asks for.

    Filters and products that leave nothing give an empty scope, not an error: an empty answer
    is the truthful one.

    Raises:
        NotFound: an unknown profile, product or edition.
        BadParameters: malformed weights, must-haves or filters.
    """
    state = view_state(args)
    current = comparison_at(as_of)
    reference = reference_score(current, state)
    matrix = filtered_matrix(current.matrix, state.filters)
    wanted = requested_ids(args) if ids is None else ids
    if wanted:
        try:
            chosen = resolve_offers(wanted, current.offers)
        except UnknownOffers as exc:
            raise NotFound(
                _("“products”: unknown product or edition: %(ids)s.", ids=", ".join(exc.ids))
            ) from None
        matrix = restrict(matrix, chosen)
    return Scope(
        catalogue=context.catalogue(),
        matrix=matrix,
        choice=state.choice,
        language=language,
        generated_at=datetime.now(UTC),
        as_of=as_of,
        filters=state.filters,
        reference=reference,
    )


def scope_key(scope: Scope) -> Hashable:
    """What makes two scopes rank alike, for caches: data, date, offers and weights."""
    return (
        context.data_version(),
        scope.as_of,
        tuple(o.id for o in scope.matrix.offers),
        profile_key(scope.choice.effective),
        scope.reference.offer_id if scope.reference else None,
        scope.filters.verdict,
    )


def sensitivity_of(
    scope: Scope, samples: int | None = None, seed: int | None = None
) -> Sensitivity:
    """The Monte Carlo analysis of ``scope`` (seeded, so the same link gives the same figures)."""
    samples = samples if samples is not None else int(current_app.config["SENSITIVITY_SAMPLES"])
    seed = seed if seed is not None else int(current_app.config["SENSITIVITY_SEED"])
    key = ("scope", scope_key(scope), samples, seed)
    value: Sensitivity = caches(current_app).sensitivity.get_or_compute(
        key, lambda: analyse(scope.matrix, scope.sheet, samples, seed)
    )
    return value
