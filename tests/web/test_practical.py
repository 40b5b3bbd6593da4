"""Practical facts on the pages and in the API: shown with evidence or as unknown, filtered on in the URL,
and the SME customer-contact profile's need for guest access."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from flask import Flask

from compare.facts import Evidence, FactStatus
from compare.practical import (
    Certification,
    CertificationScheme,
    FreeTier,
    Guest,
    GuestAccess,
    PracticalFact,
    PracticalTopic,
    Price,
)
from compare.store import practical_store
from compare.store.session import transaction
from compare.store.setup import sessions_of
from tests.web.conftest import Pages


def proof(product: str, words: str) -> Evidence:
    return Evidence(quote=words, source_url=f"https://{product}.example.eu/facts", seen_on=date(2026, 12, 1), source_type="vendor", checked_on=date(2026, 12, 5), checked="feature and product")


GUEST = {"slack": GuestAccess.WITHOUT_ACCOUNT, "wire": GuestAccess.WITHOUT_ACCOUNT, "signal": GuestAccess.MEMBERS_ONLY, "threema-work": GuestAccess.EXTERNAL_ACCOUNT}


@pytest.fixture
def practical(app: Flask) -> None:
    """Guest access for four products, a price and free tier for two, a certificate for one."""
    facts: dict[str, list[PracticalFact]] = {p: [] for p in GUEST}
    for product, access in GUEST.items():
        facts[product].append(PracticalFact(product, PracticalTopic.GUEST_ACCESS, FactStatus.VERIFIED, Guest(access=access, federation=False), evidence=proof(product, f"Guests: {access.value} <b>bold</b>")))
    facts["slack"].append(PracticalFact("slack", PracticalTopic.PRICE, FactStatus.VERIFIED, Price(tier="Pro", amount=8.75, currency="EUR", billing="annual"), evidence=proof("slack", "Pro €8.75 per user per month")))
    facts["wire"].append(PracticalFact("wire", PracticalTopic.PRICE, FactStatus.VERIFIED, Price(tier="Enterprise", amount=4.2, currency="EUR"), evidence=proof("wire", "Enterprise €4.20")))
    facts["signal"].append(PracticalFact("signal", PracticalTopic.FREE_TIER, FactStatus.VERIFIED, FreeTier(available=True), evidence=proof("signal", "Signal is free")))
    facts["wire"].append(PracticalFact("wire", PracticalTopic.CERTIFICATION, FactStatus.VERIFIED, Certification(scheme=CertificationScheme.ISO_27001, scope="Wire cloud"), evidence=proof("wire", "ISO 27001 certified")))
    facts["threema-work"].append(PracticalFact("threema-work", PracticalTopic.CERTIFICATION, FactStatus.UNVERIFIED, Certification(scheme=CertificationScheme.ISO_27001)))
    with transaction(sessions_of(app)) as session:
        for product, items in facts.items():
            practical_store.revise_practical(session, product, tuple(items))


def products_in(document: dict[str, Any]) -> set[str]:
    return {row["product"] for row in document["ranking"]}


def test_product_page_shows_practical_facts_with_evidence_and_unknowns(pages: Pages, practical: None) -> None:
    page = pages.html("/products/slack")

    assert 'id="practical"' in page
    assert "Pro: EUR 8.75 (billed annually)" in page
    assert "Customers without an account or app" in page
    assert "Guests: without-account &lt;b&gt;bold&lt;/b&gt;" in page  # quotes are escaped
    assert "Re-checked on December 5, 2026" in page
    assert "Interface in Dutch" in page
    assert page.count("mark-unknown") >= 4  # free tier, platforms, certification, headquarters, Dutch UI


def test_product_page_in_dutch(pages: Pages, practical: None) -> None:
    page = pages.html("/products/slack?lang=nl")

    assert "Prijs, platforms en toegang" in page
    assert "Pro: EUR 8,75 (jaarlijks gefactureerd)" in page
    assert "Klanten zonder account of app" in page
    assert "Nederlandstalige interface" in page


def test_guest_filter_keeps_only_offers_with_verified_open_access(pages: Pages, practical: None) -> None:
    everything = products_in(pages.json("/index.json"))
    open_only = pages.json("/index.json?guest=without-account")
    external = products_in(pages.json("/index.json?guest=external-account"))

    assert open_only["filters"]["guest"] == "without-account"
    assert {"slack", "wire"} <= products_in(open_only) < everything
    assert not {"signal", "threema-work"} & products_in(open_only)
    assert "threema-work" in external
    assert "signal" not in external


def test_price_and_certification_filters(pages: Pages, practical: None) -> None:
    at_most_5 = products_in(pages.json("/index.json?price=5"))
    at_most_10 = products_in(pages.json("/index.json?price=10"))
    free = products_in(pages.json("/index.json?price=free"))
    iso = products_in(pages.json("/index.json?cert=iso-27001"))

    assert {"wire", "signal"} <= at_most_5
    assert "slack" not in at_most_5
    assert {"wire", "slack", "signal"} <= at_most_10
    assert "signal" in free
    assert "wire" not in free
    assert "wire" in iso
    assert "threema-work" not in iso  # an unverified certificate does not count


def test_filters_stay_in_the_url_and_the_form(pages: Pages, practical: None) -> None:
    page = pages.html("/?guest=without-account&price=10&cert=iso-27001")

    assert '<option value="without-account" selected>' in page
    assert '<option value="10" selected>' in page
    assert '<option value="iso-27001" selected>' in page
    assert "offers where it is unknown are left out" in page
    # The weights panel carries the filters, so moving a slider keeps them.
    assert '<input type="hidden" name="guest" value="without-account">' in page


def test_bad_filter_values_are_a_400_naming_them(pages: Pages) -> None:
    page = pages.html("/?price=cheap&guest=everyone&cert=iso-9", status=400)

    assert "“price”: “cheap” is not a price band" in page
    assert "“guest”: “everyone” is not a guest-access level" in page
    assert "“cert”: “iso-9” is not a certification" in page


def test_sme_profile_ranking_changes_when_guest_access_is_required(pages: Pages, practical: None) -> None:
    sme = pages.json("/index.json?profile=sme-customer-contact")
    required = pages.json("/index.json?profile=sme-customer-contact&guest=without-account")

    assert sme["profile"]["guest_access"] == "without-account"
    assert [r["offer"] for r in required["ranking"]] != [r["offer"] for r in sme["ranking"]]
    assert products_in(required) >= {"slack", "wire"}
    assert "signal" in products_in(sme)
    assert "signal" not in products_in(required)
    ranks = [r["rank"] for r in required["ranking"] if r["standing"] == "eligible"]
    assert ranks == sorted(ranks)


def test_sme_overview_offers_the_requirement_in_one_click(pages: Pages) -> None:
    page = pages.html("/?profile=sme-customer-contact")
    core = pages.html("/")

    assert "need customers to reach them without an account or app" in page
    assert "guest=without-account" in page
    assert "need customers to reach them" not in core


def test_api_products_carry_practical_facts_with_evidence(pages: Pages, practical: None) -> None:
    document = pages.json("/api/v1/products")
    slack = next(p for p in document["products"] if p["id"] == "slack")
    topics = {t["topic"]: t for t in slack["offers"][0]["practical"]}

    guest = topics["guest-access"]["items"][0]
    assert guest["value"] == {"access": "without-account", "federation": False}
    assert guest["trusted"] is True
    assert guest["evidence"]["source_url"] == "https://slack.example.eu/facts"
    assert guest["evidence"]["checked_on"] == "2026-12-05"
    assert topics["dutch-ui"] == {**topics["dutch-ui"], "known": False, "items": []}


def test_api_scores_take_the_practical_filters(pages: Pages, practical: None) -> None:
    filtered = pages.json("/api/v1/scores?profile=sme-customer-contact&guest=without-account")
    offers = {row["offer"].split(":")[0] for row in filtered["ranking"]}

    assert {"slack", "wire"} <= offers
    assert "signal" not in offers
