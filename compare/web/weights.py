"""The view state in the URL: profile, weights, must-haves, filters and the offers to compare.

Everything a reader changes lives in the query string, so a copied link reproduces the exact
view. Parameters:

- ``profile=<id>``: a built-in profile or a saved custom one (unknown: 404);
- ``w.<criterion>=<number>``: a weight between 0 and 100 (sliders go to 10);
- ``must.<criterion>=<level>``: a must-have minimum; an empty value removes the profile's one;
- ``category=<category>``, ``hosting=<hosting>``, ``eu=1``, ``q=<words>``, ``verdict=<verdict>``,
  ``price=free|5|10|20``, ``cert=<certification>``, ``guest=<guest access>``: filters;
- ``reference=<offer>``: the offer being replaced (default: the WhatsApp Business app);
- ``as_of=YYYY-MM-DD``: the facts as recorded by the end of that day (UTC);
- ``products=a,b,c`` (also repeated): offers or products to compare.

Anything malformed is a 400 that lists every bad parameter at once.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from enum import Enum
from typing import TypeVar

from flask_babel import gettext as _
from werkzeug.datastructures import MultiDict
from werkzeug.exceptions import NotFound

from compare.facts import Category, Hosting, Offer
from compare.practical import PRICE_LIMITS, CertificationScheme, GuestAccess
from compare.presenters.overview import Filters
from compare.presenters.profiles import ProfileChoice, adjusted_profile
from compare.presenters.side_by_side import MAX_OFFERS, MIN_OFFERS
from compare.presenters.verdicts import REFERENCE_OFFER
from compare.verdicts import VerdictLevel
from compare.web.errors import BadParameters
from criteria.model import Catalogue, MustHave, WeightProfile

WEIGHT_PREFIX = "w."
MUST_PREFIX = "must."
MAX_WEIGHT = 100.0
SLIDER_MAX = 10.0
TRUE_VALUES = {"1"}
FALSE_VALUES = {"", "0"}
WEIGHT_PATTERN = r"(?:100(?:\.0{1,6})?|[0-9]{1,2}(?:\.[0-9]{1,6})?)"
"""A weight as the URL writes it: 0 to 100, at most six decimals; no signs, exponents or ``_``."""
WEIGHT = re.compile(WEIGHT_PATTERN)
MAX_PRODUCT_IDS = 50
"""More ids than any comparison can use (five) or the catalogue holds; more is a 400."""
OFFER_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*(?::[a-z0-9]+(?:-[a-z0-9]+)*)?")
ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
SEARCH_MAX = 100

SavedProfiles = Callable[[str], WeightProfile | None]


@dataclass(frozen=True)
class ViewState:
    """The parsed query string: the profile as adjusted, and the filters."""

    choice: ProfileChoice
    filters: Filters = field(default_factory=Filters)
    default_profile: str = "core"
    reference: str = REFERENCE_OFFER
    as_of: date | None = None

    def query(self, **extra: str) -> dict[str, str]:
        """The shortest query string that reproduces this state (defaults left out)."""
        params: dict[str, str] = {}
        base, effective = self.choice.base, self.choice.effective
        if base.id != self.default_profile:
            params["profile"] = base.id
        for criterion_id in sorted(set(base.weights) | set(effective.weights)):
            if base.weight(criterion_id) != effective.weight(criterion_id):
                params[WEIGHT_PREFIX + criterion_id] = f"{effective.weight(criterion_id):g}"
        base_musts = {m.criterion: m.minimum for m in base.must_haves}
        musts = {m.criterion: m.minimum for m in effective.must_haves}
        for criterion_id in sorted(set(base_musts) | set(musts)):
            if base_musts.get(criterion_id) != musts.get(criterion_id):
                params[MUST_PREFIX + criterion_id] = musts.get(criterion_id, "")
        if self.filters.category is not None:
            params["category"] = self.filters.category.value
        if self.filters.hosting is not None:
            params["hosting"] = self.filters.hosting.value
        if self.filters.eu_only:
            params["eu"] = "1"
        if self.filters.search:
            params["q"] = self.filters.search
        if self.filters.verdict is not None:
            params["verdict"] = self.filters.verdict.value
        if self.filters.price is not None:
            params["price"] = self.filters.price
        if self.filters.certification is not None:
            params["cert"] = self.filters.certification.value
        if self.filters.guest is not None:
            params["guest"] = self.filters.guest.value
        if self.reference != REFERENCE_OFFER:
            params["reference"] = self.reference
        if self.as_of is not None:
            params["as_of"] = self.as_of.isoformat()
        params.update(extra)
        return params


def resolve_profile(profile_id: str, catalogue: Catalogue, saved: SavedProfiles) -> tuple[WeightProfile, bool]:
    """A built-in profile, else a saved custom one.

    Raises:
        NotFound: neither exists.
    """
    try:
        return catalogue.profile(profile_id), False
    except KeyError:
        pass
    custom = saved(profile_id)
    if custom is None:
        known = ", ".join(p.id for p in catalogue.profiles)
        raise NotFound(_("There is no profile “%(id)s”. Built-in profiles: %(known)s.", id=profile_id, known=known))
    return custom, True


def parse_weight(raw: str) -> float | None:
    """A weight from the URL (``WEIGHT_PATTERN``), or None: ``1_0``, ``1e1``, `` 5`` and ``+5`` are not weights."""
    if not WEIGHT.fullmatch(raw):
        return None
    return float(raw)


def weight_text(value: float) -> str | None:
    """A JSON number as the URL's weight text, or None when it is not a weight (NaN, < 0, > 100)."""
    if not math.isfinite(value) or not 0 <= value <= MAX_WEIGHT:
        return None
    return f"{value:.6f}".rstrip("0").rstrip(".")


