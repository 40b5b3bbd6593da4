"""Practical facts in the store: loaded from the files, read back equal, exported and imported losslessly."""

from __future__ import annotations

import dataclasses
import json
from datetime import date
from pathlib import Path

from sqlalchemy.orm import Session, sessionmaker

from compare.dataset import Dataset
from compare.facts import Evidence, FactStatus, Text
from compare.practical import (
    Certification,
    CertificationScheme,
    Guest,
    GuestAccess,
    PracticalFact,
    PracticalTopic,
    Price,
)
from compare.store import queries, transfer
from compare.store.session import make_engine, make_session_factory, transaction
from compare.store.setup import upgrade

PROOF = Evidence(
    quote="Customers can chat with you from your website without an account.",
    source_url="https://signal.org/guests",
    seen_on=date(2026, 12, 1),
    source_type="vendor",
    checked_on=date(2026, 12, 6),
    checked="product, feature and domain",
)


def with_practical(seed: Dataset) -> Dataset:
    """The seed plus practical facts and vendor domains for Signal and Element."""
    practical = (
        PracticalFact("signal", PracticalTopic.GUEST_ACCESS, FactStatus.VERIFIED, Guest(access=GuestAccess.WITHOUT_ACCOUNT), evidence=PROOF),
        PracticalFact("signal", PracticalTopic.PRICE, FactStatus.VERIFIED, Price(tier="Free", amount=0, currency="EUR"), evidence=PROOF,
                      explanation=Text("Free for everyone.", "Gratis voor iedereen.")),
        PracticalFact("element", PracticalTopic.CERTIFICATION, FactStatus.UNVERIFIED, Certification(scheme=CertificationScheme.ISO_27001), edition_id="cloud"),
        PracticalFact("element", PracticalTopic.DUTCH_UI, FactStatus.UNKNOWN, None),
    )
    products = tuple(dataclasses.replace(p, domains=("signal.org", "support.signal.org")) if p.id == "signal" else p for p in seed.products)
    return dataclasses.replace(seed, products=products, practical=practical)


def test_practical_facts_and_domains_read_back_as_loaded(sessions: sessionmaker[Session], seed: Dataset) -> None:
    dataset = with_practical(seed)
    with transaction(sessions) as session:
        queries.load_seed(session, dataset)

    with sessions() as session:
        stored = queries.practical_facts(session)
        signal = next(p for p in queries.products(session) if p.id == "signal")

    assert stored == tuple(sorted(dataset.practical, key=lambda f: f.product_id))
    assert signal.domains == ("signal.org", "support.signal.org")


def test_reloading_replaces_a_products_practical_facts(sessions: sessionmaker[Session], seed: Dataset) -> None:
    dataset = with_practical(seed)
    with transaction(sessions) as session:
        queries.load_seed(session, dataset)
    with transaction(sessions) as session:
        queries.load_seed(session, dataclasses.replace(dataset, practical=dataset.practical[:1]))

    with sessions() as session:
        assert queries.practical_facts(session) == dataset.practical[:1]


def test_audit_fields_survive_the_store_on_fact_revisions(sessions: sessionmaker[Session], seed: Dataset) -> None:
    with transaction(sessions) as session:
        queries.load_seed(session, seed)
        fact = next(f for f in queries.current_facts(session) if f.key == ("signal", None, "encryption"))
        assert fact.evidence is not None
        rechecked = dataclasses.replace(fact, evidence=dataclasses.replace(fact.evidence, checked_on=date(2026, 12, 7), checked="level"))
        queries.record_revision(session, rechecked, author="anna", reason="audit")

    with sessions() as session:
        now = next(f for f in queries.current_facts(session) if f.key == ("signal", None, "encryption"))
    assert now.evidence is not None
    assert (now.evidence.checked_on, now.evidence.checked) == (date(2026, 12, 7), "level")


def test_export_import_round_trip_keeps_practical_facts(sessions: sessionmaker[Session], seed: Dataset, tmp_path: Path) -> None:
    with transaction(sessions) as session:
        queries.load_seed(session, with_practical(seed))
    with sessions() as session:
        exported = transfer.export_document(session)

    target = make_engine(f"sqlite:///{tmp_path / 'target.sqlite3'}")
    upgrade(target)
    target_sessions = make_session_factory(target)
    with transaction(target_sessions) as session:
        counts = transfer.import_document(session, json.loads(json.dumps(exported)))
    with target_sessions() as session:
        again = transfer.export_document(session)
        practical = queries.practical_facts(session)
    target.dispose()

    assert counts["practical_fact"] == 4
    assert again == exported
    assert practical == tuple(sorted(with_practical(seed).practical, key=lambda f: f.product_id))
    assert next(r for r in exported["product"] if r["id"] == "signal")["domains"] == ["signal.org", "support.signal.org"]
