"""The msgcompare command, run through Flask's CLI runner on real databases."""

from __future__ import annotations

import json
from pathlib import Path

from flask.testing import FlaskCliRunner

from compare.app import create_app
from compare.dataset import DATA_ROOT

PRODUCT_FILES = len(list(DATA_ROOT.glob("*.yaml")))


def fresh_runner(tmp_path: Path) -> FlaskCliRunner:
    app = create_app({"TESTING": True, "DATABASE_URL": f"sqlite:///{tmp_path / 'cli.sqlite3'}", "SECRET_KEY": "t"})
    return app.test_cli_runner()


def test_setup_commands_build_a_scored_database_from_nothing(tmp_path: Path) -> None:
    runner = fresh_runner(tmp_path)

    assert runner.invoke(args=["db", "upgrade"]).exit_code == 0
    loaded = runner.invoke(args=["data", "load"])
    assert loaded.exit_code == 0, loaded.output
    assert f"{PRODUCT_FILES} products" in loaded.output

    result = runner.invoke(args=["score", "--profile", "core", "--json"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.output)
    products = {row["product"] for row in document["rows"]}
    assert len(products) == PRODUCT_FILES
    for row in document["rows"]:
        assert 0 <= row["score"]["low"] <= row["score"]["high"] <= 100
        assert 0 <= row["coverage"] <= 1
        for part in row["contributions"]:
            fact = part["fact"]
            if part["level"] is not None:
                assert fact["quote"]
                assert fact["source_url"]
                assert fact["source_date"]
            else:
                assert fact is None or fact["status"] in {"unverified", "unknown"}


def test_score_lists_knock_outs_with_reasons(runner: FlaskCliRunner) -> None:
    result = runner.invoke(args=["score", "--profile", "public-sector", "--json"])
    rows = {row["offer"]: row for row in json.loads(result.output)["rows"]}

    assert rows["whatsapp-business-app"]["standing"] == "knocked-out"
    assert any("Processor agreement" in reason for reason in rows["whatsapp-business-app"]["reasons"])
    assert rows["olvid"]["standing"] == "undetermined"
    assert any("not verified" in reason for reason in rows["olvid"]["reasons"])


def test_score_table_shows_ranges_and_coverage(runner: FlaskCliRunner) -> None:
    result = runner.invoke(args=["score"])

    assert result.exit_code == 0
    assert "WhatsApp Business app" in result.output
    assert "%" in result.output


def test_unknown_profile_fails_with_the_known_ones(runner: FlaskCliRunner) -> None:
    result = runner.invoke(args=["score", "--profile", "cheapest"])

    assert result.exit_code == 1
    assert "unknown profile 'cheapest'" in result.output
    assert "healthcare" in result.output


def test_score_on_an_empty_database_says_what_to_do(tmp_path: Path) -> None:
    runner = fresh_runner(tmp_path)
    runner.invoke(args=["db", "upgrade"])

    result = runner.invoke(args=["score"])

    assert result.exit_code == 1
    assert "msgcompare data load" in result.output


def test_bad_as_of_date_is_a_usage_error(runner: FlaskCliRunner) -> None:
    result = runner.invoke(args=["score", "--as-of", "last week"])

    assert result.exit_code == 2
    assert "not a date" in result.output


def test_criteria_check_passes_on_the_real_files_and_names_a_broken_file(runner: FlaskCliRunner, tmp_path: Path) -> None:
    assert "OK: 13 criteria" in runner.invoke(args=["criteria", "check"]).output

    broken = tmp_path / "criteria"
    (broken / "definitions").mkdir(parents=True)
    (broken / "risks.yaml").write_text("risks: [{id: x, title: {en: X}}]\n", encoding="utf-8")
    result = runner.invoke(args=["criteria", "check", "--root", str(broken)])

    assert result.exit_code == 1
    assert "risks.yaml: risks[0].title.nl" in result.output


def test_export_then_import_into_an_empty_database(runner: FlaskCliRunner, tmp_path: Path) -> None:
    exported = tmp_path / "export.json"
    assert runner.invoke(args=["data", "export", str(exported)]).exit_code == 0

    target = fresh_runner(tmp_path / "target")
    target.invoke(args=["db", "upgrade"])
    result = target.invoke(args=["data", "import", str(exported)])
    assert result.exit_code == 0, result.output
    again = tmp_path / "again.json"
    target.invoke(args=["data", "export", str(again)])

    assert json.loads(again.read_text()) == json.loads(exported.read_text())


def test_import_of_invalid_json_fails_cleanly(runner: FlaskCliRunner, tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")

    result = runner.invoke(args=["data", "import", str(bad)])

    assert result.exit_code == 1
    assert "not valid JSON" in result.output
