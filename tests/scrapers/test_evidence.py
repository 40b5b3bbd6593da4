"""Evidence rules on real vendor documents (English) and Dutch texts: the levels a reader would propose."""

from __future__ import annotations

from functools import cache

import pytest
from pytest_httpserver import HTTPServer

from criteria.evidence_rules import RuleBook
from scrapers.evidence import EvidenceCandidate, find_evidence, propose, strongest, trim_quote
from scrapers.extract import extract
from scrapers.fetch import FetchResult, FetchSettings, fetch_all
from tests.scrapers.vendor_site import CRITERION_IDS, declaration, policy, vendor_page


@cache
def document_text(path: str) -> str:
    """The extracted text of an archived document, taken from a cluttered vendor page."""
    return extract(
        vendor_page(policy(path)), declaration("https://vendor.example/legal"), url=path
    ).text


def decided(text: str, book: RuleBook) -> dict[str, EvidenceCandidate]:
    """The deciding candidate per criterion."""
    pools: dict[str, list[EvidenceCandidate]] = {}
    for candidate in find_evidence(text, book):
        pools.setdefault(candidate.criterion_id, []).append(candidate)
    return {criterion: best for criterion, pool in pools.items() if (best := strongest(pool, book))}


READER = [
    (
        "whatsapp/privacy-policy/2021-01-01.md",
        "eu-storage",
        "us-or-global",
        "including to within the United States",
    ),
    (
        "whatsapp/privacy-policy/2021-01-01.md",
        "vendor-data-use",
        "advertising-or-sharing",
        "shares information with the other Facebook Companies",
    ),
    (
        "whatsapp/privacy-policy/2021-01-01.md",
        "cloud-backups",
        "consumer-cloud-unencrypted",
        "(like iCloud or Google Drive), they will receive information",
    ),
    (
        "whatsapp/privacy-policy/2021-01-01.md",
        "metadata-minimisation",
        "extensive",
        "We collect information about your activity on our Services",
    ),
    (
        "whatsapp/privacy-policy/2021-01-01.md",
        "encryption",
        "e2ee-default",
        "we and third parties can't read or listen to them",
    ),
    (
        "telegram/privacy-policy/2024-09-27.md",
        "encryption",
        "e2ee-optional",
        "Secret chats use end-to-end encryption.",
    ),
    (
        # EEA sign-ups are stored in the Netherlands, but the policy shares personal data with
        # group companies in the British Virgin Islands and Dubai: the widest clause decides.
        "telegram/privacy-policy/2024-09-27.md",
        "eu-storage",
        "us-or-global",
        "Telegram Group Inc, located in the British Virgin Islands",
    ),
    (
        "telegram/privacy-policy/2024-09-27.md",
        "cloud-backups",
        "vendor-managed",
        "without having to rely on third-party backups",
    ),
    (
        "telegram/privacy-policy/2024-09-27.md",
        "metadata-minimisation",
        "moderate",
        "Telegram uses phone numbers as unique identifiers",
    ),
    (
        "telegram/privacy-policy/2024-09-27.md",
        "account-security",
        "two-factor",
        "When you enable 2-step-verification",
    ),
    (
        "telegram/privacy-policy/2024-09-27.md",
        "retention-management",
        "per-chat-timer",
        "Messages in Secret Chats can be ordered to self-destruct.",
    ),
    (
        "telegram/privacy-policy/2024-09-27.md",
        "processor-agreement",
        "none",
        "is the data controller responsible for your personal data",
    ),
    (
        "telegram/privacy-policy/2024-09-27.md",
        "vendor-data-use",
        "own-business-purposes",
        "our parent company, Telegram Group Inc, located in the British Virgin Islands",
    ),
    (
        "telegram/privacy-policy/2024-09-27.md",
        "openness-audits",
        "open-or-audited",
        "Telegram is an open source project.",
    ),
    (
        "telegram/privacy-policy/2024-09-27.md",
        "hosting-control",
        "vendor-cloud",
        "our cloud-based messaging services",
    ),
    (
        "signal/privacy-policy/2020-12-09.md",
        "encryption",
        "e2ee-default",
        "Your calls and messages are always encrypted",
    ),
    (
        "signal/privacy-policy/2020-12-09.md",
        "metadata-minimisation",
        "minimal",
        "limits this additional technical information to the minimum required",
    ),
    (
        "signal/privacy-policy/2020-12-09.md",
        "account-security",
        "two-factor",
        "Registration Lock PIN",
    ),
    (
        "wire/data-processor-agreement/2023-05-09.md",
        "processor-agreement",
        "standard-dpa",
        "Wire is the Processor in the meaning of Art. 4 (8) GDPR",
    ),
    (
        "wire/data-processor-agreement/2023-05-09.md",
        # Switzerland is not in the EU: an adequate country, the weaker of the two readings.
        "eu-storage",
        "adequate-country",
        "on servers within the Member States of the European Union and Switzerland",
    ),
    (
        "wire/data-processor-agreement/2023-05-09.md",
        "encryption",
        "e2ee-default",
        "Wire does not hold the decryption keys to those messages",
    ),
    (
        "wire/privacy-policy/2023-05-12.md",
        "encryption",
        "e2ee-default",
        "is only decrypted on the recipient’s device",
    ),
    (
        "wire/privacy-policy/2023-05-12.md",
        "vendor-data-use",
        "no-secondary-use",
        "Wire does not rent or sell your data to third parties.",
    ),
    (
        "olvid/privacy-policy/2023-01-19.md",
        "encryption",
        "e2ee-default",
        "Everything is end-to-end encrypted, data and metadata.",
    ),
    (
        "olvid/privacy-policy/2023-01-19.md",
        "metadata-minimisation",
        "minimal",
        "Olvid does not collect ANY personal data.",
    ),
    ("olvid/privacy-policy/2023-01-19.md", "hosting-control", "vendor-cloud", "We use AWS servers"),
]


