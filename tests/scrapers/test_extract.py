"""Extraction from real vendor pages served by a local server, and every way a page can be unusable."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from scrapers.changes import diff
from scrapers.charset import CharsetProblem, decode
from scrapers.declarations import DocumentDeclaration, load_source
from scrapers.extract import (
    CharsetError,
    EmptyContent,
    Extract,
    ExtractError,
    NotHtml,
    SelectorNoMatch,
    extract,
)
from scrapers.fetch import FetchResult, FetchSettings, fetch_all
from tests.scrapers.vendor_site import (
    CRITERION_IDS,
    RESTYLED,
    declaration,
    policy,
    render,
    vendor_page,
)

WHATSAPP = policy("whatsapp/privacy-policy/2021-01-01.md")
SOURCES = Path(__file__).resolve().parents[2] / "scrapers" / "sources"


def served(
    site: HTTPServer,
    settings: FetchSettings,
    body: bytes,
    *,
    content_type: str = "text/html; charset=utf-8",
    path: str = "/legal/privacy-policy",
) -> FetchResult:
    """Serve ``body`` and fetch it back: what the extractor gets in production."""
    site.expect_request(path).respond_with_data(body, content_type=content_type)
    [result] = fetch_all([site.url_for(path)], settings)
    assert isinstance(result, FetchResult), result
    return result


def extract_served(result: FetchResult, document: DocumentDeclaration) -> Extract:
    return extract(
        result.body,
        document,
        url=result.final_url,
        content_type=result.content_type or "",
        charset_name=result.charset or "",
    )


def bare(markdown: str) -> Extract:
    """The document alone, without any page around it: what extraction must come back to."""
    page = f"<html><body>{render(markdown)}</body></html>".encode()
    return extract(page, declaration("https://example.org/", select=[], remove=[]), url="bare")


def test_clutter_is_removed_and_only_the_document_remains(
    site: HTTPServer, settings: FetchSettings
) -> None:
    result = served(site, settings, vendor_page(WHATSAPP, vendor="WhatsApp"))
    text = extract_served(result, declaration(result.url))
    assert text == bare(WHATSAPP)
    clutter = (
        "understand how you use our site",
        "Accept all",
        "Download",
        "All rights reserved",
        "dataLayer",
        "trackPageview",
        "Back to top",
    )
    assert [c for c in clutter if c in text.text] == []
    assert text.paragraphs[0] == "Last modified: April 24, 2018 (archived versions)"
    assert (
        "WhatsApp LLC shares information globally, both internally within the Facebook Companies"
        in text.text
    )


def test_restyling_the_page_does_not_change_the_text(
    site: HTTPServer, settings: FetchSettings
) -> None:
    before = served(site, settings, vendor_page(WHATSAPP), path="/v1")
    restyled = vendor_page(
        WHATSAPP, container=RESTYLED.replace("{body}", textwrap.indent("{body}", " " * 8))
    )
    after = served(site, settings, restyled, path="/v2")
    assert before.sha256 != after.sha256
    old, new = (
        extract_served(before, declaration(before.url)),
        extract_served(after, declaration(after.url)),
    )
    assert old == new
    assert not diff(old.text, new.text).changed


def test_windows_1252_page_decodes_to_the_same_text(
    site: HTTPServer, settings: FetchSettings
) -> None:
    telegram = policy("telegram/privacy-policy/2024-09-27.md")
    result = served(
        site, settings, vendor_page(telegram, encoding="windows-1252"), content_type="text/html"
    )
    assert result.charset == "windows-1252"
    text = extract_served(result, declaration(result.url))
    assert text == bare(telegram)
    assert "Telegram Messenger Inc. (“Telegram”)" in text.text


def test_broken_charset_is_an_error_not_mojibake(site: HTTPServer, settings: FetchSettings) -> None:
    page = vendor_page(
        policy("telegram/privacy-policy/2024-09-27.md"), encoding="windows-1252", meta_charset=False
    )
    result = served(site, settings, page, content_type="text/html; charset=utf-8")
    with pytest.raises(CharsetError) as caught:
        extract_served(result, declaration(result.url))
    assert caught.value.url == result.final_url
    assert "are not valid utf-8" in caught.value.reason
    assert "at offset" in caught.value.reason


def test_unknown_charset_label_falls_back_to_detection(site: HTTPServer, settings: FetchSettings) -> None:
    """Issue 12 item 12: an unknown label is reported (``charset_ignored``) and detection decides."""
    result = served(
        site, settings, vendor_page(WHATSAPP), content_type="text/html; charset=x-klingon"
    )
    assert (result.charset, result.charset_ignored) == ("utf-8", ("x-klingon",))
    assert extract_served(result, declaration(result.url)).paragraphs


def test_decoding_with_an_unknown_charset_is_an_error() -> None:
    with pytest.raises(CharsetProblem, match="unknown charset 'x-klingon'"):
        decode(b"<p>x</p>", "x-klingon")


def test_empty_body_is_empty_content(site: HTTPServer, settings: FetchSettings) -> None:
    result = served(site, settings, b"  \n ")
    with pytest.raises(EmptyContent, match="the response body is empty"):
        extract_served(result, declaration(result.url))


def test_empty_selection_is_empty_content(site: HTTPServer, settings: FetchSettings) -> None:
    page = vendor_page("", container='<div id="content-wrapper">  <p> </p>{body}</div>')
    result = served(site, settings, page)
    with pytest.raises(EmptyContent) as caught:
        extract_served(
            result, declaration(result.url, remove=["[href='#top-of-page']", "p:has(a)"])
        )
    assert caught.value.reason == 'the selection "#content-wrapper" is empty (it holds no text)'


def test_binary_garbage_is_not_html(site: HTTPServer, settings: FetchSettings) -> None:
    result = served(site, settings, bytes(range(256)) * 8, content_type="text/html")
    with pytest.raises(NotHtml, match="binary data"):
        extract_served(result, declaration(result.url))


def test_text_without_markup_is_not_html(site: HTTPServer, settings: FetchSettings) -> None:
    result = served(site, settings, b"Service temporarily unavailable, please try again later")
    with pytest.raises(NotHtml, match="contains no markup"):
        extract_served(result, declaration(result.url))


def test_selector_that_no_longer_matches_names_selector_and_url(
    site: HTTPServer, settings: FetchSettings
) -> None:
    redesigned = vendor_page(WHATSAPP, container='<main id="main-content">{body}</main>')
    result = served(site, settings, redesigned)
    with pytest.raises(SelectorNoMatch) as caught:
        extract_served(result, declaration(result.url))
    assert caught.value.selector == "#content-wrapper"
    assert (
        str(caught.value)
        == f'{result.final_url}: select #content-wrapper: the selector "#content-wrapper" has no match in the page'
    )


def signal_page() -> bytes:
    """signal.org/legal: terms and privacy policy in one #document, told apart by their headings."""
    terms = "## Terms of Service\n\nYou must be at least 13 years old to use Signal.\n\nSignal is designed for private messages."
    privacy = policy("signal/privacy-policy/2020-12-09.md").replace(
        "Privacy Policy\n--------------", "## Privacy Policy"
    )
    html = render(terms).replace("<h2>", '<h2 id="terms-of-service">', 1) + render(privacy).replace(
        "<h2>", '<h2 id="privacy-policy">', 1
    )
    return vendor_page("", vendor="Signal", container=f'<div id="document">{html}{{body}}</div>')


