"""Read the criteria catalogue from its YAML files, failing loudly at the first bad key.

Half-loaded catalogues are never returned: a privacy officer must not see a ranking computed from
a catalogue in which one criterion silently went missing.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from criteria.model import Catalogue, Criterion, Mitigation, Risk, VerdictRule, WeightProfile

CRITERIA_ROOT = Path(__file__).resolve().parent
Model = TypeVar("Model", bound=BaseModel)


class CatalogueError(Exception):
    """A catalogue file is broken; the message names the file and the key so it can be fixed."""

    def __init__(self, path: Path, key: str, problem: str) -> None:
        where = f"{path}: {key}" if key else str(path)
        super().__init__(f"{where}: {problem}")
        self.path, self.key, self.problem = path, key, problem


def dotted(location: Iterable[int | str]) -> str:
    """``("levels", 2, "label")`` → ``levels[2].label``: the way people write a YAML path."""
    text = ""
    for part in location:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's safe loader where PyYAML was built with it: the same documents parsed ~10× faster,
which is most of a fresh worker's first report (criteria, register and 25 product files)."""


def read_yaml(path: Path) -> Any:
    """Parse one YAML file.

    Raises:
        CatalogueError: the file is missing or is not valid YAML (with the line number).
    """
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise CatalogueError(path, "", f"cannot read file ({exc.strerror})") from exc
    try:
        return yaml.load(text, Loader=SAFE_LOADER)  # noqa: S506 - a safe loader, libyaml's when present
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f"line {mark.line + 1}" if mark is not None else ""
        raise CatalogueError(path, line, f"not valid YAML: {getattr(exc, 'problem', exc)}") from exc


def parse(model: type[Model], data: Any, path: Path, prefix: str = "") -> Model:
    """Validate ``data`` as ``model``; the first error becomes a CatalogueError naming its key.

    Raises:
        CatalogueError: the data does not fit the model.
    """
    if not isinstance(data, Mapping):
        raise CatalogueError(path, prefix, f"expected a mapping, found {type(data).__name__}")
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        error = exc.errors()[0]
        key = dotted([*([prefix] if prefix else []), *error["loc"]])
        raise CatalogueError(path, key, error["msg"]) from exc


def load_risks(path: Path) -> tuple[Risk, ...]:
    """The source article's risks, which every criterion must point at."""
    data = read_yaml(path)
    if not isinstance(data, Mapping) or not isinstance(data.get("risks"), list):
        raise CatalogueError(path, "risks", "expected a list of risks")
    return tuple(parse(Risk, item, path, f"risks[{i}]") for i, item in enumerate(data["risks"]))


def load_criterion(path: Path, risk_ids: set[str]) -> Criterion:
    """One criterion file; its id must match the file name so links never drift apart."""
    criterion = parse(Criterion, read_yaml(path), path)
    order, _, rest = path.stem.partition("-")
    expected = rest if order.isdigit() and rest else path.stem
    if criterion.id != expected:
        raise CatalogueError(path, "id", f"id {criterion.id!r} does not match the file name ({expected!r})")
    for i, risk in enumerate(criterion.risks):
        if risk not in risk_ids:
            raise CatalogueError(path, f"risks[{i}]", f"unknown risk {risk!r}; known: {sorted(risk_ids)}")
    return criterion


def load_profile(path: Path, criteria: Mapping[str, Criterion]) -> WeightProfile:
    """One weight profile, with every weight and must-have checked against the criteria."""
    profile = parse(WeightProfile, read_yaml(path), path)
    if profile.id != path.stem:
        raise CatalogueError(path, "id", f"id {profile.id!r} does not match the file name ({path.stem!r})")
    check_profile(profile, criteria, path)
    return profile


def check_profile(profile: WeightProfile, criteria: Mapping[str, Criterion], path: Path) -> None:
    """Fail on weights or must-haves that point at criteria or levels that do not exist.

    Raises:
        CatalogueError: a reference does not resolve, or every weight is zero.
    """
    for criterion_id in profile.weights:
        if criterion_id not in criteria:
            raise CatalogueError(path, f"weights.{criterion_id}", "unknown criterion")
    for i, must in enumerate(profile.must_haves):
        if must.criterion not in criteria:
            raise CatalogueError(path, f"must_haves[{i}].criterion", f"unknown criterion {must.criterion!r}")
        if not criteria[must.criterion].has_level(must.minimum):
            known = [level.id for level in criteria[must.criterion].levels]
            raise CatalogueError(
                path, f"must_haves[{i}].minimum", f"unknown level {must.minimum!r}; known: {known}"
            )
    if profile.total_weight <= 0:
        raise CatalogueError(path, "weights", "every weight is zero")