@pytest.mark.parametrize(("document", "criterion", "level", "passage"), READER)
def test_real_documents_get_the_level_a_reader_would_give(
    document: str, criterion: str, level: str, passage: str, rule_book: RuleBook
) -> None:
    best = decided(document_text(document), rule_book)[criterion]
    assert (best.level_id, passage in best.quote) == (level, True), best.quote


def test_telegram_does_not_get_levels_its_policy_does_not_support(rule_book: RuleBook) -> None:
    found = decided(document_text("telegram/privacy-policy/2024-09-27.md"), rule_book)
    assert found["encryption"].level_id != "e2ee-default"
    assert "central-control" not in found
    assert "forwarding-controls" not in found


def test_quotes_are_verbatim_sentences(rule_book: RuleBook) -> None:
    for document in (
        "whatsapp/privacy-policy/2021-01-01.md",
        "telegram/privacy-policy/2024-09-27.md",
        "olvid/privacy-policy/2023-01-19.md",
    ):
        text = document_text(document)
        for candidate in find_evidence(text, rule_book):
            assert candidate.quote.strip("… ") in text
            assert len(candidate.quote.split()) <= 62
            assert text[candidate.position :].startswith(
                text[candidate.position : candidate.position + 3]
            )


DUTCH_GOOD = """Alle berichten worden standaard end-to-end versleuteld.

Wij slaan uw gegevens uitsluitend op in Nederland, in datacenters binnen de Europese Unie.

Met iedere klant sluiten wij een verwerkersovereenkomst; op verzoek kan de verwerkersovereenkomst worden aangepast aan uw eisen.

Beheerders kunnen via de beheerconsole gebruikers centraal aanmaken en verwijderen.

Beheerders kunnen een bewaartermijn instellen voor alle gesprekken. Voor eDiscovery kunnen berichten worden geëxporteerd via de compliance-export.

Wij verkopen uw gegevens nooit en gebruiken uw gegevens uitsluitend om de dienst te leveren.

Beheerders kunnen het doorsturen van berichten naar externe contacten blokkeren.

U kunt de software ook zelf hosten in uw eigen datacenter.

Back-ups worden versleuteld opgeslagen op uw eigen servers.

Tweestapsverificatie is beschikbaar en beheerders kunnen eenmalige aanmelding (SSO) via SAML verplicht stellen.

Wij bewaren geen metadata en slaan geen IP-adressen op.

De broncode is open source en wordt jaarlijks door een onafhankelijke partij geaudit."""

