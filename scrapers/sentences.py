"""Split normalised text into paragraphs and sentences, keeping their offsets in the text.

Change detection and evidence both work sentence by sentence: a reviewer wants to see *the*
sentence that changed or that supports a level, not a whole section. Offsets let a later page
highlight the passage in the full text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

PARAGRAPH_BREAK = "\n\n"

# Abbreviations that end in a full stop without ending a sentence (English and Dutch).
# Single letters ("U.S.", "e.g.", "o.a.", "d.w.z.") are caught by a rule, not listed here.
_ABBREVIATIONS = frozenset(
    {
        "inc",
        "ltd",
        "llc",
        "co",
        "corp",
        "no",
        "nos",
        "nr",
        "art",
        "arts",
        "sec",
        "vs",
        "mr",
        "mrs",
        "ms",
        "dr",
        "st",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "approx",
        "fig",
        "para",
        "par",
        "bijv",
        "bv",
        "incl",
        "excl",
        "jl",
        "enz",
        "evt",
        "resp",
        "ca",
        "zgn",
        "mln",
        "mld",
        "dhr",
        "mevr",
        "blz",
        "pag",
        "ivm",
        "tav",
        "mbt",
    }
)
_BOUNDARY = re.compile(r"[.!?…]+[\"'”’)\]]*\s+")
_STARTS_SENTENCE = re.compile(r"[\"'“‘(\[]*[A-Z0-9À-ÖØ-Þ•*-]")


@dataclass(frozen=True, slots=True)
class Span:
    """A piece of the text and where it starts; ``text == source[start:start + len(text)]``."""

    start: int
    text: str

    @property
    def end(self) -> int:
        """Offset just after the span."""
        return self.start + len(self.text)


def paragraphs(text: str) -> list[Span]:
    """The paragraphs of a normalised text (separated by blank lines)."""
    result, offset = [], 0
    for part in text.split(PARAGRAPH_BREAK):
        stripped = part.strip()
        if stripped:
            result.append(Span(offset + part.index(stripped), stripped))
        offset += len(part) + len(PARAGRAPH_BREAK)
    return result


_SECTION_NUMBER = re.compile(r"\d+(?:\.\d+)+|[ivxlc]+|\d+")


def _ends_with_abbreviation(before: str) -> bool:
    """Whether the full stop ending ``before`` belongs to a word rather than ending a sentence."""
    words = before.split()
    word = words[-1].rstrip(".!?…\"'”’)]").lstrip("(\"'“‘[").lower() if words else ""
    if len(words) == 1 and _SECTION_NUMBER.fullmatch(word):
        return True  # "1.2. Terms of Service", "iv. Retention": a numbered heading, not a sentence
    if re.fullmatch(r"\d+(?:\.\d+)+", word):
        return True  # "see 3.4. Information about …"
    last = word.rsplit(".", 1)[-1]
    return word in _ABBREVIATIONS or (len(last) == 1 and last.isalpha())


def sentences(paragraph: str, offset: int = 0) -> Iterator[Span]:
    """The sentences of one paragraph, with offsets shifted by ``offset``.

    A boundary is terminal punctuation followed by whitespace and something that can start a
    sentence (a capital, a digit, a quote, a bullet), unless the word before it is a known
    abbreviation or a single letter (initials, "U.S.", "e.g.", "o.a.").
    """
    start = 0
    for match in _BOUNDARY.finditer(paragraph):
        rest = paragraph[match.end() :]
        if not _STARTS_SENTENCE.match(rest):
            continue
        if _ends_with_abbreviation(paragraph[start : match.start() + 1]):
            continue
        piece = paragraph[start : match.end()].rstrip()
        if piece:
            yield Span(offset + start, piece)
        start = match.end()
    piece = paragraph[start:].rstrip()
    if piece:
        yield Span(offset + start, piece)


def all_sentences(text: str) -> Iterator[tuple[int, Span]]:
    """Every sentence of ``text`` with the index of its paragraph."""
    for index, paragraph in enumerate(paragraphs(text)):
        for sentence in sentences(paragraph.text, paragraph.start):
            yield index, sentence