def load_mitigations(path: Path, criteria: Mapping[str, Criterion]) -> tuple[Mitigation, ...]:
    """The source article's governance topics and hardening measures, mapped to criteria."""
    data = read_yaml(path)
    if not isinstance(data, Mapping) or not isinstance(data.get("mitigations"), list):
        raise CatalogueError(path, "mitigations", "expected a list of mitigations")
    mitigations = []
    for i, item in enumerate(data["mitigations"]):
        mitigation = parse(Mitigation, item, path, f"mitigations[{i}]")
        for j, criterion_id in enumerate(mitigation.criteria):
            if criterion_id not in criteria:
                raise CatalogueError(path, f"mitigations[{i}].criteria[{j}]", f"unknown criterion {criterion_id!r}")
        mitigations.append(mitigation)
    return tuple(mitigations)


def load_verdict_rules(
    path: Path, criteria: Mapping[str, Criterion], mitigations: tuple[Mitigation, ...]
) -> tuple[VerdictRule, ...]:
    """The GDPR baseline: each rule must give every level of its criterion exactly one outcome.

    Raises:
        CatalogueError: a rule points at an unknown criterion, level or measure, or leaves a
            level without an outcome (a verdict must never fall through to "suitable" by omission).
    """
    data = read_yaml(path)
    if not isinstance(data, Mapping) or not isinstance(data.get("rules"), list):
        raise CatalogueError(path, "rules", "expected a list of rules")
    measure_ids = {m.id for m in mitigations}
    rules = []
    for i, item in enumerate(data["rules"]):
        rule = parse(VerdictRule, item, path, f"rules[{i}]")
        if rule.criterion not in criteria:
            raise CatalogueError(path, f"rules[{i}].criterion", f"unknown criterion {rule.criterion!r}")
        scale = [level.id for level in criteria[rule.criterion].levels]
        covered: list[str] = []
        for j, outcome in enumerate(rule.outcomes):
            for k, level in enumerate(outcome.levels):
                if level not in scale:
                    raise CatalogueError(path, f"rules[{i}].outcomes[{j}].levels[{k}]", f"unknown level {level!r}; known: {scale}")
            for k, measure in enumerate(outcome.measures):
                if measure not in measure_ids:
                    raise CatalogueError(path, f"rules[{i}].outcomes[{j}].measures[{k}]", f"unknown measure {measure!r}")
            covered.extend(outcome.levels)
        twice = sorted({level for level in covered if covered.count(level) > 1})
        missing = [level for level in scale if level not in covered]
        if twice:
            raise CatalogueError(path, f"rules[{i}].outcomes", f"levels with two outcomes: {twice}")
        if missing:
            raise CatalogueError(path, f"rules[{i}].outcomes", f"levels without an outcome: {missing}")
        rules.append(rule)
    return tuple(rules)


def load_catalogue(root: Path = CRITERIA_ROOT) -> Catalogue:
    """Load risks, criteria (in file-name order), profiles and mitigations from ``root``.

    Raises:
        CatalogueError: the first problem found, naming the file and key.
    """
    risks = load_risks(root / "risks.yaml")
    risk_ids = {risk.id for risk in risks}
    definition_files = sorted((root / "definitions").glob("*.yaml"))
    if not definition_files:
        raise CatalogueError(root / "definitions", "", "no criterion files found")
    criteria: dict[str, Criterion] = {}
    for path in definition_files:
        criterion = load_criterion(path, risk_ids)
        if criterion.id in criteria:
            raise CatalogueError(path, "id", f"criterion {criterion.id!r} is defined twice")
        criteria[criterion.id] = criterion
    profiles = tuple(load_profile(path, criteria) for path in sorted((root / "profiles").glob("*.yaml")))
    mitigations_file = root / "mitigations.yaml"
    mitigations = load_mitigations(mitigations_file, criteria) if mitigations_file.exists() else ()
    rules_file = root / "verdicts.yaml"
    rules = load_verdict_rules(rules_file, criteria, mitigations) if rules_file.exists() else ()
    return Catalogue(
        risks=risks, criteria=tuple(criteria.values()), profiles=profiles, mitigations=mitigations, verdict_rules=rules
    )