DUTCH_POOR = """Wij delen informatie met de andere Meta-bedrijven.

Uw gegevens worden doorgegeven aan en opgeslagen in de Verenigde Staten.

Geheime chats gebruiken end-to-end-versleuteling; gewone chats worden alleen tijdens transport versleuteld.

Als u een back-up maakt via Google Drive, wordt deze onversleuteld opgeslagen.

Alle leden kunnen anderen toevoegen aan een groep.

Berichten kunnen na een ingestelde tijd automatisch verdwijnen.

Doorgestuurde berichten verdwijnen niet, ook niet als de oorspronkelijke chat is verwijderd.

U accepteert onze voorwaarden voor gegevensverwerking zoals ze zijn; u kunt er geen aanpassingen in doen.

Wij verzamelen informatie over uw activiteit, zoals batterijniveau en signaalsterkte.

Er is geen tweestapsverificatie voor beheerders.

De broncode is niet openbaar.

Onze dienst is een clouddienst."""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            DUTCH_GOOD,
            {
                "processor-agreement": (
                    "negotiable-dpa",
                    "kan de verwerkersovereenkomst worden aangepast",
                ),
                "eu-storage": ("eu-only", "uitsluitend op in Nederland"),
                "encryption": ("e2ee-default", "standaard end-to-end versleuteld"),
                "central-control": ("full", "via de beheerconsole"),
                "retention-management": ("org-policy-with-export", "compliance-export"),
                "vendor-data-use": ("no-secondary-use", "Wij verkopen uw gegevens nooit"),
                "forwarding-controls": (
                    "managed",
                    "doorsturen van berichten naar externe contacten blokkeren",
                ),
                "cloud-backups": (
                    "organisation-controlled",
                    "Back-ups worden versleuteld opgeslagen op uw eigen servers.",
                ),
                "account-security": ("sso-and-policies", "eenmalige aanmelding (SSO)"),
                "metadata-minimisation": ("minimal", "Wij bewaren geen metadata"),
                "openness-audits": ("open-and-audited", "onafhankelijke partij geaudit"),
                "hosting-control": ("self-hosted", "zelf hosten"),
                "operations": ("own-staff", "zelf hosten"),
            },
        ),
        (
            DUTCH_POOR,
            {
                "processor-agreement": ("terms-only", "voorwaarden voor gegevensverwerking"),
                "eu-storage": ("us-or-global", "in de Verenigde Staten"),
                "encryption": ("e2ee-optional", "Geheime chats gebruiken end-to-end-versleuteling"),
                "central-control": ("none", "Alle leden kunnen anderen toevoegen"),
                "retention-management": ("per-chat-timer", "automatisch verdwijnen"),
                "vendor-data-use": ("advertising-or-sharing", "met de andere Meta-bedrijven"),
                "forwarding-controls": ("none", "Doorgestuurde berichten verdwijnen niet"),
                "cloud-backups": (
                    "consumer-cloud-unencrypted",
                    "Google Drive, wordt deze onversleuteld",
                ),
                "account-security": ("none", "geen tweestapsverificatie"),
                "metadata-minimisation": ("extensive", "batterijniveau en signaalsterkte"),
                "openness-audits": ("closed-unaudited", "De broncode is niet openbaar."),
                "hosting-control": ("vendor-cloud", "een clouddienst"),
                "operations": ("vendor-operated", "een clouddienst"),
            },
        ),
    ],
    ids=["dutch-best-levels", "dutch-worst-levels"],
)
def test_dutch_texts_cover_every_criterion(
    text: str, expected: dict[str, tuple[str, str]], rule_book: RuleBook
) -> None:
    found = decided(text, rule_book)
    assert set(expected) == CRITERION_IDS
    got = {
        criterion: (best.level_id, expected[criterion][1] in best.quote)
        for criterion, best in found.items()
    }
    assert got == {criterion: (level, True) for criterion, (level, _) in expected.items()}


def test_negations_do_not_count_as_evidence(rule_book: RuleBook) -> None:
    text = "We do not sell your personal data.\n\nWe don't use your data to show you ads.\n\nWij verkopen uw gegevens niet."
    levels = {
        c.level_id for c in find_evidence(text, rule_book) if c.criterion_id == "vendor-data-use"
    }
    assert levels == {"no-secondary-use"}


def test_rules_cover_all_criteria_in_both_languages(rule_book: RuleBook) -> None:
    assert {rules.criterion for rules in rule_book.criteria} == CRITERION_IDS
    for rules in rule_book.criteria:
        assert all(rule.patterns.en and rule.patterns.nl for rule in rules.rules)


def test_long_sentences_are_trimmed_around_the_match() -> None:
    sentence = (
        " ".join(f"w{i}" for i in range(100))
        + " transferred to the United States "
        + " ".join(f"v{i}" for i in range(100))
    )
    start = sentence.index("United States")
    quote = trim_quote(sentence, start, start + len("United States"))
    assert quote.startswith("… ")
    assert quote.endswith(" …")
    assert "transferred to the United States" in quote
    assert len(quote.strip("… ").split()) == 60


def candidate(
    criterion: str, level: str, rule: str, position: int, quote: str = "q"
) -> EvidenceCandidate:
    return EvidenceCandidate(criterion, level, quote, rule, position, "en")


