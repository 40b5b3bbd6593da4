"""The seed data: every scored fact carries evidence, unverified research stays unverified, errors point."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from compare.dataset import DATA_ROOT, DataError, Dataset, load_dataset
from compare.facts import FactStatus, build_offers
from criteria.model import Catalogue


def test_seed_has_every_product_file_with_editions(seed: Dataset) -> None:
    ids = {p.id for p in seed.products}

    assert ids == {path.stem for path in DATA_ROOT.glob("*.yaml")}
    assert len(ids) >= 17
    assert {"whatsapp-business-app", "signal", "threema-work", "rocket-chat", "mattermost", "element"} <= ids
    offers = build_offers(seed.products, seed.facts)
    assert {o.id for o in offers} >= {"rocket-chat:self-managed", "rocket-chat:cloud", "threema-work:onprem", "mattermost:cloud"}


def test_every_verified_fact_has_a_quote_a_url_and_a_date(seed: Dataset) -> None:
    verified = [f for f in seed.facts if f.status is FactStatus.VERIFIED]

    assert len(verified) > 120
    for fact in verified:
        assert fact.evidence is not None, fact.key
        assert fact.evidence.quote
        assert fact.evidence.source_url.startswith("http")
        assert fact.evidence.date_label


def test_research_without_evidence_is_never_verified(seed: Dataset) -> None:
    # Checked over every quote-less fact rather than one named cell: research keeps turning such
    # cells into verified facts, and the rule must hold for whichever ones are left.
    without_evidence = [f for f in seed.facts if f.evidence is None]

    assert any(f.status is FactStatus.UNVERIFIED for f in without_evidence)
    for fact in without_evidence:
        assert fact.status is not FactStatus.VERIFIED, fact.key
        assert fact.scores is False, fact.key


def test_mapped_levels_keep_the_researchers_label(seed: Dataset) -> None:
    whatsapp = next(f for f in seed.facts if f.key == ("whatsapp-business-app", None, "processor-agreement"))

    assert (whatsapp.level_id, whatsapp.research_value) == ("terms-only", "terms_only_non_negotiable")
    assert whatsapp.evidence is not None
    assert whatsapp.evidence.source_url == "https://www.whatsapp.com/legal/business-terms"


def test_editions_keep_their_own_storage_facts(seed: Dataset) -> None:
    storage = {f.edition_id: f.level_id for f in seed.facts if f.product_id == "mattermost" and f.criterion_id == "eu-storage"}

    assert storage == {"self-hosted": "customer-chosen", "cloud": "us-or-global"}


def test_explanations_are_translated_to_dutch(seed: Dataset) -> None:
    explained = [f for f in seed.facts if f.explanation is not None]

    assert explained
    assert all(f.explanation is not None and f.explanation.nl for f in explained)


def edit_copy(tmp_path: Path, name: str, change) -> Path:  # type: ignore[no-untyped-def]
    root = tmp_path / "products"
    shutil.copytree(DATA_ROOT, root)
    path = root / name
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("change", "key", "message"),
    [
        (lambda d: d["facts"][0].update(level="excellent"), "facts[0].level", "unknown level 'excellent'"),
        (lambda d: d["facts"][0].pop("evidence"), "facts[0]", "needs a level and evidence"),
        (lambda d: d["facts"][0].update(criterion="vibes"), "facts[0].criterion", "unknown criterion"),
        (lambda d: d["facts"][0]["evidence"].update(seen_on="last spring"), "facts[0].evidence.seen_on", "date"),
        (lambda d: d["facts"][0]["evidence"].update(source_url="not a url"), "facts[0].evidence.source_url", "pattern"),
        (lambda d: d["facts"][0].update(edition="moon-base"), "facts[0].edition", "no edition 'moon-base'"),
        # longer than the database column: SQLite would take it, PostgreSQL would refuse the load
        (lambda d: d["facts"][0]["evidence"].update(source_date="2025-05-09 " + "x" * 100), "facts[0].evidence.source_date", "at most 100"),
        (lambda d: d.update(name="S" * 201), "name", "at most 200"),
    ],
)
def test_broken_fact_names_file_and_key(tmp_path: Path, catalogue: Catalogue, change, key: str, message: str) -> None:  # type: ignore[no-untyped-def]
    path = edit_copy(tmp_path, "signal.yaml", change)

    with pytest.raises(DataError, match=message) as caught:
        load_dataset(catalogue, path.parent)

    assert (caught.value.path, caught.value.key) == (path, key)


def test_unreadable_yaml_names_the_file(tmp_path: Path, catalogue: Catalogue) -> None:
    root = tmp_path / "products"
    shutil.copytree(DATA_ROOT, root)
    (root / "wire.yaml").write_text("id: wire\nfacts: [\n", encoding="utf-8")

    with pytest.raises(DataError, match=r"wire\.yaml"):
        load_dataset(catalogue, root)


def test_offer_labels_do_not_repeat_the_product_name(seed: Dataset) -> None:
    labels = {offer.id: offer.label("en") for offer in build_offers(seed.products, seed.facts)}
    assert labels["wire:cloud"] == "Wire cloud"
    assert labels["threema-work:cloud"] == "Threema Work"
    assert labels["rocket-chat:self-managed"] == "Rocket.Chat — Self-managed"
    assert labels["signal"] == "Signal"
