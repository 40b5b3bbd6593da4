"""Reduce a fetched page to the document's text, normalised so that re-styling is not a change.

The kept part is chosen by the declaration's ``select`` (CSS selectors and OTA-style ranges)
minus ``remove``; scripts, styles and hidden elements never count. Block elements become
paragraphs separated by blank lines and all other whitespace collapses to single spaces, so a
vendor moving text between ``<div>``\\s, adding classes or re-indenting its HTML produces the same
text, while any change in wording does not.

Errors are specific on purpose: "the selector matched nothing" means our declaration needs
fixing, "the page is empty" may be a vendor outage, and neither may look like the vendor
deleting a clause.
"""

from __future__ import annotations

import bisect
import hashlib
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from bs4 import BeautifulSoup
from bs4.element import (
    CData,
    Comment,
    Declaration,
    Doctype,
    NavigableString,
    PageElement,
    ProcessingInstruction,
    Tag,
)

from scrapers import charset
from scrapers.declarations import DocumentDeclaration, RangeSelector
from scrapers.sentences import PARAGRAPH_BREAK

EXTRACTOR_VERSION = 1
"""Bump when normalisation changes (block tags, whitespace, hidden elements): re-extraction by a
new extractor, like a declaration change (``declaration_hash``), is technical, not the vendor's."""

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
BLOCK_TAGS = frozenset(
    {
        "address",
        "article",
        "aside",
        "blockquote",
        "body",
        "br",
        "caption",
        "dd",
        "details",
        "dialog",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "html",
        "legend",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "tbody",
        "tfoot",
        "thead",
        "tr",
        "ul",
    }
)
NEVER_TEXT = frozenset(
    {"head", "script", "style", "noscript", "template", "svg", "math", "iframe", "object", "canvas"}
)
_NOT_TEXT = (Comment, Doctype, CData, Declaration, ProcessingInstruction)
_INVISIBLE = str.maketrans("", "", "\u00ad\u200b\u200c\u200d\u2060\ufeff")


class ExtractError(Exception):
    """The document's text could not be taken from a snapshot; the message says why and where."""

    def __init__(self, url: str, reason: str) -> None:
        super().__init__(f"{url}: {reason}")
        self.url, self.reason = url, reason


class SelectorNoMatch(ExtractError):
    """The page changed shape: a reviewer must fix the declaration, not the facts.

    ``where`` says which part of the declaration failed (``select``, or the start or end of a
    range in ``select`` or ``remove``), so the message points at the one selector to fix.
    """

    def __init__(self, url: str, selector: str, where: str = "") -> None:
        prefix = f"{where}: " if where else ""
        super().__init__(url, f'{prefix}the selector "{selector}" has no match in the page')
        self.selector = selector
        self.where = where


class EmptyContent(ExtractError):
    """The page or the selected part holds no text (outage page, client-side rendering)."""


class NotHtml(ExtractError):
    """The body is not a document at all (binary data, or "HTML" without markup)."""


class CharsetError(ExtractError):
    """The bytes do not decode in the charset the page declares."""


@dataclass(frozen=True, slots=True)
class Extract:
    """The normalised text of one document version: paragraphs, in page order."""

    paragraphs: tuple[str, ...]

    @property
    def text(self) -> str:
        """Paragraphs separated by blank lines: the form that is stored and diffed."""
        return PARAGRAPH_BREAK.join(self.paragraphs)

    @property
    def sha256(self) -> str:
        """Hash of :attr:`text`, to tell whether two versions differ without comparing them."""
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()

    @classmethod
    def from_text(cls, text: str) -> Extract:
        """Rebuild an extract from its stored :attr:`text`."""
        return cls(tuple(p for p in (_collapse(part) for part in text.split(PARAGRAPH_BREAK)) if p))


def _collapse(text: str) -> str:
    return " ".join(text.translate(_INVISIBLE).split())


def extract(
    body: bytes,
    document: DocumentDeclaration,
    *,
    url: str,
    content_type: str = "text/html",
    charset_name: str = charset.FALLBACK,
) -> Extract:
    """Reduce a page to the passages a reviewer compares over time.

    ``url`` is only used in error messages (the snapshot's final URL). Markdown and plain text
    are split on blank lines; they cannot be narrowed with selectors.

    Raises:
        EmptyContent: the body, or what the selectors kept, has no text.
        NotHtml: the body is binary or has no markup although it claims to be HTML.
        CharsetError: the body does not decode in ``charset_name``.
        SelectorNoMatch: a ``select`` selector, or either end of a range in ``select`` or
            ``remove``, matched nothing; the message names the selector and which end.
        ExtractError: selectors are declared for a Markdown or plain-text document.
    """
    if not body.strip():
        raise EmptyContent(url, "the response body is empty")
    if b"\x00" in body[:4096] and not charset_name.startswith("utf-16"):
        raise NotHtml(url, "the body is binary data, not text")
    try:
        text = charset.decode(body, charset_name)
    except charset.CharsetProblem as exc:
        raise CharsetError(url, str(exc)) from exc
    if content_type not in HTML_TYPES:
        if document.select or document.remove:
            raise ExtractError(
                url, f"selectors need an HTML page, but the response is {content_type}"
            )
        return _non_empty(url, Extract.from_text(text.replace("\r\n", "\n")), "the text")
    if "<" not in text or ">" not in text:
        raise NotHtml(url, "the body claims to be HTML but contains no markup")
    soup = BeautifulSoup(text, "lxml")
    if soup.find(True) is None:
        raise NotHtml(url, "no HTML elements could be parsed from the body")
    return _non_empty(
        url, Extract(tuple(_paragraphs(soup, document, url))), _describe(document.select)
    )


