"""``msgcompare criteria check`` on broken copies of the criteria: tender evidence and risk register.

Each test copies the shipped YAML files into a temporary folder, breaks one thing the way an
editor could, and runs the real command on the copy: it must exit non-zero with one line naming
the file and the key to fix.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from flask.testing import FlaskCliRunner

from criteria.load import CRITERIA_ROOT
from criteria.model import Catalogue
from criteria.register import REGISTER_FILE
from criteria.tender import TENDER_FILE, load_tender_evidence

Change = Callable[[dict[str, Any]], object]


def broken_copy(tmp_path: Path, file: str, change: Change) -> Path:
    """A copy of criteria/ (data files only) with ``change`` applied to ``file``'s YAML."""
    root = tmp_path / "criteria"
    shutil.copytree(CRITERIA_ROOT, root, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    data = yaml.safe_load((root / file).read_text(encoding="utf-8"))
    change(data)
    (root / file).write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return root


def check(runner: FlaskCliRunner, root: Path) -> Any:
    return runner.invoke(args=["criteria", "check", "--root", str(root)])


def test_the_shipped_tender_evidence_covers_every_criterion_in_both_languages(catalogue: Catalogue) -> None:
    evidence = load_tender_evidence(catalogue)
    assert set(evidence) == {criterion.id for criterion in catalogue.criteria}
    assert all(text.en and text.nl and text.en != text.nl for text in evidence.values())


def test_an_unchanged_copy_passes(runner: FlaskCliRunner, tmp_path: Path) -> None:
    result = check(runner, broken_copy(tmp_path, TENDER_FILE, lambda data: None))
    assert result.exit_code == 0, result.output
    assert "OK: 13 criteria" in result.output


@pytest.mark.parametrize(
    ("change", "key", "problem"),
    [
        (lambda d: d["evidence"].update({"encryptoin": d["evidence"].pop("encryption")}), "evidence.encryptoin", "unknown criterion 'encryptoin'"),
        (lambda d: d["evidence"]["eu-storage"].pop("nl"), "evidence.eu-storage.nl", "Field required"),
        (lambda d: d["evidence"]["operations"].update(en=""), "evidence.operations.en", "at least 1 character"),
        (lambda d: d["evidence"].pop("cloud-backups"), "evidence", "criteria without an entry: ['cloud-backups']"),
        (lambda d: d["evidence"]["encryption"].update(de="Verschlüsselung"), "evidence.encryption.de", "Extra inputs"),
    ],
    ids=["misspelt-criterion", "no-dutch", "empty-english", "criterion-missing", "unknown-language"],
)
def test_broken_tender_evidence_names_file_and_key(runner: FlaskCliRunner, tmp_path: Path, change: Change, key: str, problem: str) -> None:
    result = check(runner, broken_copy(tmp_path, TENDER_FILE, change))
    assert result.exit_code == 1
    assert f"{TENDER_FILE}: {key}: " in result.output
    assert problem in result.output
    assert "OK:" not in result.output


def test_tender_evidence_that_is_not_yaml_names_the_line(runner: FlaskCliRunner, tmp_path: Path) -> None:
    root = broken_copy(tmp_path, TENDER_FILE, lambda data: None)
    (root / TENDER_FILE).write_text("evidence:\n  encryption: {en: 'open\n", encoding="utf-8")
    result = check(runner, root)
    assert result.exit_code == 1
    assert f"{TENDER_FILE}: line " in result.output


@pytest.mark.parametrize(
    ("change", "key", "problem"),
    [
        (lambda d: d["entries"][0]["assessments"][0]["levels"].append("no-such-level"), "entries[0].assessments[0].levels[", "unknown level 'no-such-level'"),
        (lambda d: d["entries"][1].update(criterion="nope"), "entries[1].criterion", "unknown criterion 'nope'"),
        (lambda d: d["entries"][2].update(risk="nope"), "entries[2].risk", "unknown risk 'nope'"),
        (lambda d: d["entries"][0]["impact_reason"].pop("nl"), "entries[0].impact_reason.nl", "Field required"),
        (lambda d: d["entries"][0]["assessments"][0]["reason"].pop("en"), "entries[0].assessments[0].reason.en", "Field required"),
        (lambda d: d["entries"][1]["assessments"][0]["measures"].append("governance-99"), "entries[1].assessments[0].measures[", "unknown measure 'governance-99'"),
    ],
    ids=["unknown-level", "unknown-criterion", "unknown-risk", "no-dutch-impact", "no-english-reason", "unknown-measure"],
)
def test_a_broken_risk_register_fails_the_check(runner: FlaskCliRunner, tmp_path: Path, change: Change, key: str, problem: str) -> None:
    result = check(runner, broken_copy(tmp_path, REGISTER_FILE, change))
    assert result.exit_code == 1
    assert f"{REGISTER_FILE}: {key}" in result.output
    assert problem in result.output
