"""Practical facts in the data files: valid entries load with evidence, broken ones name file and key."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from compare.dataset import DataError, load_dataset
from compare.facts import FactStatus
from compare.practical import (
    Certification,
    CertificationScheme,
    Guest,
    GuestAccess,
    Headquarters,
    Price,
    applicable,
)
from criteria.model import Catalogue
from tests.compare.test_dataset import edit_copy

EVIDENCE = {
    "quote": "Guests can join a conversation from their browser without an account.",
    "source_url": "https://signal.org/docs/guests",
    "seen_on": "2026-12-01",
    "source_type": "vendor",
    "checked_on": "2026-12-05",
    "checked": "feature and product on the vendor's own page",
}


def with_practical(*entries: dict[str, Any], domains: list[str] | None = None):  # type: ignore[no-untyped-def]
    def change(data: dict[str, Any]) -> None:
        data["practical"] = list(entries)
        data["domains"] = domains if domains is not None else ["signal.org"]

    return change


def test_practical_facts_load_with_evidence_and_audit_fields(tmp_path: Path, catalogue: Catalogue) -> None:
    path = edit_copy(
        tmp_path,
        "signal.yaml",
        with_practical(
            {"topic": "guest-access", "status": "verified", "value": {"access": "without-account", "federation": False}, "evidence": EVIDENCE},
            {"topic": "price", "status": "verified", "value": {"tier": "Business", "amount": 4.5, "currency": "EUR"}, "evidence": EVIDENCE},
            {"topic": "price", "status": "unverified", "value": {"tier": "Enterprise", "on_request": True}},
            {"topic": "certification", "status": "verified", "value": {"scheme": "iso-27001", "scope": "cloud service"}, "evidence": EVIDENCE},
            {"topic": "headquarters", "status": "verified", "value": {"country": "NL", "parent_country": "US"}, "evidence": EVIDENCE},
            {"topic": "dutch-ui", "status": "unknown"},
        ),
    )

    dataset = load_dataset(catalogue, path.parent)

    signal = next(p for p in dataset.products if p.id == "signal")
    assert signal.domains == ("signal.org",)
    facts = [f for f in dataset.practical if f.product_id == "signal"]
    assert [f.topic.value for f in facts] == ["guest-access", "price", "price", "certification", "headquarters", "dutch-ui"]
    guest = facts[0]
    assert guest.trusted
    assert guest.value == Guest(access=GuestAccess.WITHOUT_ACCOUNT, federation=False)
    assert guest.evidence is not None
    assert guest.evidence.checked_on is not None
    assert guest.evidence.checked
    assert isinstance(facts[2].value, Price)
    assert facts[2].value.on_request
    assert not facts[2].trusted
    assert isinstance(facts[3].value, Certification)
    assert facts[3].value.scheme is CertificationScheme.ISO_27001
    headquarters = facts[4].value
    assert isinstance(headquarters, Headquarters)
    assert headquarters.non_eu_exposure
    assert facts[5].status is FactStatus.UNKNOWN
    assert facts[5].value is None


@pytest.mark.parametrize(
    ("entry", "key", "message"),
    [
        ({"topic": "price", "status": "verified", "value": {"tier": "Pro", "amount": 4, "currency": "euro"}, "evidence": EVIDENCE}, "practical[0].value.currency", "pattern"),
        ({"topic": "price", "status": "verified", "value": {"tier": "Pro", "amount": 4}, "evidence": EVIDENCE}, "practical[0].value", "amount and currency"),
        ({"topic": "guest-access", "status": "verified", "value": {"access": "everyone"}, "evidence": EVIDENCE}, "practical[0].value.access", "members-only"),
        ({"topic": "platforms", "status": "verified", "value": {"platforms": ["ios", "amiga"]}, "evidence": EVIDENCE}, "practical[0].value.platforms[1]", "ios"),
        ({"topic": "certification", "status": "verified", "value": {"scheme": "other"}, "evidence": EVIDENCE}, "practical[0].value", "needs a name"),
        ({"topic": "guest-access", "status": "verified", "value": {"access": "without-account"}}, "practical[0]", "needs a value and evidence"),
        ({"topic": "dutch-ui", "status": "unknown", "value": {"user": True}}, "practical[0].value", "cannot have a value"),
        ({"topic": "dutch-ui", "edition": "moon-base", "status": "unknown"}, "practical[0].edition", "no edition 'moon-base'"),
        ({"topic": "vibes", "status": "unknown"}, "practical[0].topic", "price"),
        ({"topic": "free-tier", "status": "verified", "value": {"available": True}, "evidence": {**EVIDENCE, "checked_on": "soon"}}, "practical[0].evidence.checked_on", "date"),
    ],
)
def test_broken_practical_fact_names_file_and_key(tmp_path: Path, catalogue: Catalogue, entry: dict[str, Any], key: str, message: str) -> None:
    path = edit_copy(tmp_path, "signal.yaml", with_practical(entry))

    with pytest.raises(DataError, match=message) as caught:
        load_dataset(catalogue, path.parent)

    assert (caught.value.path, caught.value.key) == (path, key)


def test_a_single_topic_twice_for_one_edition_is_refused(tmp_path: Path, catalogue: Catalogue) -> None:
    entry = {"topic": "dutch-ui", "status": "unknown"}
    path = edit_copy(tmp_path, "signal.yaml", with_practical(entry, entry))

    with pytest.raises(DataError, match="second dutch-ui fact") as caught:
        load_dataset(catalogue, path.parent)

    assert caught.value.key == "practical[1]"


def test_domains_must_be_host_names(tmp_path: Path, catalogue: Catalogue) -> None:
    path = edit_copy(tmp_path, "signal.yaml", with_practical(domains=["https://signal.org/"]))

    with pytest.raises(DataError) as caught:
        load_dataset(catalogue, path.parent)

    assert caught.value.key == "domains[0]"


def test_edition_facts_replace_product_wide_ones_per_topic(tmp_path: Path, catalogue: Catalogue) -> None:
    def change(data: dict[str, Any]) -> None:
        data["practical"] = [
            {"topic": "guest-access", "status": "verified", "value": {"access": "external-account"}, "evidence": EVIDENCE},
            {"topic": "guest-access", "edition": "cloud", "status": "verified", "value": {"access": "without-account"}, "evidence": EVIDENCE},
            {"topic": "dutch-ui", "status": "verified", "value": {"user": True}, "evidence": EVIDENCE},
        ]

    path = edit_copy(tmp_path, "element.yaml", change)
    dataset = load_dataset(catalogue, path.parent)

    cloud = applicable(dataset.practical, "element", "cloud")
    self_hosted = applicable(dataset.practical, "element", "self-hosted")
    assert [(f.topic.value, f.value.access.value) for f in cloud if isinstance(f.value, Guest)] == [("guest-access", "without-account")]  # type: ignore[union-attr]
    assert [f.value.access.value for f in self_hosted if isinstance(f.value, Guest)] == ["external-account"]
    assert {f.topic.value for f in cloud} == {"guest-access", "dutch-ui"}
