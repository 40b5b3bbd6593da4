"""Loading the evidence rules (criteria data): every mistake names the file and the key."""

from __future__ import annotations

from pathlib import Path

import pytest

from criteria.evidence_rules import RULES_ROOT, levels_of, load_evidence_rules, load_rules_file
from criteria.load import CatalogueError, load_catalogue
from tests.scrapers.vendor_site import LEVELS

GOOD = """\
criterion: encryption
prefer: best
prefer_why: the strongest promise for message content counts
rules:
  - id: test-e2ee
    level: e2ee-default
    patterns:
      en: ['end-to-end encrypted by default']
      nl: ['standaard end-to-end versleuteld']
    unless:
      en: ['\\bnot\\b']
"""


def error_for(tmp_path: Path, text: str, name: str = "encryption.yaml") -> CatalogueError:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CatalogueError) as caught:
        load_rules_file(path, LEVELS)
    assert caught.value.path == path
    return caught.value


def test_project_rules_load_and_every_rule_has_both_languages() -> None:
    book = load_evidence_rules(LEVELS)
    assert len(book.criteria) == 13
    assert sum(len(rules.rules) for rules in book.criteria) >= 36
    assert book.rank("eu-storage", "us-or-global") == 0


def test_a_valid_file_loads(tmp_path: Path) -> None:
    path = tmp_path / "encryption.yaml"
    path.write_text(GOOD, encoding="utf-8")
    rules = load_rules_file(path, LEVELS)
    assert (rules.criterion, rules.prefer, rules.rules[0].unless.en) == (
        "encryption",
        "best",
        ("\\bnot\\b",),
    )


def test_missing_dutch_patterns_are_an_error(tmp_path: Path) -> None:
    error = error_for(
        tmp_path, GOOD.replace("      nl: ['standaard end-to-end versleuteld']\n", "")
    )
    assert error.key == "rules[0].patterns.nl"


def test_invalid_regex_is_an_error(tmp_path: Path) -> None:
    error = error_for(
        tmp_path,
        GOOD.replace("'standaard end-to-end versleuteld'", "'standaard (end-to-end versleuteld'"),
    )
    assert error.key == "rules[0].patterns.nl[0]"
    assert "invalid regular expression" in error.problem


def test_unknown_level_is_an_error(tmp_path: Path) -> None:
    error = error_for(tmp_path, GOOD.replace("level: e2ee-default", "level: military-grade"))
    assert error.key == "rules[0].level"
    assert error.problem.startswith("unknown level 'military-grade'")


def test_criterion_must_match_the_file_name(tmp_path: Path) -> None:
    error = error_for(tmp_path, GOOD, name="eu-storage.yaml")
    assert error.key == "criterion"


def test_unknown_criterion_is_an_error(tmp_path: Path) -> None:
    error = error_for(
        tmp_path,
        GOOD.replace("criterion: encryption", "criterion: quantum-safety"),
        name="quantum-safety.yaml",
    )
    assert error.problem.startswith("unknown criterion 'quantum-safety'")


def test_bad_preference_is_an_error(tmp_path: Path) -> None:
    error = error_for(tmp_path, GOOD.replace("prefer: best", "prefer: newest"))
    assert error.key == "prefer"


def test_rule_ids_are_unique_across_files(tmp_path: Path) -> None:
    (tmp_path / "encryption.yaml").write_text(GOOD, encoding="utf-8")
    (tmp_path / "account-security.yaml").write_text(
        GOOD.replace("criterion: encryption", "criterion: account-security").replace(
            "e2ee-default", "two-factor"
        ),
        encoding="utf-8",
    )
    with pytest.raises(CatalogueError) as caught:
        load_evidence_rules(LEVELS, tmp_path)
    assert caught.value.key == "rules[0].id"
    assert caught.value.problem == "rule 'test-e2ee' is already defined in account-security.yaml"


def test_broken_yaml_names_the_line(tmp_path: Path) -> None:
    error = error_for(tmp_path, GOOD.replace("prefer: best", "prefer: [best"))
    assert error.key.startswith("line ")


def test_the_rules_folder_lives_with_the_criteria() -> None:
    assert RULES_ROOT.parent.name == "criteria"
    assert sorted(p.stem for p in RULES_ROOT.glob("*.yaml")) == sorted(LEVELS)


def test_levels_used_here_are_the_catalogues() -> None:
    assert levels_of(load_catalogue()) == LEVELS
