"""Sentence and paragraph splitting with offsets, in English and Dutch legal prose."""

from __future__ import annotations

from scrapers.charset import detect
from scrapers.sentences import all_sentences, paragraphs, sentences


def texts(paragraph: str) -> list[str]:
    return [s.text for s in sentences(paragraph)]


def test_abbreviations_initials_and_section_numbers_do_not_end_sentences() -> None:
    assert texts(
        "1.2. Terms of Service apply. Data goes to the U.S. and elsewhere, e.g. to Ireland. See art. 28 GDPR!"
    ) == [
        "1.2. Terms of Service apply.",
        "Data goes to the U.S. and elsewhere, e.g. to Ireland.",
        "See art. 28 GDPR!",
    ]
    assert texts("Wij bewaren o.a. namen, bijv. die van klanten. Zie 3.4. Informatie volgt.") == [
        "Wij bewaren o.a. namen, bijv. die van klanten.",
        "Zie 3.4. Informatie volgt.",
    ]


def test_lower_case_after_a_full_stop_continues_the_sentence() -> None:
    assert texts("Telegram Messenger Inc. is the controller. version 5.5 added this.") == [
        "Telegram Messenger Inc. is the controller. version 5.5 added this."
    ]


def test_offsets_point_into_the_text() -> None:
    text = "First paragraph. Second sentence.\n\nNext paragraph here."
    assert [p.text for p in paragraphs(text)] == [
        "First paragraph. Second sentence.",
        "Next paragraph here.",
    ]
    for index, sentence in all_sentences(text):
        assert text[sentence.start : sentence.end] == sentence.text
        assert index in (0, 1)


def test_charset_order_is_bom_header_meta_fallback() -> None:
    page = b'<html><head><meta charset="windows-1252"></head>'
    assert detect(b"\xef\xbb\xbf" + page, "iso-8859-1").source == "bom"
    assert (detect(page, "ISO-8859-1").name, detect(page, "ISO-8859-1").source) == (
        "windows-1252",
        "header",
    )
    assert (detect(page, None).name, detect(page, None).source) == ("windows-1252", "meta")
    assert (detect(b"<p>plain</p>", None).name, detect(b"<p>plain</p>", None).source) == (
        "utf-8",
        "fallback",
    )