def test_range_selectors_from_the_signal_declaration(
    site: HTTPServer, settings: FetchSettings
) -> None:
    signal = load_source(SOURCES / "signal.yaml", CRITERION_IDS)
    result = served(site, settings, signal_page())
    privacy = extract_served(result, signal.document("privacy-policy"))
    terms = extract_served(result, signal.document("terms"))
    assert privacy.paragraphs[0] == "Privacy Policy"
    assert "Your calls and messages are always encrypted" in privacy.text
    assert "13 years old" not in privacy.text
    assert terms.paragraphs[:2] == (
        "Terms of Service",
        "You must be at least 13 years old to use Signal.",
    )
    assert "always encrypted" not in terms.text


def test_range_with_a_missing_end_names_the_selector(
    site: HTTPServer, settings: FetchSettings
) -> None:
    result = served(site, settings, signal_page())
    document = declaration(
        result.url,
        select=[{"startBefore": "#privacy-policy", "endBefore": "#cookie-policy"}],
        remove=[],
    )
    with pytest.raises(SelectorNoMatch) as caught:
        extract_served(result, document)
    assert caught.value.selector == "#cookie-policy"
    assert caught.value.reason == (
        "the end of the select range startBefore #privacy-policy … endBefore #cookie-policy: "
        'the selector "#cookie-policy" has no match in the page'
    )


