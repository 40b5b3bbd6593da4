"""Practical facts in the store: loaded from the files, read back equal, exported and imported losslessly."""

from __future__ import annotations

import dataclasses
import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlalchemy import select, text
from sqlalchemy.orm import Session, sessionmaker

from compare.comparison import load_comparison
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
from compare.store import practical_store, queries, transfer
from compare.store.models import PracticalFactRow
from compare.store.session import make_engine, make_session_factory, transaction
from compare.store.setup import upgrade
from criteria.model import Catalogue

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
        stored = practical_store.practical_facts(session)
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
        assert practical_store.practical_facts(session) == dataset.practical[:1]


def test_audit_fields_survive_the_store_on_fact_revisions(sessions: sessionmaker[Session], seed: Dataset) -> None:
    with transaction(sessions) as session:
        queries.load_seed(session, dataclasses.replace(seed, practical=()))
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
        practical = practical_store.practical_facts(session)
    target.dispose()

    assert counts["practical_fact"] == 4
    assert again == exported
    assert practical == tuple(sorted(with_practical(seed).practical, key=lambda f: f.product_id))
    assert next(r for r in exported["product"] if r["id"] == "signal")["domains"] == ["signal.org", "support.signal.org"]


GUEST_BEFORE = PracticalFact("signal", PracticalTopic.GUEST_ACCESS, FactStatus.VERIFIED, Guest(access=GuestAccess.EXTERNAL_ACCOUNT), evidence=PROOF)
GUEST_AFTER = dataclasses.replace(GUEST_BEFORE, value=Guest(access=GuestAccess.WITHOUT_ACCOUNT))
DAY_ONE = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)
DAY_TWO = datetime(2026, 12, 20, 9, 0, tzinfo=UTC)


def test_a_changed_practical_fact_keeps_the_one_it_replaces_for_earlier_dates(sessions: sessionmaker[Session], seed: Dataset) -> None:
    with transaction(sessions) as session:
        queries.load_seed(session, dataclasses.replace(seed, practical=()))
    with transaction(sessions) as session:
        practical_store.revise_practical(session, "signal", (GUEST_BEFORE,), now=DAY_ONE)
    with transaction(sessions) as session:
        practical_store.revise_practical(session, "signal", (GUEST_AFTER,), now=DAY_TWO)

    with sessions() as session:
        assert practical_store.practical_facts(session) == (GUEST_AFTER,)
        assert practical_store.practical_facts(session, as_of=DAY_TWO - timedelta(days=1)) == (GUEST_BEFORE,)
        assert practical_store.practical_facts(session, as_of=DAY_TWO) == (GUEST_AFTER,)
        # first seen: counts from the day its quote was read (1 December), not from the load
        assert practical_store.practical_facts(session, as_of=datetime(2026, 12, 1, 12, tzinfo=UTC)) == (GUEST_BEFORE,)
        assert practical_store.practical_facts(session, as_of=datetime(2026, 11, 30, tzinfo=UTC)) == ()


def test_reloading_unchanged_practical_facts_adds_no_revision(sessions: sessionmaker[Session], seed: Dataset) -> None:
    with transaction(sessions) as session:
        queries.load_seed(session, dataclasses.replace(seed, practical=()))
    price = PracticalFact("signal", PracticalTopic.PRICE, FactStatus.VERIFIED, Price(tier="Free", amount=0, currency="EUR"), evidence=PROOF)
    with transaction(sessions) as session:
        practical_store.revise_practical(session, "signal", (GUEST_BEFORE, price), now=DAY_ONE)
    with transaction(sessions) as session:
        practical_store.revise_practical(session, "signal", (price, GUEST_BEFORE), now=DAY_TWO)

    with sessions() as session:
        rows = session.scalars(select(PracticalFactRow)).all()
        assert len(rows) == 2
        assert all(row.superseded_at is None for row in rows)
        assert practical_store.practical_facts(session) == (price, GUEST_BEFORE)  # the file's new order


def test_a_removed_practical_fact_stays_in_force_for_dates_before_the_removal(sessions: sessionmaker[Session], seed: Dataset) -> None:
    with transaction(sessions) as session:
        queries.load_seed(session, dataclasses.replace(seed, practical=()))
    with transaction(sessions) as session:
        practical_store.revise_practical(session, "signal", (GUEST_BEFORE,), now=DAY_ONE)
    with transaction(sessions) as session:
        practical_store.revise_practical(session, "signal", (), now=DAY_TWO)

    with sessions() as session:
        assert practical_store.practical_facts(session) == ()
        assert practical_store.practical_facts(session, as_of=DAY_ONE) == (GUEST_BEFORE,)


def test_a_comparison_as_of_a_date_uses_that_dates_guest_access(sessions: sessionmaker[Session], seed: Dataset, catalogue: Catalogue) -> None:
    with transaction(sessions) as session:
        queries.load_seed(session, dataclasses.replace(seed, practical=(GUEST_BEFORE,)))
    with transaction(sessions) as session:
        practical_store.revise_practical(session, "signal", (GUEST_AFTER,), now=datetime.now(UTC) + timedelta(days=1))

    with sessions() as session:
        pinned = load_comparison(session, catalogue, as_of=datetime.now(UTC))
    signal = next(offer for offer in pinned.matrix.offers if offer.product.id == "signal")
    assert signal.practical == (GUEST_BEFORE,)


def test_upgrading_dates_stored_practical_facts_from_the_day_their_quote_was_read(database_url: str) -> None:
    engine = make_engine(database_url)
    try:
        upgrade(engine, "0009")
        with engine.begin() as connection:
            connection.execute(text("INSERT INTO product (id, name, full_name, vendor_company, jurisdiction_note, website, category, domains) VALUES ('signal', 'Signal', 'Signal', 'Signal', '', 'https://signal.org/', 'consumer-app', '[]')"))
            connection.execute(text(
                "INSERT INTO practical_fact (product_id, position, topic, status, quote, source_url, seen_on)"
                " VALUES ('signal', 0, 'guest-access', 'unverified', 'q', 'https://signal.org/', '2026-12-01'),"
                " ('signal', 1, 'price', 'unknown', NULL, NULL, NULL)"
            ))
        upgrade(engine)
        with make_session_factory(engine)() as session:
            rows = session.scalars(select(PracticalFactRow).order_by(PracticalFactRow.position)).all()
            assert rows[0].recorded_at == datetime(2026, 12, 1, tzinfo=UTC)
            assert rows[1].recorded_at > datetime(2026, 12, 1, tzinfo=UTC)
            assert [row.superseded_at for row in rows] == [None, None]
    finally:
        engine.dispose()


def test_the_data_version_changes_when_a_practical_fact_is_only_closed(sessions: sessionmaker[Session], seed: Dataset) -> None:
    with transaction(sessions) as session:
        queries.load_seed(session, dataclasses.replace(seed, practical=()))
        practical_store.revise_practical(session, "signal", (GUEST_BEFORE,), now=DAY_ONE)
    with sessions() as session:
        before = queries.data_version(session)
    with transaction(sessions) as session:
        practical_store.revise_practical(session, "signal", (GUEST_BEFORE,), now=DAY_TWO)  # unchanged
    with sessions() as session:
        unchanged = queries.data_version(session)
    with transaction(sessions) as session:
        practical_store.revise_practical(session, "signal", (), now=DAY_TWO)  # closes a row, adds none
    with sessions() as session:
        after = queries.data_version(session)

    assert unchanged == before
    assert after != before
