"""Data texts a Dutch page shows: criteria, verdict rules, product explanations, vendor names.

``msgcompare translations check`` covers them beside the UI catalogue, so a rule added in English
only, or a researcher's sentence in a name field, fails the check instead of reaching a Dutch page.
"""

from __future__ import annotations

from pathlib import Path

from flask import Flask

from compare.settings import PROJECT_ROOT
from compare.wording_audit import audit_files, data_files

MISSING_DUTCH = """\
id: example
title:
  en: Processor agreement
description:
  en: The vendor signs a processor agreement.
  nl: The vendor signs a processor agreement.
levels:
  - id: none
    label: {en: None, nl: Geen}
patterns:
  en: ['\\bdpa\\b']
"""


def test_the_seed_data_has_every_text_in_dutch() -> None:
    problems = audit_files(data_files(PROJECT_ROOT / "criteria", PROJECT_ROOT / "data"))
    assert [str(problem) for problem in problems] == []


def test_missing_and_copied_dutch_texts_are_named_by_file_and_key(tmp_path: Path) -> None:
    path = tmp_path / "01-example.yaml"
    path.write_text(MISSING_DUTCH, encoding="utf-8")
    problems = [(p.key, p.problem.split(":")[0]) for p in audit_files([path])]
    assert problems == [
        ("title", "no Dutch text"),
        ("description", "Dutch text is the English one"),
    ]


def test_a_sentence_in_a_name_field_is_flagged_but_a_legal_name_is_not(tmp_path: Path) -> None:
    prose = tmp_path / "prose.yaml"
    prose.write_text("vendor_company: Example BV (owned by Example Holding since 2024)\n", encoding="utf-8")
    name = tmp_path / "name.yaml"
    name.write_text("vendor_company: 'Stichting van de Example Foundation; Example GmbH (Example Group)'\n", encoding="utf-8")
    flagged = audit_files([prose, name])
    assert [(p.path.name, p.key) for p in flagged] == [("prose.yaml", "vendor_company")]
    assert "owned, by, since" in flagged[0].problem


def test_unreadable_yaml_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text("title: {en: [unclosed\n", encoding="utf-8")
    (problem,) = audit_files([path])
    assert (problem.path, problem.key) == (path, "(file)")


def test_the_check_command_passes_on_the_project(app: Flask) -> None:
    result = app.test_cli_runner().invoke(args=["translations", "check"])
    assert result.exit_code == 0, result.output
    assert "every message and data text is translated" in result.output


def test_product_pages_name_the_vendor_country_in_the_readers_language(app: Flask) -> None:
    client = app.test_client()
    dutch = client.get("/products/wire?lang=nl").get_data(as_text=True)
    english = client.get("/products/wire?lang=en").get_data(as_text=True)
    assert "Zwitserland" in dutch
    assert "Switzerland" in english
    assert "operations largely" not in dutch + english, "the researcher's note stays in the data"
    unverified = client.get("/products/rocket-chat?lang=nl").get_data(as_text=True)
    assert "Porto Alegre" not in unverified
    assert "<dt>Jurisdictie</dt><dd>niet geverifieerd</dd>" in unverified