def _non_empty(url: str, result: Extract, what: str) -> Extract:
    if not result.paragraphs:
        raise EmptyContent(url, f"{what} is empty (it holds no text)")
    return result


def _describe(selectors: Sequence[str | RangeSelector]) -> str:
    if not selectors:
        return "the page"
    return "the selection " + ", ".join(
        f'"{s}"' if isinstance(s, str) else f'"{s.describe()}"' for s in selectors
    )


class _Positions:
    """Document-order positions of every node, so selections and ranges become intervals."""

    def __init__(self, soup: BeautifulSoup) -> None:
        self.index = {id(node): i for i, node in enumerate(soup.descendants)}
        self.size = len(self.index)

    def span(self, tag: Tag) -> tuple[int, int]:
        """``[first, last + 1)`` over the tag and all its descendants."""
        last: PageElement = tag
        while isinstance(last, Tag) and last.contents:
            last = last.contents[-1]
        return self.index[id(tag)], self.index[id(last)] + 1


def _spans(
    soup: BeautifulSoup,
    selectors: Sequence[str | RangeSelector],
    positions: _Positions,
    url: str,
    *,
    required: bool,
) -> list[tuple[int, int]]:
    """Intervals covered by ``selectors``.

    A CSS selector without a match fails only when ``required`` (``select``): a ``remove``
    selector for a cookie banner that is not shown today is normal. A range fails whenever
    either end is missing, in ``remove`` too, as in Open Terms Archive: a remove-range whose
    start is gone would otherwise silently leave the text it was meant to cut.
    """
    key = "select" if required else "remove"
    spans: list[tuple[int, int]] = []
    for selector in selectors:
        if isinstance(selector, str):
            matches = soup.select(selector)
            if not matches and required:
                raise SelectorNoMatch(url, selector, f"{key} {selector}")
            spans.extend(positions.span(tag) for tag in matches)
            continue
        start_tag = _range_end(soup, selector, "start", key, url)
        end_tag = _range_end(soup, selector, "end", key, url)
        start_span, end_span = positions.span(start_tag), positions.span(end_tag)
        start = start_span[0] if selector.start_before else start_span[1]
        end = end_span[0] if selector.end_before else end_span[1]
        if end <= start and required:
            raise EmptyContent(
                url,
                f"the {key} range {selector.describe()} is empty (its end comes before its start)",
            )
        spans.append((start, end))
    return _merge(spans)


def _range_end(
    soup: BeautifulSoup, selector: RangeSelector, which: str, key: str, url: str
) -> Tag:
    """The element one end of a range points at; a missing end is an error naming it."""
    css = selector.start if which == "start" else selector.end
    found = soup.select_one(css)
    if found is None:
        raise SelectorNoMatch(url, css, f"the {which} of the {key} range {selector.describe()}")
    return found


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(s for s in spans if s[1] > s[0]):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _inside(spans: list[tuple[int, int]], position: int) -> bool:
    i = bisect.bisect_right(spans, (position, sys.maxsize)) - 1
    return i >= 0 and spans[i][0] <= position < spans[i][1]


def _hidden(tag: Tag) -> bool:
    style = str(tag.get("style") or "").replace(" ", "").lower()
    return tag.has_attr("hidden") or "display:none" in style or tag.get("aria-hidden") == "true"


def _tokens(soup: BeautifulSoup) -> Iterator[Tag | NavigableString | None]:
    """Depth-first walk yielding text nodes, block tags, and None after each block closes."""
    stack: list[PageElement | None] = [soup]
    while stack:
        node = stack.pop()
        if node is None:
            yield None
            continue
        if isinstance(node, Tag):
            if node.name in NEVER_TEXT or _hidden(node):
                continue
            if node.name in BLOCK_TAGS:
                yield node
                stack.append(None)
            elif node.name in {"td", "th"}:
                yield NavigableString(" ")
            stack.extend(reversed(node.contents))
        elif isinstance(node, NavigableString) and not isinstance(node, _NOT_TEXT):
            yield node


def _paragraphs(soup: BeautifulSoup, document: DocumentDeclaration, url: str) -> Iterator[str]:
    positions = _Positions(soup)
    keep = (
        _spans(soup, document.select, positions, url, required=True)
        if document.select
        else [(0, positions.size)]
    )
    drop = _spans(soup, document.remove, positions, url, required=False)
    buffer: list[str] = []
    for token in _tokens(soup):
        if token is None or isinstance(token, Tag):
            paragraph = _collapse("".join(buffer))
            if paragraph:
                yield paragraph
            buffer.clear()
            continue
        position = positions.index.get(id(token))
        if position is None:  # the cell separator we made up; keep it only between kept text
            if buffer:
                buffer.append(str(token))
            continue
        if _inside(keep, position) and not _inside(drop, position):
            buffer.append(str(token))
    paragraph = _collapse("".join(buffer))
    if paragraph:
        yield paragraph
