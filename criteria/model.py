"""The criteria model: what our users score, on which scale, and how much each part weighs.

Values here are immutable and validated on construction, so a loaded catalogue can be shared by
every request and every scoring run without defensive copies.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    field_serializer,
    field_validator,
    model_validator,
)

Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$", max_length=64)]
Language = Literal["en", "nl"]
LANGUAGES: tuple[Language, ...] = ("en", "nl")


class Frozen(BaseModel):
    """Base for catalogue values: unknown keys are errors, and nothing changes after loading."""

    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)


class LocalizedText(Frozen):
    """A text in both languages we serve; a missing translation is a catalogue error, not a blank."""

    en: Annotated[str, StringConstraints(min_length=1)]
    nl: Annotated[str, StringConstraints(min_length=1)]

    def get(self, language: str) -> str:
        """The text in ``language``, falling back to English for languages we do not serve."""
        return self.nl if language == "nl" else self.en


class Level(Frozen):
    """One step on a criterion's ordered scale."""

    id: Slug
    label: LocalizedText
    score: Annotated[float, Field(ge=0, le=100)]
    qualifies: LocalizedText
    """What evidence a vendor must show to be placed on this level."""
    requires_self_hosting: bool = False
    """Only an organisation running the servers can reach this level, so a cloud offer below it
    is not "falling short": its best reachable level is the one below."""


class Risk(Frozen):
    """A risk named by the source article, so every criterion says which worry it answers."""

    id: Slug
    title: LocalizedText


class Criterion(Frozen):
    """A thing a privacy officer weighs, with an ordered scale from worst to best."""

    id: Slug
    core: bool
    title: LocalizedText
    description: LocalizedText
    why: LocalizedText
    risks: tuple[Slug, ...]
    gdpr: tuple[str, ...]
    levels: Annotated[tuple[Level, ...], Field(min_length=2)]
    default_weight: Annotated[float, Field(ge=0)]

    @model_validator(mode="after")
    def _levels_are_ordered_and_unique(self) -> Criterion:
        ids = [level.id for level in self.levels]
        duplicates = sorted({i for i in ids if ids.count(i) > 1})
        if duplicates:
            raise ValueError(f"duplicate level ids: {', '.join(duplicates)}")
        scores = [level.score for level in self.levels]
        if scores != sorted(scores):
            raise ValueError("levels must be listed from worst (lowest score) to best")
        return self

    def level(self, level_id: str) -> Level:
        """The level with this id.

        Raises:
            KeyError: the criterion has no such level.
        """
        for level in self.levels:
            if level.id == level_id:
                return level
        raise KeyError(f"criterion {self.id!r} has no level {level_id!r}")

    def has_level(self, level_id: str) -> bool:
        """Whether ``level_id`` is on this criterion's scale."""
        return any(level.id == level_id for level in self.levels)

    def rank_of(self, level_id: str) -> int:
        """Position on the scale (0 = worst), used to compare a fact with a must-have minimum."""
        return [level.id for level in self.levels].index(self.level(level_id).id)

    @property
    def worst(self) -> Level:
        """The lowest level: an unknown fact counts as this at the low end of a score range."""
        return self.levels[0]

    @property
    def best(self) -> Level:
        """The highest level: an unknown fact counts as this at the high end of a score range."""
        return self.levels[-1]

    def best_reachable(self, self_hosted: bool) -> Level:
        """The best level an offer can reach: levels that need self-hosting only count for it."""
        reachable = [level for level in self.levels if self_hosted or not level.requires_self_hosting]
        return reachable[-1] if reachable else self.best


class MustHave(Frozen):
    """A non-negotiable minimum: below it a product is out, whatever its weighted score."""

    criterion: Slug
    minimum: Slug


class WeightProfile(Frozen):
    """Weights per criterion plus must-haves, for one kind of buyer."""

    id: Slug
    title: LocalizedText
    description: LocalizedText
    weights: Mapping[Slug, Annotated[float, Field(ge=0)]]
    must_haves: tuple[MustHave, ...] = ()
    guest_access: Literal["external-account", "without-account"] | None = None
    """The guest access this profile's buyers need (a WhatsApp replacement for customer contact
    stands or falls on it); the overview offers it as a requirement in one click."""

    @field_validator("weights", mode="after")
    @classmethod
    def _read_only(cls, weights: Mapping[str, float]) -> Mapping[str, float]:
        # A loaded profile is shared by every request; a plain dict could be changed under them.
        return MappingProxyType(dict(weights))

    @field_serializer("weights")
    def _plain_dict(self, weights: Mapping[str, float]) -> dict[str, float]:
        return dict(weights)

    def weight(self, criterion_id: str) -> float:
        """The raw weight; a criterion the profile leaves out weighs nothing."""
        return self.weights.get(criterion_id, 0.0)

    @property
    def total_weight(self) -> float:
        """Sum of raw weights; scoring divides by it so profiles need not add up to 100."""
        return sum(self.weights.values())