def test_strongest_follows_the_criterion_preference(rule_book: RuleBook) -> None:
    storage = [
        candidate("eu-storage", "eu-only", "eus-eu-only", 10),
        candidate("eu-storage", "us-or-global", "eus-us-transfer", 900),
    ]
    encryption = [
        candidate("encryption", "transport-only", "enc-transport-only", 10),
        candidate("encryption", "e2ee-optional", "enc-e2ee-optional", 500),
        candidate("encryption", "e2ee-optional", "enc-e2ee-optional", 400),
    ]
    worst = strongest(storage, rule_book)
    best = strongest(encryption, rule_book)
    assert worst is not None
    assert (worst.level_id, worst.position) == ("us-or-global", 900)
    assert best is not None
    assert (best.level_id, best.position) == ("e2ee-optional", 400)


def test_propose_on_telegram_against_current_facts(rule_book: RuleBook) -> None:
    text = document_text("telegram/privacy-policy/2024-09-27.md")
    levels = {
        "encryption": "e2ee-default",
        "eu-storage": "eu-option",
        "cloud-backups": "vendor-managed",
        "processor-agreement": "none",
        "hosting-control": "vendor-cloud",
    }
    quotes = {
        "encryption": "Secret chats use end-to-end encryption.",
        "eu-storage": "If you signed up for Telegram from the UK or the EEA, your data is stored in data centers in the Netherlands.",
        "cloud-backups": "We keep every cloud chat on our servers for ever.",
        "processor-agreement": "the Services are provided by Telegram",
        "hosting-control": "Telegram is a cloud service.",
    }
    candidates = find_evidence(text, rule_book)
    drafts = propose(candidates, levels, quotes, rule_book, text=text)
    summary = {d.criterion_id: (d.reason, d.current_level, d.level_id) for d in drafts}
    assert summary == {
        "encryption": ("level-changed", "e2ee-default", "e2ee-optional"),
        "cloud-backups": ("evidence-changed", "vendor-managed", "vendor-managed"),
        "metadata-minimisation": ("new-evidence", None, "moderate"),
        "account-security": ("new-evidence", None, "two-factor"),
        "retention-management": ("new-evidence", None, "per-chat-timer"),
        "vendor-data-use": ("new-evidence", None, "own-business-purposes"),
        "openness-audits": ("new-evidence", None, "open-or-audited"),
        "operations": ("new-evidence", None, "vendor-operated"),
        "eu-storage": ("level-changed", "eu-option", "us-or-global"),
    }
    reordered = sorted(candidates, key=lambda c: (c.rule_id, -c.position))
    assert propose(reordered, levels, quotes, rule_book, text=text) == drafts


def test_a_vendor_change_without_evidence_impact_proposes_nothing(rule_book: RuleBook) -> None:
    before = decided(document_text("telegram/privacy-policy/2024-07-15.md"), rule_book)
    after = document_text("telegram/privacy-policy/2024-09-27.md")
    levels = {criterion: best.level_id for criterion, best in before.items()}
    quotes = {criterion: best.quote for criterion, best in before.items()}
    assert propose(find_evidence(after, rule_book), levels, quotes, rule_book) == []


def test_us_transfer_clause_proposes_eu_storage_change_end_to_end(
    site: HTTPServer, settings: FetchSettings, rule_book: RuleBook
) -> None:
    site.expect_request("/legal/privacy-policy-eea").respond_with_data(
        vendor_page(policy("whatsapp/privacy-policy/2021-01-01.md"), encoding="windows-1252"),
        content_type="text/html",
    )
    [result] = fetch_all([site.url_for("/legal/privacy-policy-eea")], settings)
    assert isinstance(result, FetchResult)
    document = declaration(result.url).model_copy(update={"criteria": ("eu-storage", "encryption")})
    text = extract(
        result.body, document, url=result.final_url, charset_name=result.charset or ""
    ).text
    drafts = propose(
        find_evidence(text, rule_book, document.criteria),
        {"eu-storage": "eu-option", "encryption": "e2ee-default"},
        {
            "eu-storage": "WhatsApp Ireland stores your data in Ireland.",
            "encryption": "which means we and third parties can't read or listen to them",
        },
        rule_book,
        text=text,
    )
    [draft] = drafts
    assert (draft.criterion_id, draft.reason, draft.level_id) == (
        "eu-storage",
        "level-changed",
        "us-or-global",
    )
    assert (
        draft.quote
        == "To transfer, transmit, store, or process your data outside the EEA, including to within the United States and other countries; and"
    )
    assert {c.level_id for c in draft.candidates} == {"us-or-global"}
