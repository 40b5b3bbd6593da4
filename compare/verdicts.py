"""The answer a procurement team came for: may we use this offer, and on what conditions?

A verdict combines two things the weighted score cannot express. The GDPR baseline
(``criteria/verdicts.yaml``) holds whatever the weights: no weighting buys back a vendor that uses
the data for its own purposes. The profile's must-haves are the buyer's own knock-outs. Both are
judged on verified facts only; an unknown fact that could fail a rule leaves the verdict
undetermined and names the fact, because "suitable" must never rest on a gap.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from compare.facts import Fact, Offer, Text
from compare.i18n import translator
from compare.scoring.rank import MustHaveResult, OfferScore, Verdict
from criteria.model import Catalogue, VerdictRule


class VerdictLevel(StrEnum):
    """The four answers, from best to worst as a buyer reads them."""

    SUITABLE = "suitable"
    SUITABLE_WITH_MEASURES = "suitable_with_measures"
    UNDETERMINED = "undetermined"
    NOT_SUITABLE = "not_suitable"


VERDICT_ORDER = {
    VerdictLevel.SUITABLE: 0,
    VerdictLevel.SUITABLE_WITH_MEASURES: 1,
    VerdictLevel.UNDETERMINED: 2,
    VerdictLevel.NOT_SUITABLE: 3,
}


class ReasonKind(StrEnum):
    """Why a reason is there; the kind that decides the verdict is listed first."""

    FAILS = "fails"
    """A baseline rule or must-have is not met."""
    UNKNOWN = "unknown"
    """A decisive fact is unknown or unverified."""
    MEASURES = "measures"
    """Acceptable only with the measures named."""
    CHECK = "check"
    """A non-decisive fact is unknown: find out (it can at worst call for measures)."""
    MEETS = "meets"
    """Everything checked is met: said so the reader sees what was checked."""


KIND_FOR_LEVEL = {
    VerdictLevel.NOT_SUITABLE: ReasonKind.FAILS,
    VerdictLevel.UNDETERMINED: ReasonKind.UNKNOWN,
    VerdictLevel.SUITABLE_WITH_MEASURES: ReasonKind.MEASURES,
    VerdictLevel.SUITABLE: ReasonKind.MEETS,
}
KIND_ORDER = {kind: i for i, kind in enumerate(ReasonKind)}


@dataclass(frozen=True)
class VerdictReason:
    """One finding behind a verdict, in both languages, with the article it rests on."""

    kind: ReasonKind
    text: Text
    criterion_id: str | None
    gdpr: str
    rule_id: str | None = None
    """The baseline rule, or None for a profile must-have."""
    measures: tuple[str, ...] = ()
    """Mitigation ids that answer this finding."""


@dataclass(frozen=True)
class OfferVerdict:
    """An offer's verdict under one profile, with every finding behind it."""

    offer_id: str
    level: VerdictLevel
    reasons: tuple[VerdictReason, ...]

    @property
    def decisive(self) -> tuple[VerdictReason, ...]:
        """The reasons of the kind that set the level: what a one-line answer must say."""
        wanted = KIND_FOR_LEVEL[self.level]
        return tuple(r for r in self.reasons if r.kind is wanted) or self.reasons[:1]

    @property
    def measures(self) -> tuple[str, ...]:
        """Every measure named by a reason, once, in the order first named."""
        seen: dict[str, None] = {}
        for reason in self.reasons:
            if reason.kind in (ReasonKind.MEASURES, ReasonKind.CHECK):
                seen.update(dict.fromkeys(reason.measures))
        return tuple(seen)


def N_(message: str) -> str:  # pybabel extract looks for this name
    """Mark a message for the catalogue; it is translated per language where it is used."""
    return message


MEETS_ALL = N_("Meets every GDPR baseline rule and every must-have of the profile on verified facts.")
MUST_HAVE_FAILED = N_("Must-have not met: %(criterion)s is “%(found)s”, below “%(minimum)s”.")
MUST_HAVE_UNVERIFIED = N_("Must-have not verified: %(criterion)s must be at least “%(minimum)s”.")