def parse_state(args: MultiDict[str, str], catalogue: Catalogue, saved: SavedProfiles, default_profile: str) -> ViewState:
    """Read profile, weights, must-haves and filters from the query string.

    Raises:
        NotFound: the profile does not exist.
        BadParameters: any other parameter is malformed (all problems are listed).
    """
    base, is_saved = resolve_profile(args.get("profile") or default_profile, catalogue, saved)
    errors: list[str] = []
    weights = {c.id: base.weight(c.id) for c in catalogue.criteria}
    musts = {m.criterion: m.minimum for m in base.must_haves}
    criteria = {c.id: c for c in catalogue.criteria}
    for key, raw in args.items(multi=True):
        if key.startswith(WEIGHT_PREFIX):
            criterion_id = key.removeprefix(WEIGHT_PREFIX)
            value = parse_weight(raw)
            if criterion_id not in criteria:
                errors.append(_("“%(key)s”: there is no criterion “%(id)s”.", key=key, id=criterion_id))
            elif value is None:
                errors.append(_("“%(key)s”: the weight must be a number from 0 to %(max)s, not “%(raw)s”.", key=key, max=format(MAX_WEIGHT, "g"), raw=raw))
            else:
                weights[criterion_id] = value
        elif key.startswith(MUST_PREFIX):
            criterion_id = key.removeprefix(MUST_PREFIX)
            criterion = criteria.get(criterion_id)
            if criterion is None:
                errors.append(_("“%(key)s”: there is no criterion “%(id)s”.", key=key, id=criterion_id))
            elif raw in ("", "none"):
                musts.pop(criterion_id, None)
            elif not criterion.has_level(raw):
                known = ", ".join(level.id for level in criterion.levels)
                errors.append(_("“%(key)s”: “%(raw)s” is not a level of this criterion (levels: %(known)s).", key=key, raw=raw, known=known))
            else:
                musts[criterion_id] = raw
    filters = parse_filters(args, errors)
    reference = args.get("reference", REFERENCE_OFFER)
    if not OFFER_ID.fullmatch(reference):
        errors.append(_("“reference”: “%(raw)s” is not a product or edition id (such as whatsapp-business-app or wire:cloud).", raw=reference[:80]))
    as_of = parse_day(args.get("as_of"), "as_of", errors)
    if not errors and sum(weights.values()) <= 0:
        errors.append(_("At least one weight must be above zero."))
    if errors:
        raise BadParameters(errors)
    order = [c.id for c in catalogue.criteria]
    must_haves = tuple(MustHave(criterion=c, minimum=musts[c]) for c in order if c in musts)
    effective = adjusted_profile(base, weights, must_haves)
    return ViewState(
        choice=ProfileChoice(base=base, effective=effective, saved=is_saved),
        filters=filters,
        default_profile=default_profile,
        reference=reference,
        as_of=as_of,
    )


def parse_day(raw: str | None, name: str, errors: list[str]) -> date | None:
    """A calendar day written YYYY-MM-DD (nothing else: no week dates, no times), or None."""
    if raw is None:
        return None
    try:
        if not ISO_DAY.fullmatch(raw):
            raise ValueError(raw)
        return date.fromisoformat(raw)
    except ValueError:
        errors.append(_("“%(name)s”: “%(raw)s” is not a date of the form YYYY-MM-DD.", name=name, raw=raw[:40]))
        return None


Choice = TypeVar("Choice", bound=Enum)