def test_remove_range_whose_start_is_gone_is_an_error(
    site: HTTPServer, settings: FetchSettings
) -> None:
    """Open Terms Archive fails here too: ignoring it would leave the text meant to be cut."""
    result = served(site, settings, signal_page())
    document = declaration(
        result.url,
        select=["#document"],
        remove=[{"startBefore": "#cookie-notice", "endBefore": "#privacy-policy"}],
    )
    with pytest.raises(SelectorNoMatch) as caught:
        extract_served(result, document)
    assert caught.value.selector == "#cookie-notice"
    assert caught.value.reason.startswith(
        "the start of the remove range startBefore #cookie-notice … endBefore #privacy-policy:"
    )


def test_remove_range_whose_end_is_gone_names_the_end(
    site: HTTPServer, settings: FetchSettings
) -> None:
    result = served(site, settings, signal_page())
    document = declaration(
        result.url,
        select=["#document"],
        remove=[{"startBefore": "#terms-of-service", "endBefore": "#old-heading"}],
    )
    with pytest.raises(SelectorNoMatch, match="the end of the remove range") as caught:
        extract_served(result, document)
    assert caught.value.selector == "#old-heading"


def test_remove_range_that_matches_cuts_its_text(
    site: HTTPServer, settings: FetchSettings
) -> None:
    result = served(site, settings, signal_page())
    document = declaration(
        result.url,
        select=["#document"],
        remove=[{"startBefore": "#terms-of-service", "endBefore": "#privacy-policy"}],
    )
    text = extract_served(result, document).text
    assert "13 years old" not in text
    assert "Your calls and messages are always encrypted" in text


def test_a_missing_remove_css_selector_is_not_an_error(
    site: HTTPServer, settings: FetchSettings
) -> None:
    result = served(site, settings, signal_page())
    document = declaration(result.url, select=["#document"], remove=["#cookie-banner-gone"])
    assert "13 years old" in extract_served(result, document).text


def test_hidden_elements_and_scripts_never_count(site: HTTPServer, settings: FetchSettings) -> None:
    container = (
        '<div id="content-wrapper"><p>Visible clause.</p><div hidden>Draft clause.</div>'
        '<p style="display: none">Old clause.</p><script>var clause = 1;</script>{body}</div>'
    )
    result = served(site, settings, vendor_page("", container=container))
    assert extract_served(result, declaration(result.url)).paragraphs == ("Visible clause.",)


def test_markdown_sources_are_split_into_paragraphs(
    site: HTTPServer, settings: FetchSettings
) -> None:
    markdown = "# Regions\n\nWickr is available in\nEurope (Frankfurt).\n\n\n* London"
    result = served(
        site,
        settings,
        markdown.encode(),
        content_type="text/markdown; charset=utf-8",
        path="/wickr.md",
    )
    text = extract_served(result, declaration(result.url, select=[], remove=[]))
    assert text.paragraphs == ("# Regions", "Wickr is available in Europe (Frankfurt).", "* London")
    with pytest.raises(ExtractError, match="selectors need an HTML page"):
        extract_served(result, declaration(result.url))


def test_extract_round_trips_through_its_text() -> None:
    text = bare(WHATSAPP)
    assert Extract.from_text(text.text) == text
    assert len(text.sha256) == 64