class Mitigation(Frozen):
    """A measure from the source article for an organisation that keeps a risky channel anyway."""

    id: Slug
    kind: Literal["governance", "hardening"]
    number: Annotated[int, Field(ge=1)]
    title: LocalizedText
    criteria: tuple[Slug, ...]
    """The criteria whose shortfall this measure answers, so product pages can list it."""
    categories: tuple[Slug, ...] = ()
    """Product categories the measure fits (empty: every product). Turning off read receipts is a
    phone-app setting; listing it for a self-hosted team chat would be advice nobody can follow."""

    def fits(self, category: str) -> bool:
        """Whether the measure can be taken on a product of this category."""
        return not self.categories or category in self.categories


Outcome = Literal["pass", "measures", "fail"]
OUTCOME_ORDER: Mapping[str, int] = MappingProxyType({"pass": 0, "measures": 1, "fail": 2})


class RuleOutcome(Frozen):
    """What one or more levels of a criterion mean for the GDPR baseline."""

    levels: Annotated[tuple[Slug, ...], Field(min_length=1)]
    outcome: Outcome
    reason: LocalizedText | None = None
    measures: tuple[Slug, ...] = ()
    """Mitigation ids (governance topics, hardening measures) that make the use acceptable."""

    @model_validator(mode="after")
    def _explained(self) -> RuleOutcome:
        if self.outcome != "pass" and self.reason is None:
            raise ValueError(f"a {self.outcome!r} outcome needs a reason in both languages")
        if self.outcome == "measures" and not self.measures:
            raise ValueError("a 'measures' outcome must name at least one measure")
        return self


class VerdictRule(Frozen):
    """A requirement every organisational use must meet whatever the weights, with its article."""

    id: Slug
    criterion: Slug
    gdpr: Annotated[str, StringConstraints(min_length=1)]
    title: LocalizedText
    unknown: LocalizedText
    """Said when the criterion's fact is unknown or unverified."""
    outcomes: Annotated[tuple[RuleOutcome, ...], Field(min_length=1)]

    def outcome_for(self, level_id: str) -> RuleOutcome:
        """The outcome of a verified level.

        Raises:
            KeyError: the level is not covered (the loader refuses such rules).
        """
        for outcome in self.outcomes:
            if level_id in outcome.levels:
                return outcome
        raise KeyError(f"rule {self.id!r} has no outcome for level {level_id!r}")

    @property
    def decisive(self) -> bool:
        """Whether a level can fail the rule, so that an unknown fact holds the verdict."""
        return any(o.outcome == "fail" for o in self.outcomes)


class Catalogue(Frozen):
    """Everything the scoring needs to know about criteria, checked as a whole."""

    risks: tuple[Risk, ...]
    criteria: tuple[Criterion, ...]
    profiles: tuple[WeightProfile, ...]
    mitigations: tuple[Mitigation, ...] = ()
    verdict_rules: tuple[VerdictRule, ...] = ()

    @model_validator(mode="after")
    def _ids_are_unique(self) -> Catalogue:
        # Cross-references are checked by the loader, which knows the file and key to blame.
        for name, ids in (
            ("criteria", [c.id for c in self.criteria]),
            ("profiles", [p.id for p in self.profiles]),
            ("risks", [r.id for r in self.risks]),
            ("mitigations", [m.id for m in self.mitigations]),
            ("verdict rules", [r.id for r in self.verdict_rules]),
            ("mitigation numbers", [f"{m.kind}-{m.number}" for m in self.mitigations]),
        ):
            if len(set(ids)) != len(ids):
                raise ValueError(f"two {name} share an id")
        return self

    def criterion(self, criterion_id: str) -> Criterion:
        """The criterion with this id.

        Raises:
            KeyError: no such criterion.
        """
        for criterion in self.criteria:
            if criterion.id == criterion_id:
                return criterion
        raise KeyError(f"unknown criterion {criterion_id!r}")

    def profile(self, profile_id: str) -> WeightProfile:
        """The built-in profile with this id.

        Raises:
            KeyError: no such profile.
        """
        for profile in self.profiles:
            if profile.id == profile_id:
                return profile
        raise KeyError(f"unknown profile {profile_id!r}")

    def mitigations_for(self, criterion_id: str) -> tuple[Mitigation, ...]:
        """The source article's measures that address a shortfall on this criterion."""
        return tuple(m for m in self.mitigations if criterion_id in m.criteria)

    def mitigation(self, mitigation_id: str) -> Mitigation:
        """The governance topic or hardening measure with this id.

        Raises:
            KeyError: no such measure.
        """
        for mitigation in self.mitigations:
            if mitigation.id == mitigation_id:
                return mitigation
        raise KeyError(f"unknown mitigation {mitigation_id!r}")

    def risk(self, risk_id: str) -> Risk:
        """The risk with this id.

        Raises:
            KeyError: no such risk.
        """
        for risk in self.risks:
            if risk.id == risk_id:
                return risk
        raise KeyError(f"unknown risk {risk_id!r}")
