"""The DPIA-style risk register as data (``criteria/risk-register.yaml``), loaded and checked.

The register says, per risk, how bad it is if it happens (impact) and, per level of the criterion
that decides it, how likely it is, which measures answer it and what is left afterwards. Nothing
in it names a product: an offer's register follows from its facts (``compare.registers``), so a
new fact changes the report's register without anyone editing prose.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Annotated

from pydantic import Field, StringConstraints, model_validator

from criteria.load import CRITERIA_ROOT, CatalogueError, parse, read_yaml
from criteria.model import Catalogue, Frozen, LocalizedText, Slug

REGISTER_FILE = "risk-register.yaml"
Score = Annotated[int, Field(ge=1, le=3)]
"""Likelihood and impact are scored 1 (low) to 3 (high)."""
LOW_MAX, MEDIUM_MAX = 2, 4
"""Risk = likelihood × impact: up to 2 is low, up to 4 medium, above that high."""


def rating(likelihood: int, impact: int) -> str:
    """``low``, ``medium`` or ``high`` for a likelihood and impact on the 1–3 scales."""
    product = likelihood * impact
    return "low" if product <= LOW_MAX else "medium" if product <= MEDIUM_MAX else "high"


class ScaleStep(Frozen):
    """One step of the likelihood or impact scale, with what it means."""

    value: Score
    label: LocalizedText
    description: LocalizedText


class Scales(Frozen):
    """The two scales every assessment uses; each must list 1, 2 and 3 once, in order."""

    likelihood: tuple[ScaleStep, ...]
    impact: tuple[ScaleStep, ...]

    @model_validator(mode="after")
    def _complete(self) -> Scales:
        for name, steps in (("likelihood", self.likelihood), ("impact", self.impact)):
            if [s.value for s in steps] != [1, 2, 3]:
                raise ValueError(f"{name}: list the values 1, 2 and 3 in order")
        return self

    def step(self, kind: str, value: int) -> ScaleStep:
        """The step of scale ``kind`` (``likelihood`` or ``impact``) with ``value``."""
        return (self.likelihood if kind == "likelihood" else self.impact)[value - 1]


class Assessment(Frozen):
    """What one or more levels of the deciding criterion mean for the risk."""

    levels: Annotated[tuple[Slug, ...], Field(min_length=1)]
    likelihood: Score
    reason: LocalizedText
    measures: tuple[Slug, ...] = ()
    """Governance topics and hardening measures (ids from ``mitigations.yaml``)."""
    product_measures: LocalizedText
    """What to do on an offer at this level, beyond the article's general measures."""
    residual: Score
    """The likelihood once the measures are taken; measures never raise it."""

    @model_validator(mode="after")
    def _residual_not_higher(self) -> Assessment:
        if self.residual > self.likelihood:
            raise ValueError("residual likelihood is higher than the likelihood before measures")
        return self


class RegisterEntry(Frozen):
    """One risk of the register, decided by one criterion."""

    id: Slug
    risk: Slug
    """The source article's risk (``risks.yaml``) this entry assesses."""
    criterion: Slug
    gdpr: Annotated[str, StringConstraints(min_length=1)]
    impact: Score
    impact_reason: LocalizedText
    assessments: Annotated[tuple[Assessment, ...], Field(min_length=1)]

    def assessment_for(self, level_id: str) -> Assessment:
        """The assessment covering ``level_id``.

        Raises:
            KeyError: no assessment covers the level (the loader refuses such registers).
        """
        for assessment in self.assessments:
            if level_id in assessment.levels:
                return assessment
        raise KeyError(f"register entry {self.id!r} has no assessment for level {level_id!r}")


class Register(Frozen):
    """The scales and every entry."""

    scales: Scales
    entries: tuple[RegisterEntry, ...]


def check_register(register: Register, catalogue: Catalogue, path: Path) -> None:
    """Every entry points at known risks, criteria, levels and measures, and covers each level once.

    Raises:
        CatalogueError: the first problem, naming the key.
    """
    risk_ids = {risk.id for risk in catalogue.risks}
    measure_ids = {m.id for m in catalogue.mitigations}
    criteria = {c.id: c for c in catalogue.criteria}
    for i, entry in enumerate(register.entries):
        where = f"entries[{i}]"
        if entry.risk not in risk_ids:
            raise CatalogueError(path, f"{where}.risk", f"unknown risk {entry.risk!r}")
        if entry.criterion not in criteria:
            raise CatalogueError(path, f"{where}.criterion", f"unknown criterion {entry.criterion!r}")
        scale = [level.id for level in criteria[entry.criterion].levels]
        covered: list[str] = []
        for j, assessment in enumerate(entry.assessments):
            for k, level in enumerate(assessment.levels):
                if level not in scale:
                    raise CatalogueError(path, f"{where}.assessments[{j}].levels[{k}]", f"unknown level {level!r}; known: {scale}")
            for k, measure in enumerate(assessment.measures):
                if measure not in measure_ids:
                    raise CatalogueError(path, f"{where}.assessments[{j}].measures[{k}]", f"unknown measure {measure!r}")
            covered.extend(assessment.levels)
        twice = sorted({level for level in covered if covered.count(level) > 1})
        missing = [level for level in scale if level not in covered]
        if twice:
            raise CatalogueError(path, f"{where}.assessments", f"levels assessed twice: {twice}")
        if missing:
            raise CatalogueError(path, f"{where}.assessments", f"levels without an assessment: {missing}")
    ids = [entry.id for entry in register.entries]
    if len(set(ids)) != len(ids):
        raise CatalogueError(path, "entries", "entry ids must be unique")


def load_register(catalogue: Catalogue, root: Path = CRITERIA_ROOT) -> Register:
    """The register in ``root``, checked against ``catalogue``.

    Raises:
        CatalogueError: the file is missing, malformed, or points at something unknown.
    """
    path = root / REGISTER_FILE
    register = parse(Register, read_yaml(path), path)
    check_register(register, catalogue, path)
    return register


@cache
def default_register() -> Register:
    """The register shipped in ``criteria/``, checked against the shipped catalogue (read once)."""
    from criteria.load import load_catalogue

    return load_register(load_catalogue())
