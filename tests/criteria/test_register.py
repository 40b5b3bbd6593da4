"""The risk register as data: every level assessed once, and an offer's register read off its facts."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pytest
import yaml

from compare.dataset import Dataset
from compare.facts import FactStatus, Offer, build_offers
from compare.presenters.register import register_document
from criteria.load import CRITERIA_ROOT, CatalogueError
from criteria.model import Catalogue
from criteria.register import REGISTER_FILE, load_register, rating


def offer(seed: Dataset, offer_id: str) -> Offer:
    return next(o for o in build_offers(seed.products, seed.facts) if o.id == offer_id)


def edited_register(tmp_path: Path, change: Any) -> Path:
    root = tmp_path / "criteria"
    root.mkdir()
    data = yaml.safe_load((CRITERIA_ROOT / REGISTER_FILE).read_text(encoding="utf-8"))
    change(data)
    (root / REGISTER_FILE).write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return root


def test_the_shipped_register_covers_the_articles_risks(catalogue: Catalogue) -> None:
    register = load_register(catalogue)
    assert {e.risk for e in register.entries} == {r.id for r in catalogue.risks}
    assert [s.value for s in register.scales.likelihood] == [1, 2, 3]


@pytest.mark.parametrize(
    ("change", "key"),
    [
        (lambda d: d["entries"][0]["assessments"].pop(), "entries[0].assessments"),
        (lambda d: d["entries"][1]["assessments"][0]["measures"].append("governance-99"), "entries[1].assessments[0].measures"),
        (lambda d: d["entries"][2].update(criterion="nope"), "entries[2].criterion"),
        (lambda d: d["entries"][0]["assessments"][2].update(residual=3), "entries"),
    ],
)
def test_a_broken_register_names_the_key(tmp_path: Path, catalogue: Catalogue, change: Any, key: str) -> None:
    root = edited_register(tmp_path, change)
    with pytest.raises(CatalogueError) as error:
        load_register(catalogue, root)
    assert key in str(error.value)
    assert REGISTER_FILE in str(error.value)


def test_ratings_multiply_likelihood_and_impact() -> None:
    assert [rating(1, 2), rating(2, 2), rating(3, 1), rating(2, 3), rating(3, 3)] == ["low", "medium", "medium", "high", "high"]


def test_the_reference_register_follows_its_facts(seed: Dataset, catalogue: Catalogue) -> None:
    whatsapp = offer(seed, "whatsapp-business-app")
    document = register_document(whatsapp, load_register(catalogue), catalogue, "en")
    rows = {r["id"]: r for r in document["rows"]}
    purpose = rows["purpose-limitation"]
    fact = whatsapp.facts["vendor-data-use"]
    assert purpose["fact"]["level"] == fact.level_id
    assert purpose["gdpr"] == "Art. 5(1)(b), Art. 28(3)(a)"
    assert purpose["risk"]["rating"] == "high"
    assert purpose["residual"]["value"] <= purpose["risk"]["value"]
    assert any(m["id"] == "governance-01" for m in purpose["measures"])
    assert document["rows"][0]["risk"]["rating"] == "high", "highest risks first"


def test_an_unverified_fact_is_assessed_at_the_worst_level(seed: Dataset, catalogue: Catalogue) -> None:
    signal = offer(seed, "signal")
    doubtful = dataclasses.replace(signal.facts["encryption"], status=FactStatus.UNVERIFIED)
    changed = dataclasses.replace(signal, facts={**signal.facts, "encryption": doubtful})
    rows = {r["id"]: r for r in register_document(changed, load_register(catalogue), catalogue, "nl")["rows"]}
    confidentiality = rows["message-confidentiality"]
    assert confidentiality["likelihood"]["value"] == 2, "the worst level's likelihood"
    assert confidentiality["likelihood"]["reason"].startswith("Niet geverifieerd")
    assert confidentiality["product_measures"][0].startswith("Vraag de leverancier")


def test_phone_settings_are_not_offered_for_a_self_hosted_server(seed: Dataset, catalogue: Catalogue) -> None:
    server = offer(seed, "mattermost:self-hosted")
    extensive = dataclasses.replace(server.facts["metadata-minimisation"], status=FactStatus.VERIFIED, level_id="extensive")
    changed = dataclasses.replace(server, facts={**server.facts, "metadata-minimisation": extensive})
    rows = {r["id"]: r for r in register_document(changed, load_register(catalogue), catalogue, "en")["rows"]}
    measures = {m["id"] for m in rows["metadata-exposure"]["measures"]}
    assert "hardening-04" in measures
    assert "hardening-02" not in measures, "read receipts are a phone-app setting"
    phone = offer(seed, "whatsapp-business-app")
    assert phone.product.category.value == "consumer-app"
