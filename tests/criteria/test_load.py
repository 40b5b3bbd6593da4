"""The criteria catalogue: the real one loads whole, and every kind of break names file and key."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from criteria.load import CRITERIA_ROOT, CatalogueError, load_catalogue
from criteria.model import LANGUAGES, Catalogue

CORE = {"processor-agreement", "eu-storage", "encryption", "central-control", "retention-management"}


def test_real_catalogue_has_core_and_extended_criteria_in_both_languages(catalogue: Catalogue) -> None:
    ids = [c.id for c in catalogue.criteria]

    assert len(ids) >= 12
    assert {c.id for c in catalogue.criteria if c.core} == CORE
    for criterion in catalogue.criteria:
        for language in LANGUAGES:
            assert criterion.title.get(language)
            assert all(level.label.get(language) and level.qualifies.get(language) for level in criterion.levels)
        assert criterion.gdpr, criterion.id
        assert criterion.risks, criterion.id


def test_real_catalogue_has_the_built_in_profiles(catalogue: Catalogue) -> None:
    assert {p.id for p in catalogue.profiles} >= {"core", "public-sector", "healthcare", "sme-customer-contact"}
    core = catalogue.profile("core")
    assert set(core.weights) == CORE
    assert len(set(core.weights.values())) == 1


def test_mitigations_cover_the_source_articles_eleven_topics_and_five_measures(catalogue: Catalogue) -> None:
    kinds = [(m.kind, m.number) for m in catalogue.mitigations]

    assert sorted(n for k, n in kinds if k == "governance") == list(range(1, 12))
    assert sorted(n for k, n in kinds if k == "hardening") == list(range(1, 6))
    assert [m.id for m in catalogue.mitigations_for("cloud-backups") if m.kind == "hardening"] == ["hardening-05"]


def test_loaded_profile_weights_cannot_be_changed(catalogue: Catalogue) -> None:
    with pytest.raises(TypeError):
        catalogue.profile("core").weights["encryption"] = 99  # type: ignore[index]


@pytest.fixture
def broken_copy(tmp_path: Path) -> Callable[[str, Callable[[dict], None]], Path]:  # type: ignore[type-arg]
    """Copy the catalogue and apply ``change`` to one of its YAML files."""
    root = tmp_path / "criteria"
    shutil.copytree(CRITERIA_ROOT, root, ignore=shutil.ignore_patterns("*.py", "__pycache__", "evidence-rules"))

    def make(relative: str, change: Callable[[dict], None]) -> Path:  # type: ignore[type-arg]
        path = root / relative
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        change(data)
        path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
        return path

    return make


def test_broken_yaml_names_file_and_line(tmp_path: Path) -> None:
    root = tmp_path / "criteria"
    shutil.copytree(CRITERIA_ROOT, root, ignore=shutil.ignore_patterns("*.py", "__pycache__", "evidence-rules"))
    broken = root / "definitions" / "03-encryption.yaml"
    broken.write_text("id: encryption\nlevels: [unclosed\n", encoding="utf-8")

    with pytest.raises(CatalogueError) as caught:
        load_catalogue(root)

    assert caught.value.path == broken
    assert "line" in caught.value.key
    assert "not valid YAML" in str(caught.value)


def test_missing_translation_names_the_key(broken_copy) -> None:  # type: ignore[no-untyped-def]
    path = broken_copy("definitions/03-encryption.yaml", lambda d: d["levels"][1]["label"].pop("nl"))

    with pytest.raises(CatalogueError) as caught:
        load_catalogue(path.parent.parent)

    assert caught.value.path == path
    assert caught.value.key == "levels[1].label.nl"


def test_unknown_level_in_a_must_have_names_the_key(broken_copy) -> None:  # type: ignore[no-untyped-def]
    def change(data: dict) -> None:  # type: ignore[type-arg]
        data["must_haves"][0]["minimum"] = "unbreakable"

    path = broken_copy("profiles/healthcare.yaml", change)

    with pytest.raises(CatalogueError, match="unknown level 'unbreakable'") as caught:
        load_catalogue(path.parent.parent)

    assert (caught.value.path, caught.value.key) == (path, "must_haves[0].minimum")


def test_weight_on_unknown_criterion_names_the_key(broken_copy) -> None:  # type: ignore[no-untyped-def]
    path = broken_copy("profiles/core.yaml", lambda d: d["weights"].update({"telepathy": 3}))

    with pytest.raises(CatalogueError) as caught:
        load_catalogue(path.parent.parent)

    assert caught.value.key == "weights.telepathy"


def test_levels_out_of_order_are_refused(broken_copy) -> None:  # type: ignore[no-untyped-def]
    path = broken_copy("definitions/03-encryption.yaml", lambda d: d["levels"].reverse())

    with pytest.raises(CatalogueError, match="worst") as caught:
        load_catalogue(path.parent.parent)

    assert caught.value.path == path


def test_unknown_risk_names_the_key(broken_copy) -> None:  # type: ignore[no-untyped-def]
    path = broken_copy("definitions/01-processor-agreement.yaml", lambda d: d["risks"].append("alien-invasion"))

    with pytest.raises(CatalogueError, match="alien-invasion") as caught:
        load_catalogue(path.parent.parent)

    assert caught.value.key.startswith("risks[")


def test_unexpected_key_is_refused(broken_copy) -> None:  # type: ignore[no-untyped-def]
    path = broken_copy("definitions/04-central-control.yaml", lambda d: d.update({"wieght": 3}))

    with pytest.raises(CatalogueError) as caught:
        load_catalogue(path.parent.parent)

    assert caught.value.key == "wieght"


def test_file_name_must_match_the_id(tmp_path: Path) -> None:
    root = tmp_path / "criteria"
    shutil.copytree(CRITERIA_ROOT, root, ignore=shutil.ignore_patterns("*.py", "__pycache__", "evidence-rules"))
    (root / "definitions" / "03-encryption.yaml").rename(root / "definitions" / "03encryption.yaml")

    with pytest.raises(CatalogueError, match="does not match the file name"):
        load_catalogue(root)


def test_real_verdict_rules_cover_the_baseline_the_gdpr_asks_for(catalogue: Catalogue) -> None:
    rules = {rule.criterion: rule for rule in catalogue.verdict_rules}

    assert {"processor-agreement", "eu-storage", "central-control", "vendor-data-use"} <= set(rules)
    assert rules["processor-agreement"].gdpr.startswith("Art. 28")
    assert rules["processor-agreement"].decisive
    for rule in catalogue.verdict_rules:
        for outcome in rule.outcomes:
            if outcome.outcome != "pass":
                assert outcome.reason is not None
                assert outcome.reason.en
                assert outcome.reason.nl


def test_verdict_rule_leaving_a_level_without_outcome_names_the_key(broken_copy) -> None:  # type: ignore[no-untyped-def]
    path = broken_copy("verdicts.yaml", lambda d: d["rules"][0]["outcomes"].pop(0))

    with pytest.raises(CatalogueError, match="levels without an outcome") as caught:
        load_catalogue(path.parent)

    assert (caught.value.path, caught.value.key) == (path, "rules[0].outcomes")


def test_verdict_rule_naming_an_unknown_measure_names_the_key(broken_copy) -> None:  # type: ignore[no-untyped-def]
    path = broken_copy("verdicts.yaml", lambda d: d["rules"][0]["outcomes"][1]["measures"].append("pray"))

    with pytest.raises(CatalogueError, match="unknown measure 'pray'") as caught:
        load_catalogue(path.parent)

    assert caught.value.key == "rules[0].outcomes[1].measures[2]"


def test_measures_outcome_without_a_reason_is_refused(broken_copy) -> None:  # type: ignore[no-untyped-def]
    path = broken_copy("verdicts.yaml", lambda d: d["rules"][0]["outcomes"][1].pop("reason"))

    with pytest.raises(CatalogueError, match="needs a reason"):
        load_catalogue(path.parent)
