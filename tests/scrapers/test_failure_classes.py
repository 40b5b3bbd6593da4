"""The failure classes of issue 16, each with a case that now gives the reader's answer.

Vendor passages come from the labelled corpus (tests/fixtures/extraction/, verbatim from the
vendors' documents); the short sentences written here only vary one word of such a passage.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from criteria.evidence_rules import RuleBook
from scrapers.evidence import ProposalDraft, find_evidence, propose

CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "extraction"
_TEXTS = {
    p["id"]: p["text"]
    for part in ("development", "held-back")
    for p in yaml.safe_load((CORPUS / f"{part}.yaml").read_text(encoding="utf-8"))
}


def passage(passage_id: str) -> str:
    """A corpus passage by id (the tests name only development passages)."""
    return _TEXTS[passage_id]


def decided(text: str, book: RuleBook) -> dict[str, ProposalDraft]:
    return {d.criterion_id: d for d in propose(find_evidence(text, book), {}, {}, book, text=text)}


def levels(text: str, book: RuleBook) -> dict[str, str]:
    return {c: d.level_id for c, d in decided(text, book).items()}


# The document's name decides the level ----------------------------------------------------


def test_a_document_name_alone_decides_no_processor_level(rule_book: RuleBook) -> None:
    for name in ("Data Processing Terms", "Data Processing Addendum", "Verwerkersovereenkomst"):
        sentence = f"The WhatsApp Business {name} describe how customer data is processed."
        assert "processor-agreement" not in levels(sentence, rule_book), name
    assert "processor-agreement" not in levels(passage("web1on1-heading-dpt"), rule_book)


def test_headings_decide_nothing_however_long(rule_book: RuleBook) -> None:
    heading = "#### 4.2. End-to-End Encrypted Data: all messages are end-to-end encrypted by default"
    assert "encryption" not in levels(heading, rule_book)
    assert levels(heading.lstrip("# "), rule_book)["encryption"] == "e2ee-default"


def test_what_the_sentence_says_about_the_document_decides(rule_book: RuleBook) -> None:
    accepted = "By accepting the WhatsApp Business Terms, you agree to the Data Processing Terms."
    signed = "You can sign the Data Processing Addendum in the admin console."
    assert levels(accepted, rule_book)["processor-agreement"] == "terms-only"
    assert levels(signed, rule_book)["processor-agreement"] == "standard-dpa"
    attached = passage("siilo-nl-verwerkersovereenkomst-voorwaarden")
    assert levels(attached, rule_book)["processor-agreement"] == "terms-only"


# Phrasing variants missed ------------------------------------------------------------------


def test_phrasing_variants_of_default_end_to_end_encryption(rule_book: RuleBook) -> None:
    for passage_id in (
        "viber-core-features-e2ee",  # "core features are secured with end-to-end encryption"
        "viber-keys-on-devices",  # "keys are stored only on your devices"
        "siilo-nl-alleen-ontvanger",  # Dutch: only readable on the recipient's device
        "whatsapp-faq-personal-e2ee",  # "no one, not even WhatsApp, can read"
    ):
        assert levels(passage(passage_id), rule_book).get("encryption") == "e2ee-default", passage_id


# Wrong subject -------------------------------------------------------------------------------


def test_the_vendors_own_retention_policy_is_not_an_organisation_setting(rule_book: RuleBook) -> None:
    own = (
        "Data retention policy\n\n" + passage("trueclicks-own-retention") + "\n\n"
        "Our data retention policy explains how long we keep the data of our customers."
    )
    assert "retention-management" not in levels(own, rule_book)
    admins = "Administrators can set a retention policy for the whole organisation."
    assert levels(admins, rule_book)["retention-management"] == "org-policy"


def test_another_product_of_the_same_vendor_decides_nothing(rule_book: RuleBook) -> None:
    assert "encryption" not in levels(passage("zoom-email-e2ee"), rule_book)
    # Without the words "by Zoom" the sentence still names another product.
    bare = "Zoom Email is end-to-end encrypted by default for emails between Zoom Email users."
    assert "encryption" not in levels(bare, rule_book)
    assert "encryption" not in levels(passage("zoom-integrations-not-e2ee"), rule_book)


def test_a_vendor_as_controller_of_its_website_data_is_no_processor_level(rule_book: RuleBook) -> None:
    assert "processor-agreement" not in levels(passage("olvid-website-controller"), rule_book)
    assert levels(passage("discord-controller"), rule_book)["processor-agreement"] == "none"


# Favourable misreads -----------------------------------------------------------------------


def test_an_ad_funded_messenger_is_not_read_as_own_business_purposes(rule_book: RuleBook) -> None:
    policy = "\n\n".join(passage(p) for p in ("viber-useful-services", "viber-ad-inferences"))
    assert levels(policy, rule_book)["vendor-data-use"] == "advertising-or-sharing"
    assert "vendor-data-use" not in levels(passage("discord-not-selling"), rule_book)


# Negations and conditions (en/nl) ------------------------------------------------------------


def test_negations_and_conditions_cancel_a_claim(rule_book: RuleBook) -> None:
    assert "vendor-data-use" not in levels(passage("skype-not-sell-except"), rule_book)
    assert levels(passage("zaurus-niet-eigen-doeleinden"), rule_book)["vendor-data-use"] == (
        "no-secondary-use"
    )
    dutch = "Berichten zijn end-to-end versleuteld, alleen als u dit zelf inschakelt."
    assert levels(dutch, rule_book).get("encryption") != "e2ee-default"
    unless = "All messages are end-to-end encrypted unless you use the web client."
    assert levels(unless, rule_book).get("encryption") != "e2ee-default"
    plain = "All messages are end-to-end encrypted."
    assert levels(plain, rule_book)["encryption"] == "e2ee-default"


def test_optional_wording_confirms_an_optional_level(rule_book: RuleBook) -> None:
    assert levels(passage("telegram-secret-chats"), rule_book)["encryption"] == "e2ee-optional"


# What the reviewer sees -----------------------------------------------------------------------


def test_each_proposal_names_its_rule_words_and_confidence(rule_book: RuleBook) -> None:
    draft = decided(passage("viber-keys-on-devices"), rule_book)["encryption"]
    assert draft.matched == "encryption keys are stored only on your devices"
    assert 0.5 <= draft.confidence <= 1.0
    assert draft.explain() == (
        f"rule enc-e2ee-default matched “{draft.matched}” (confidence {draft.confidence:.0%})"
    )
    long = decided(passage("zoom-marketing-partners"), rule_book)["vendor-data-use"]
    assert long.confidence < draft.confidence
