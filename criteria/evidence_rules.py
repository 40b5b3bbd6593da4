"""Evidence rules: which sentences in a vendor document suggest which level of a criterion.

Rules are criteria data (``criteria/evidence-rules/<criterion-id>.yaml``), reviewed like the
criteria themselves: each rule has regular expressions in English *and* Dutch and the level it
suggests, optional ``unless`` patterns that veto a match (negations such as "we do not sell"),
and each file says whether the worst or the best suggested level wins when a document supports
several, with the reason. Loading fails at the first bad key, like the catalogue.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Literal

from pydantic import AfterValidator, Field

from criteria.load import CRITERIA_ROOT, CatalogueError, parse, read_yaml
from criteria.model import Catalogue, Frozen, Slug

RULES_ROOT = CRITERIA_ROOT / "evidence-rules"
FLAGS = re.IGNORECASE
"""Patterns match case-insensitively; use ``(?-i:US)`` for a case-sensitive part."""


def _regex(pattern: str) -> str:
    try:
        re.compile(pattern, FLAGS)
    except re.error as exc:
        raise ValueError(f"invalid regular expression {pattern!r}: {exc}") from exc
    return pattern


Pattern = Annotated[str, Field(min_length=1), AfterValidator(_regex)]


class Patterns(Frozen):
    """Patterns per language; both languages are required so Dutch documents are never blind spots."""

    en: Annotated[tuple[Pattern, ...], Field(min_length=1)]
    nl: Annotated[tuple[Pattern, ...], Field(min_length=1)]


class Vetoes(Frozen):
    """Patterns that cancel a match in the same sentence (negations, other contexts)."""

    en: tuple[Pattern, ...] = ()
    nl: tuple[Pattern, ...] = ()


class EvidenceRule(Frozen):
    """Sentences matching ``patterns`` (and no ``unless``) suggest ``level``."""

    id: Slug
    level: Slug
    patterns: Patterns
    unless: Vetoes = Vetoes()
    conditional: bool = False
    """The level is itself a conditional reading (optional E2EE, an EU option): words such as
    "optional" or "if you choose" confirm the match instead of cancelling it."""
    note: str | None = None
    """Why the rule reads the passage this way, for the reviewer."""


class CriterionRules(Frozen):
    """All rules for one criterion, most specific first."""

    criterion: Slug
    prefer: Literal["worst", "best"]
    """Which suggested level wins when one document supports several."""
    prefer_why: Annotated[str, Field(min_length=1)]
    rules: Annotated[tuple[EvidenceRule, ...], Field(min_length=1)]


@dataclass(frozen=True, slots=True)
class RuleBook:
    """The loaded rules with each criterion's levels (worst first), to rank suggestions."""

    criteria: tuple[CriterionRules, ...]
    levels: Mapping[str, tuple[str, ...]]

    def for_criterion(self, criterion_id: str) -> CriterionRules:
        """The rules of one criterion.

        Raises:
            KeyError: no rules file for this criterion.
        """
        for rules in self.criteria:
            if rules.criterion == criterion_id:
                return rules
        raise KeyError(f"no evidence rules for criterion {criterion_id!r}")

    def rank(self, criterion_id: str, level_id: str) -> int:
        """Position of a level on its criterion's scale, 0 being the worst."""
        return self.levels[criterion_id].index(level_id)


def levels_of(catalogue: Catalogue) -> dict[str, tuple[str, ...]]:
    """Level ids per criterion, worst first, as :func:`load_evidence_rules` wants them."""
    return {c.id: tuple(level.id for level in c.levels) for c in catalogue.criteria}


def load_rules_file(path: Path, levels: Mapping[str, Sequence[str]]) -> CriterionRules:
    """One rules file, checked against the criterion's levels.

    Raises:
        CatalogueError: bad YAML, a bad key, an unknown criterion or level, or an invalid regex.
    """
    rules = parse(CriterionRules, read_yaml(path), path)
    if rules.criterion != path.stem:
        raise CatalogueError(
            path,
            "criterion",
            f"criterion {rules.criterion!r} does not match the file name ({path.stem!r})",
        )
    if rules.criterion not in levels:
        raise CatalogueError(
            path, "criterion", f"unknown criterion {rules.criterion!r}; known: {sorted(levels)}"
        )
    known = list(levels[rules.criterion])
    seen: set[str] = set()
    for i, rule in enumerate(rules.rules):
        if rule.level not in known:
            raise CatalogueError(
                path, f"rules[{i}].level", f"unknown level {rule.level!r}; known: {known}"
            )
        if rule.id in seen:
            raise CatalogueError(path, f"rules[{i}].id", f"rule {rule.id!r} is defined twice")
        seen.add(rule.id)
    return rules


def load_evidence_rules(levels: Mapping[str, Sequence[str]], root: Path = RULES_ROOT) -> RuleBook:
    """Every rules file in ``root``; rule ids must be unique across files.

    ``levels`` maps criterion ids to their level ids, worst first (see :func:`levels_of`).

    Raises:
        CatalogueError: the first problem found, naming the file and key.
    """
    paths = sorted(root.glob("*.yaml"))
    if not paths:
        raise CatalogueError(root, "", "no evidence rule files found")
    owners: dict[str, Path] = {}
    loaded = []
    for path in paths:
        rules = load_rules_file(path, levels)
        for i, rule in enumerate(rules.rules):
            if rule.id in owners:
                raise CatalogueError(
                    path,
                    f"rules[{i}].id",
                    f"rule {rule.id!r} is already defined in {owners[rule.id].name}",
                )
            owners[rule.id] = path
        loaded.append(rules)
    used = {rules.criterion for rules in loaded}
    return RuleBook(
        criteria=tuple(loaded),
        levels={c: tuple(ls) for c, ls in levels.items() if c in used},
    )
