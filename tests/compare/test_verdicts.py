"""Verdicts: the GDPR baseline and the profile's must-haves, judged on verified facts only."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from compare.dataset import Dataset
from compare.facts import Confidence, Evidence, Fact, FactStatus, Offer, build_offers
from compare.scoring.matrix import build_matrix
from compare.scoring.rank import rank
from compare.verdicts import ReasonKind, VerdictLevel, judge, judge_all
from criteria.model import Catalogue

EVIDENCE = Evidence(quote="a quote", source_url="https://vendor.example/terms", seen_on=date(2026, 11, 1), source_type="vendor")
BEST = {
    "processor-agreement": "standard-dpa",
    "eu-storage": "eu-only",
    "encryption": "e2ee-default",
    "central-control": "full",
    "retention-management": "org-policy",
    "vendor-data-use": "no-secondary-use",
    "forwarding-controls": "managed",
    "cloud-backups": "organisation-controlled",
}


def verified(product_id: str, criterion_id: str, level: str) -> Fact:
    return Fact(product_id, None, criterion_id, FactStatus.VERIFIED, level, Confidence.HIGH, evidence=EVIDENCE)


def offer_with(seed: Dataset, levels: dict[str, str | None]) -> Offer:
    """The Threema Work product with made-up levels (None: the fact is unverified)."""
    product = next(p for p in seed.products if p.id == "signal")
    facts = []
    for criterion_id, level in levels.items():
        fact = verified(product.id, criterion_id, level or "none")
        facts.append(fact if level is not None else replace(fact, status=FactStatus.UNVERIFIED, evidence=None))
    return build_offers((product,), tuple(facts))[0]


def verdict_of(offer: Offer, catalogue: Catalogue, profile: str = "core"):  # type: ignore[no-untyped-def]
    sheet = rank(build_matrix(catalogue, (offer,)), catalogue.profile(profile))
    return judge(sheet.rows[0], catalogue)


def test_an_offer_meeting_every_rule_is_suitable_and_says_so(seed: Dataset, catalogue: Catalogue) -> None:
    verdict = verdict_of(offer_with(seed, BEST), catalogue)

    assert verdict.level is VerdictLevel.SUITABLE
    assert [r.kind for r in verdict.reasons] == [ReasonKind.MEETS]
    assert verdict.reasons[0].text.nl != verdict.reasons[0].text.en


def test_a_failed_rule_outweighs_any_score(seed: Dataset, catalogue: Catalogue) -> None:
    verdict = verdict_of(offer_with(seed, {**BEST, "vendor-data-use": "advertising-or-sharing"}), catalogue)

    assert verdict.level is VerdictLevel.NOT_SUITABLE
    assert verdict.decisive[0].rule_id == "purpose-limitation"
    assert "28(3)(a)" in verdict.decisive[0].gdpr


def test_an_unverified_decisive_fact_makes_it_undetermined_and_names_it(seed: Dataset, catalogue: Catalogue) -> None:
    verdict = verdict_of(offer_with(seed, {**BEST, "processor-agreement": None}), catalogue)

    assert verdict.level is VerdictLevel.UNDETERMINED
    assert [r.criterion_id for r in verdict.decisive] == ["processor-agreement"]


def test_an_unknown_fact_on_a_rule_that_cannot_fail_asks_to_check_instead_of_holding_the_verdict(
    seed: Dataset, catalogue: Catalogue
) -> None:
    levels = {k: v for k, v in BEST.items() if k != "forwarding-controls"}

    verdict = verdict_of(offer_with(seed, levels), catalogue)

    assert verdict.level is VerdictLevel.SUITABLE_WITH_MEASURES
    assert verdict.reasons[0].kind is ReasonKind.CHECK
    assert "governance-11" in verdict.measures


def test_measures_are_named_and_fit_the_product(seed: Dataset, catalogue: Catalogue) -> None:
    verdict = verdict_of(offer_with(seed, {**BEST, "cloud-backups": "consumer-cloud-unencrypted", "processor-agreement": "terms-only"}), catalogue)

    assert verdict.level is VerdictLevel.SUITABLE_WITH_MEASURES
    assert {"hardening-05", "governance-01"} <= set(verdict.measures)


def test_a_failed_must_have_makes_it_not_suitable(seed: Dataset, catalogue: Catalogue) -> None:
    verdict = verdict_of(offer_with(seed, {**BEST, "encryption": "transport-only"}), catalogue, "healthcare")

    assert verdict.level is VerdictLevel.NOT_SUITABLE
    assert verdict.decisive[0].criterion_id == "encryption"
    assert verdict.decisive[0].rule_id is None


@pytest.mark.parametrize("profile", ["core", "public-sector", "healthcare", "sme-customer-contact"])
def test_whatsapp_business_app_is_not_suitable_under_any_built_in_profile(
    seed: Dataset, catalogue: Catalogue, profile: str
) -> None:
    sheet = rank(build_matrix(catalogue, build_offers(seed.products, seed.facts)), catalogue.profile(profile))

    verdicts = judge_all(sheet.rows, catalogue)

    app = verdicts["whatsapp-business-app"]
    assert app.level is VerdictLevel.NOT_SUITABLE
    assert {r.rule_id for r in app.decisive} >= {"purpose-limitation", "data-subject-rights"}
    assert verdicts["whatsapp-business-platform"].level in (VerdictLevel.NOT_SUITABLE, VerdictLevel.UNDETERMINED)
