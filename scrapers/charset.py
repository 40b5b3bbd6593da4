"""Decide how a page's bytes become text: byte-order mark, then header, then ``<meta charset>``.

Browsers treat ``iso-8859-1`` and ``us-ascii`` as windows-1252 (WHATWG Encoding Standard), and
vendors' older pages rely on that for curly quotes and dashes; we do the same so quotes come out
as the vendor's readers saw them.

Policy for broken input (documented in :func:`decode`): decoding is strict. Evidence quotes must
be the vendor's words, so a page whose bytes do not fit its declared charset is an error naming
the charset and the byte offset, never text with replacement characters in it.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

FALLBACK = "utf-8"

_META = re.compile(
    rb"""<meta[^>]+?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""",
    re.IGNORECASE,
)
_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_WHATWG_ALIASES = {
    "iso-8859-1": "windows-1252",
    "iso8859-1": "windows-1252",
    "latin1": "windows-1252",
    "latin-1": "windows-1252",
    "l1": "windows-1252",
    "us-ascii": "windows-1252",
    "ascii": "windows-1252",
    "cp1252": "windows-1252",
}


@dataclass(frozen=True, slots=True)
class Charset:
    """The charset chosen for a body and where it came from (for error messages)."""

    name: str
    source: str  # "header" | "bom" | "meta" | "fallback"
    ignored: tuple[str, ...] = ()
    """Labels the page declared that name no text encoding we know (``rot13``, typos), skipped."""


def is_text_encoding(label: str) -> bool:
    """Whether ``label`` names a codec that turns bytes into text (``rot13`` and ``zlib`` do not)."""
    try:
        codec = codecs.lookup(label)
    except LookupError:
        return False
    return bool(getattr(codec, "_is_text_encoding", True))


def canonical(label: str) -> str:
    """Normalise a charset label the way browsers do (``ISO-8859-1`` → ``windows-1252``)."""
    label = label.strip().strip("\"'").lower()
    return _WHATWG_ALIASES.get(label, label)


def detect(body: bytes, header_charset: str | None) -> Charset:
    """The charset to decode ``body`` with: BOM, header, ``<meta>`` in the first 4 KiB, UTF-8.

    A byte-order mark wins over the header, as in the HTML standard: it is part of the bytes,
    while the header is often a server default nobody chose.
    An unknown label (header or meta) is skipped and recorded in ``ignored``, so the next source
    decides and the caller can report what the vendor declared.
    """
    for bom, name in _BOMS:
        if body.startswith(bom):
            return Charset(name, "bom")
    ignored: list[str] = []
    if header_charset:
        label = canonical(header_charset)
        if is_text_encoding(label):
            return Charset(label, "header")
        ignored.append(label[:40])
    match = _META.search(body[:4096])
    if match:
        label = canonical(match.group(1).decode("ascii"))
        if is_text_encoding(label):
            return Charset(label, "meta", tuple(ignored))
        ignored.append(label[:40])
    return Charset(FALLBACK, "fallback", tuple(ignored))


class CharsetProblem(Exception):
    """The bytes cannot be decoded as the charset says; the message names both."""


def decode(body: bytes, charset: str) -> str:
    """Decode strictly, dropping a leading byte-order mark.

    Raises:
        CharsetProblem: the charset is unknown, or a byte sequence is invalid in it.
    """
    if not is_text_encoding(charset):
        raise CharsetProblem(f"unknown charset {charset!r}")
    try:
        text = body.decode(codecs.lookup(charset).name)
    except UnicodeDecodeError as exc:
        raise CharsetProblem(
            f"bytes at offset {exc.start} are not valid {charset} ({body[exc.start : exc.start + 4]!r})"
        ) from exc
    return text.removeprefix("\ufeff")