def _both(message: str) -> Text:
    """A catalogue message in English and Dutch, so API clients get both whatever ``lang`` says."""
    return Text(en=message, nl=translator("nl").gettext(message))


def _must_have_reason(result: MustHaveResult, catalogue: Catalogue) -> VerdictReason:
    criterion = catalogue.criterion(result.criterion_id)
    gdpr = ", ".join(criterion.gdpr)

    def text(message: str) -> Text:
        found = criterion.level(result.level_id) if result.level_id is not None else None
        return Text(
            **{
                language: translator(language).gettext(message)
                % {
                    "criterion": criterion.title.get(language),
                    "minimum": criterion.level(result.minimum).label.get(language),
                    "found": found.label.get(language) if found else "",
                }
                for language in ("en", "nl")
            }
        )

    if result.verdict is Verdict.FAILED:
        return VerdictReason(
            ReasonKind.FAILS, text(MUST_HAVE_FAILED), criterion.id, gdpr
        )
    return VerdictReason(
        ReasonKind.UNKNOWN, text(MUST_HAVE_UNVERIFIED), criterion.id, gdpr
    )


def _rule_reason(rule: VerdictRule, fact: Fact | None) -> VerdictReason | None:
    """The finding of one baseline rule, or None when the rule is met."""
    if fact is None or not fact.scores or fact.level_id is None:
        kind = ReasonKind.UNKNOWN if rule.decisive else ReasonKind.CHECK
        measures = () if rule.decisive else tuple(m for o in rule.outcomes for m in o.measures)
        return VerdictReason(kind, Text(en=rule.unknown.en, nl=rule.unknown.nl), rule.criterion, rule.gdpr, rule.id, tuple(dict.fromkeys(measures)))
    outcome = rule.outcome_for(fact.level_id)
    if outcome.outcome == "pass" or outcome.reason is None:
        return None
    kind = ReasonKind.FAILS if outcome.outcome == "fail" else ReasonKind.MEASURES
    return VerdictReason(kind, Text(en=outcome.reason.en, nl=outcome.reason.nl), rule.criterion, rule.gdpr, rule.id, outcome.measures)


def _fitting(reason: VerdictReason, offer: Offer, catalogue: Catalogue) -> VerdictReason:
    """The reason with only the measures that can be taken on this kind of product."""
    kept = tuple(m for m in reason.measures if catalogue.mitigation(m).fits(offer.product.category.value))
    return reason if kept == reason.measures else VerdictReason(reason.kind, reason.text, reason.criterion_id, reason.gdpr, reason.rule_id, kept)


def judge(score: OfferScore, catalogue: Catalogue) -> OfferVerdict:
    """The verdict on one ranked offer under the profile its score sheet was made with.

    Order of precedence: a failed rule or must-have makes it not suitable; otherwise a decisive
    unknown makes it undetermined; otherwise any measure makes it suitable with measures.
    """
    offer = score.offer
    reasons = [_must_have_reason(m, catalogue) for m in score.must_haves if m.verdict is not Verdict.PASSED]
    for rule in catalogue.verdict_rules:
        found = _rule_reason(rule, offer.facts.get(rule.criterion))
        if found is not None:
            reasons.append(_fitting(found, offer, catalogue))
    kinds = {r.kind for r in reasons}
    if ReasonKind.FAILS in kinds:
        level = VerdictLevel.NOT_SUITABLE
    elif ReasonKind.UNKNOWN in kinds:
        level = VerdictLevel.UNDETERMINED
    elif kinds:
        level = VerdictLevel.SUITABLE_WITH_MEASURES
    else:
        level = VerdictLevel.SUITABLE
        reasons.append(
            VerdictReason(
                ReasonKind.MEETS,
                _both(MEETS_ALL),
                None,
                "; ".join(dict.fromkeys(r.gdpr for r in catalogue.verdict_rules)),
            )
        )
    reasons.sort(key=lambda r: KIND_ORDER[r.kind])
    return OfferVerdict(offer.id, level, tuple(reasons))


def judge_all(rows: Iterable[OfferScore], catalogue: Catalogue) -> dict[str, OfferVerdict]:
    """Verdicts per offer id, for a whole score sheet at once."""
    return {row.offer_id: judge(row, catalogue) for row in rows}
