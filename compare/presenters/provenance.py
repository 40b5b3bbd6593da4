"""Where a quote was read and what kind of source it is, in words a reader can use.

The research records provenance in working notation (archive names, repository paths, commit
hashes) so a reviewer can find the copy again. Public pages say the same in plain words; the
exact location stays in the data export and the API for anyone who wants to check.
"""

from __future__ import annotations

from compare.i18n import translator


def N_(message: str) -> str:  # pybabel extract looks for this name
    """Mark a message for the catalogue; it is translated where it is shown."""
    return message


# First match wins: the researchers' own names for where they read a quote.
PLACES = (
    ("open_terms_archive", N_("an archived copy in Open Terms Archive")),
    ("tosdr", N_("an archived copy in the ToS;DR archive")),
    ("github_repo", N_("the vendor's public source repository")),
    ("mirror", N_("a mirror of the vendor's page")),
    ("proxy", N_("a mirror of the vendor's page")),
    ("docs", N_("the vendor's documentation")),
    ("pages", N_("the page itself")),
)
SOURCE_TYPES = {
    "vendor": N_("the vendor"),
    "third_party": N_("a third party"),
    "press": N_("the press"),
    "project": N_("the open-source project"),
    "bsp_documentation": N_("a WhatsApp Business Solution Provider"),
}
TOPICS = {
    "access_request_export": N_("Exporting data for an access request"),
    "ai_provider_restriction": N_("Limits on AI providers' use of data"),
    "business_offering": N_("Business plans"),
    "central_control_multi_user": N_("Several users on one business account"),
    "contracting_entity": N_("Contracting company"),
    "data_transfer_mechanism": N_("Legal basis for transfers outside the EEA"),
    "data_transfers": N_("Transfers outside the EEA"),
    "data_use_ads": N_("Use of data for advertising"),
    "encryption_calls": N_("Encryption of calls"),
    "encryption_keys": N_("Who holds the encryption keys"),
    "eu_data_boundary": N_("EU Data Boundary"),
    "headquarters_discrepancy": N_("Where the vendor is based"),
    "independent_assessment": N_("Independent assessment"),
    "law_enforcement_disclosure": N_("Disclosure to law enforcement"),
    "metadata_disclosed_to_authorities": N_("Metadata given to authorities"),
    "ownership_change": N_("Change of ownership"),
    "processor_agreement_controller_carveout": N_("Where the vendor acts as controller"),
    "processor_agreement_negotiated": N_("Negotiated processor agreement"),
    "processor_agreement_scope": N_("Scope of the processor agreement"),
    "terms_unilateral_change": N_("The vendor may change the terms on its own"),
    "website_domain_change": N_("Change of website address"),
}


# Findings recorded as the researchers' codes; free-text findings are shown as written.
VALUES = {
    "eu_us_dpf_and_scc": N_("EU–US Data Privacy Framework and standard contractual clauses"),
    "eu_us_dpf_bcr_scc": N_("EU–US Data Privacy Framework, binding corporate rules and standard contractual clauses"),
    "eu_us_dpf_with_scc_fallback": N_("EU–US Data Privacy Framework, with standard contractual clauses as fallback"),
    "scc": N_("Standard contractual clauses"),
    "negotiable_dpa_for_dutch_government": N_("A processor agreement negotiated for the Dutch government"),
    "vendor_is_controller_for_business_operations": N_("The vendor is controller for its own business operations"),
    "eu_boundary_with_security_exceptions": N_("EU Data Boundary, with exceptions for security"),
    "e2ee_optional": N_("End-to-end encryption optional"),
    "dutch_gov_dpia_high_risk_for_sensitive_data": N_("A Dutch government DPIA found high risks for sensitive data"),
    "account_creation_and_last_connection_only": N_("Only the account's creation date and last connection"),
    "none": N_("None"),
    "transfers_outside_eea": N_("Transfers outside the EEA"),
    "customer_managed_keys_addon": N_("Customer-managed keys as a paid add-on"),
    "export_for_gdpr_supported": N_("Export for GDPR requests supported"),
    "ip_and_phone_on_valid_judicial_order": N_("IP address and phone number on a valid court order"),
    "acquired_by_comitis_capital": N_("Acquired by Comitis Capital"),
    "threema.com_now_hosts_help_pages": N_("Help pages moved to threema.com"),
    "processor_role_limited_to_customer_contact_data": N_("Processor only for customer contact data"),
    "vendor_can_amend_unilaterally": N_("The vendor can amend the terms on its own"),
    "shared_single_account": N_("One account shared by several people"),
    "ads_in_status_and_channels": N_("Advertising in Status and Channels"),
    "general_purpose_ai_chatbots_banned_except_eea_brazil": N_("General-purpose AI chatbots banned, except in the EEA and Brazil"),
}


def value_text(value: str, language: str) -> tuple[str, str]:
    """A finding's value in words, and the language it is in (free text stays as researched)."""
    message = VALUES.get(value)
    if message is None:
        return value, "en"
    return translator(language).gettext(message), language


def place_text(seen_in: str | None, language: str) -> str | None:
    """Where the quote was read, in words; None when the research did not say."""
    if not seen_in:
        return None
    lowered = seen_in.casefold()
    for marker, message in PLACES:
        if marker in lowered:
            return translator(language).gettext(message)
    return translator(language).gettext(N_("an archived copy"))


def source_type_text(source_type: str | None, language: str) -> str | None:
    """Who published the source, in words."""
    if not source_type:
        return None
    key = source_type.split(" (", 1)[0].strip()
    message = SOURCE_TYPES.get(key)
    return translator(language).gettext(message) if message else key.replace("_", " ")


def topic_text(topic: str, language: str) -> str:
    """A finding's topic in words (unknown topics are shown with spaces, never as identifiers)."""
    message = TOPICS.get(topic)
    return translator(language).gettext(message) if message else topic.replace("_", " ").capitalize()