def parse_choice(
    args: MultiDict[str, str],
    key: str,
    choices: type[Choice],
    errors: list[str],
    problem: Callable[[str, str], str],
) -> Choice | None:
    """One optional enum parameter; an unknown value appends ``problem(raw, known values)``.

    Each parameter keeps its own sentence (written where it is used, so it is extracted for
    translation); only the parsing is shared.
    """
    raw = args.get(key, "")
    if not raw:
        return None
    try:
        return choices(raw)
    except ValueError:
        errors.append(problem(raw, ", ".join(str(choice.value) for choice in choices)))
        return None


def parse_filters(args: MultiDict[str, str], errors: list[str]) -> Filters:
    """Category, hosting and EU-only filters; problems are appended to ``errors``."""
    category = parse_choice(
        args, "category", Category, errors,
        lambda raw, known: _("“category”: “%(raw)s” is not a category (categories: %(known)s).", raw=raw, known=known),
    )
    hosting = parse_choice(
        args, "hosting", Hosting, errors,
        lambda raw, known: _("“hosting”: “%(raw)s” is not a hosting option (options: %(known)s).", raw=raw, known=known),
    )
    raw_eu = args.get("eu", "")
    if raw_eu not in TRUE_VALUES | FALSE_VALUES:
        errors.append(_("“eu”: use 1 for EU/EEA vendors only, or leave it out."))
    search = " ".join(args.get("q", "").split())
    if len(search) > SEARCH_MAX:
        errors.append(_("“q”: search for at most %(max)s characters.", max=SEARCH_MAX))
    verdict = parse_choice(
        args, "verdict", VerdictLevel, errors,
        lambda raw, known: _("“verdict”: “%(raw)s” is not a verdict (verdicts: %(known)s).", raw=raw[:40], known=known),
    )
    price, certification, guest = parse_practical_filters(args, errors)
    return Filters(
        category=category,
        hosting=hosting,
        eu_only=raw_eu in TRUE_VALUES,
        search=search,
        verdict=verdict,
        price=price,
        certification=certification,
        guest=guest,
    )


def parse_practical_filters(
    args: MultiDict[str, str], errors: list[str]
) -> tuple[str | None, CertificationScheme | None, GuestAccess | None]:
    """``price=free|5|10|20``, ``cert=<scheme>``, ``guest=external-account|without-account``."""
    price = args.get("price", "") or None
    if price is not None and price not in PRICE_LIMITS:
        errors.append(_("“price”: “%(raw)s” is not a price band (bands: %(known)s).", raw=price[:40], known=", ".join(PRICE_LIMITS)))
        price = None
    certification = parse_choice(
        args, "cert", CertificationScheme, errors,
        lambda raw, known: _("“cert”: “%(raw)s” is not a certification (known: %(known)s).", raw=raw[:40], known=known),
    )
    guest = parse_choice(
        args, "guest", GuestAccess, errors,
        lambda raw, known: _("“guest”: “%(raw)s” is not a guest-access level (levels: %(known)s).", raw=raw[:40], known=known),
    )
    return price, certification, guest


def requested_ids(args: MultiDict[str, str]) -> list[str]:
    """``products=a,b`` and ``products=a&products=b`` alike, in order, without duplicates.

    Raises:
        BadParameters: more than ``MAX_PRODUCT_IDS`` distinct ids (de-duplication is linear).
    """
    ids: dict[str, None] = {}
    for value in args.getlist("products"):
        for part in value.split(","):
            part = part.strip()
            if part:
                ids[part] = None
                if len(ids) > MAX_PRODUCT_IDS:
                    raise BadParameters([_("“%(name)s”: at most %(max)s ids.", name="products", max=MAX_PRODUCT_IDS)])
    return list(ids)


def select_offers(ids: Iterable[str], offers: tuple[Offer, ...]) -> tuple[Offer, ...]:
    """The offers named by offer id, or every edition of a named product.

    Raises:
        NotFound: an id names neither an offer nor a product.
        BadParameters: fewer than two or more than five offers result.
    """
    by_id = {offer.id: offer for offer in offers}
    chosen: list[Offer] = []
    unknown = []
    for item in ids:
        if item in by_id:
            matches = [by_id[item]]
        else:
            matches = [offer for offer in offers if offer.product.id == item]
        if not matches:
            unknown.append(item)
        chosen.extend(m for m in matches if m not in chosen)
    if unknown:
        raise NotFound(_("Unknown product or edition: %(ids)s.", ids=", ".join(unknown)))
    if not MIN_OFFERS <= len(chosen) <= MAX_OFFERS:
        raise BadParameters(
            [_("Choose from %(min)s to %(max)s products or editions to compare (you chose %(count)s).", min=MIN_OFFERS, max=MAX_OFFERS, count=len(chosen))]
        )
    return tuple(chosen)
