"""`criteria check --coverage` and `--strict`: the table against the targets, and each audit finding."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from flask.testing import FlaskCliRunner

from compare.app import create_app
from criteria.model import Catalogue


def fact(criterion: str, level: str, quote: str, url: str = "https://chat.example.eu/terms", **evidence: Any) -> dict[str, Any]:
    return {
        "criterion": criterion,
        "status": "verified",
        "level": level,
        "confidence": "high",
        "recorded_on": "2026-12-01",
        "evidence": {"quote": quote, "source_url": url, "seen_on": "2026-12-01", "source_type": "vendor", **evidence},
    }


def product(catalogue: Catalogue, product_id: str, **changes: Any) -> dict[str, Any]:
    """A product with a verified fact on every criterion, each quote naming a key term."""
    terms = yaml.safe_load((Path("criteria") / "key-terms.yaml").read_text(encoding="utf-8"))["criteria"]
    data = {
        "id": product_id,
        "name": product_id.title(),
        "full_name": product_id.title(),
        "vendor_company": "Example BV",
        "jurisdiction": "NL",
        "jurisdiction_note": "NL",
        "website": "https://chat.example.eu/",
        "category": "business-messenger",
        "domains": ["example.eu"],
        "facts": [fact(c.id, c.levels[0].id, f"The service: {terms[c.id]['en'][0]} ({product_id}).") for c in catalogue.criteria],
    }
    data.update(changes)
    return data


def write(root: Path, *products: dict[str, Any]) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    for item in products:
        (root / f"{item['id']}.yaml").write_text(yaml.safe_dump(item, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return root


@pytest.fixture
def check(tmp_path: Path) -> Callable[..., Any]:
    runner: FlaskCliRunner = create_app(
        {"TESTING": True, "DATABASE_URL": f"sqlite:///{tmp_path / 'cli.sqlite3'}", "SECRET_KEY": "t"}
    ).test_cli_runner()

    def run(root: Path, *flags: str) -> Any:
        return runner.invoke(args=["criteria", "check", "--data", str(root), "--today", "2026-12-07", *flags])

    return run


def test_full_coverage_passes_every_target(tmp_path: Path, catalogue: Catalogue, check: Callable[..., Any]) -> None:
    root = write(tmp_path / "data", product(catalogue, "alpha"), product(catalogue, "beta"))

    result = check(root, "--coverage")

    assert result.exit_code == 0, result.output
    line = next(line for line in result.output.splitlines() if line.startswith("encryption"))
    assert line.split()[1:] == ["core", "2", "2", "100.0", "95%", "pass"]
    assert "13 of 13 criteria meet their target" in result.output


def test_a_core_criterion_below_95_percent_fails(tmp_path: Path, catalogue: Catalogue, check: Callable[..., Any]) -> None:
    beta = product(catalogue, "beta")
    beta["facts"] = [f for f in beta["facts"] if f["criterion"] != "encryption"]
    forwarding = product(catalogue, "gamma")
    root = write(tmp_path / "data", product(catalogue, "alpha"), beta, forwarding)

    result = check(root, "--coverage")

    assert result.exit_code == 1
    line = next(line for line in result.output.splitlines() if line.startswith("encryption"))
    assert line.split()[2:] == ["2", "3", "66.7", "95%", "FAIL"]
    assert "12 of 13 criteria meet their target; 1 fail" in result.output


def test_coverage_counts_unverified_cells_as_missing(tmp_path: Path, catalogue: Catalogue, check: Callable[..., Any]) -> None:
    alpha = product(catalogue, "alpha")
    for item in alpha["facts"]:
        if item["criterion"] == "account-security":
            item["status"] = "unverified"
            del item["evidence"]
    root = write(tmp_path / "data", alpha, product(catalogue, "beta"))

    result = check(root, "--coverage")

    line = next(line for line in result.output.splitlines() if line.startswith("account-security"))
    assert line.split()[1:] == ["scored", "1", "2", "50.0", "75%", "FAIL"]


def test_clean_data_passes_strict(tmp_path: Path, catalogue: Catalogue, check: Callable[..., Any]) -> None:
    root = write(tmp_path / "data", product(catalogue, "alpha"))

    result = check(root, "--strict")

    assert result.exit_code == 0, result.output
    assert "strict: 0 finding(s)" in result.output


def changed(catalogue: Catalogue, criterion: str, **changes: Any) -> dict[str, Any]:
    alpha = product(catalogue, "alpha")
    item = next(f for f in alpha["facts"] if f["criterion"] == criterion)
    item["evidence"].update(changes)
    return alpha


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        (
            lambda c: changed(c, "encryption", quote="Calls are protected by a strong process."),
            "key-terms: alpha/*/encryption: quote mentions none of the key terms of encryption",
        ),
        (
            lambda c: changed(c, "encryption", source_url="https://mirror.example.org/encryption"),
            "domain: alpha/*/encryption: https://mirror.example.org/encryption is not on the vendor's domains (example.eu)",
        ),
        (
            lambda c: changed(c, "encryption", seen_on="2025-11-30"),
            "stale: alpha/*/encryption: last read 2025-11-30, more than 12 months ago, without a re-check",
        ),
    ],
)
def test_strict_flags_each_problem(tmp_path: Path, catalogue: Catalogue, check: Callable[..., Any], make: Callable[[Catalogue], dict[str, Any]], expected: str) -> None:
    root = write(tmp_path / "data", make(catalogue))

    result = check(root, "--strict")

    assert result.exit_code == 1
    assert expected in result.output
    assert "strict: 1 finding(s)" in result.output


def test_strict_accepts_marked_third_party_and_rechecked_facts(tmp_path: Path, catalogue: Catalogue, check: Callable[..., Any]) -> None:
    alpha = changed(catalogue, "encryption", source_url="https://mirror.example.org/encryption", source_type="third_party")
    item = next(f for f in alpha["facts"] if f["criterion"] == "eu-storage")
    item["evidence"].update(seen_on="2024-01-01", checked_on="2026-06-01", checked="quote re-read against the level")
    root = write(tmp_path / "data", alpha)

    result = check(root, "--strict")

    assert result.exit_code == 0, result.output


def test_a_vendor_account_on_a_shared_host_is_the_vendors_own_but_the_rest_of_the_host_is_not(
    tmp_path: Path, catalogue: Catalogue, check: Callable[..., Any]
) -> None:
    alpha = changed(catalogue, "encryption", source_url="https://github.com/Example-Chat/docs/blob/abc/crypto.md")
    item = next(f for f in alpha["facts"] if f["criterion"] == "eu-storage")
    item["evidence"].update(source_url="https://github.com/example-chat-fork/docs/blob/abc/hosting.md")
    alpha["domains"] = ["example.eu", "github.com/example-chat"]
    root = write(tmp_path / "data", alpha)

    result = check(root, "--strict")

    assert result.exit_code == 1
    assert "alpha/*/encryption" not in result.output
    assert "domain: alpha/*/eu-storage: https://github.com/example-chat-fork/docs/blob/abc/hosting.md is not on the vendor's domains" in result.output
    assert "strict: 1 finding(s)" in result.output


def test_strict_flags_one_quote_for_two_levels(tmp_path: Path, catalogue: Catalogue, check: Callable[..., Any]) -> None:
    encryption = catalogue.criterion("encryption")
    quote = "Messages are end-to-end encrypted."
    alpha, beta = changed(catalogue, "encryption", quote=quote), product(catalogue, "beta")
    target = next(f for f in beta["facts"] if f["criterion"] == "encryption")
    target.update(level=encryption.levels[-1].id)
    target["evidence"].update(quote=quote + "  ")
    root = write(tmp_path / "data", alpha, beta)

    result = check(root, "--strict")

    assert result.exit_code == 1
    assert (
        f"same-quote: encryption: one quote supports different levels ({encryption.levels[-1].id}: beta/*/encryption; "
        f"{encryption.levels[0].id}: alpha/*/encryption)"
    ) in result.output


def test_strict_checks_practical_facts_too(tmp_path: Path, catalogue: Catalogue, check: Callable[..., Any]) -> None:
    alpha = product(catalogue, "alpha")
    alpha["practical"] = [
        {
            "topic": "price",
            "status": "verified",
            "value": {"tier": "Team", "amount": 3, "currency": "EUR"},
            "evidence": {"quote": "€3 per user per month", "source_url": "https://reseller.example.com/p", "seen_on": "2026-12-01", "source_type": "vendor"},
        }
    ]
    root = write(tmp_path / "data", alpha)

    result = check(root, "--strict")

    assert "domain: alpha/*/price: https://reseller.example.com/p is not on the vendor's domains" in result.output


def test_key_terms_file_must_cover_every_criterion(tmp_path: Path, catalogue: Catalogue) -> None:
    from criteria.key_terms import load_key_terms
    from criteria.load import CatalogueError

    path = tmp_path / "key-terms.yaml"
    path.write_text("criteria:\n  encryption: {en: [encrypt], nl: [versleutel]}\n  vibes: {en: [good], nl: [goed]}\n", encoding="utf-8")

    with pytest.raises(CatalogueError) as caught:
        load_key_terms(catalogue, path)

    assert (caught.value.path, caught.value.key) == (path, "criteria.vibes")


def test_a_german_vendors_quote_is_read_with_the_german_key_terms(tmp_path: Path, catalogue: Catalogue, check: Callable[..., Any]) -> None:
    in_german = changed(catalogue, "encryption", quote="Nachrichten werden vor dem Versenden verschlüsselt.")
    root = write(tmp_path / "german", in_german)
    off_topic = changed(catalogue, "encryption", quote="Nachrichten werden schnell zugestellt.")
    other = write(tmp_path / "off-topic", off_topic)

    assert check(root, "--strict").exit_code == 0
    result = check(other, "--strict")
    assert "key-terms: alpha/*/encryption: quote mentions none of the key terms of encryption" in result.output


def test_strict_flags_a_product_wide_fact_that_every_edition_overrides(tmp_path: Path, catalogue: Catalogue, check: Callable[..., Any]) -> None:
    alpha = product(catalogue, "alpha")
    alpha["editions"] = [
        {"id": "cloud", "name": {"en": "Cloud", "nl": "Cloud"}, "hosting": "vendor-cloud"},
        {"id": "onprem", "name": {"en": "On premises", "nl": "Op locatie"}, "hosting": "on-premises"},
    ]
    wide = next(f for f in alpha["facts"] if f["criterion"] == "encryption")
    for edition in ("cloud", "onprem"):
        alpha["facts"].append({**wide, "edition": edition, "evidence": {**wide["evidence"], "quote": f"{wide['evidence']['quote']} {edition}"}})
    root = write(tmp_path / "data", alpha)

    result = check(root, "--strict")

    assert result.exit_code == 1
    assert "shadowed: alpha/*/encryption: every edition has a fact of its own" in result.output
    assert "shadowed: alpha/*/eu-storage" not in result.output, "a fact some edition still uses is not flagged"


def test_the_seed_data_passes_the_strict_audit(check: Callable[..., Any]) -> None:
    from compare.dataset import DATA_ROOT

    result = check(DATA_ROOT, "--strict")

    assert result.exit_code == 0, result.output
    assert result.output.rstrip().endswith("strict: 0 finding(s)")
