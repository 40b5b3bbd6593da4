"""Source declarations: which vendor pages we watch, what part of each page counts, and why.

Declarations are data (``scrapers/sources/<product-id>.yaml``), validated when loaded so that a
typo in a selector or a criterion id fails the load with the file and the key, instead of
silently watching nothing. Selectors follow Open Terms Archive's vocabulary (CSS selectors and
``startBefore``/``startAfter``/``endBefore``/``endAfter`` ranges) so their declarations import
unchanged.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Collection
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlsplit

import soupsieve
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    StringConstraints,
    Tag,
    model_validator,
)

from criteria.load import CatalogueError, parse, read_yaml
from criteria.model import Slug

SOURCES_ROOT = Path(__file__).resolve().parent / "sources"


class DocumentType(StrEnum):
    """Kinds of vendor document; the type tells a reviewer how much weight a passage carries."""

    PRIVACY_POLICY = "privacy-policy"
    PROCESSOR_AGREEMENT = "processor-agreement"
    TERMS = "terms"
    SECURITY_WHITEPAPER = "security-whitepaper"
    TRUST_PAGE = "trust-page"
    HELP_PAGE = "help-page"
    DATA_TRANSFER_ADDENDUM = "data-transfer-addendum"


def _css(selector: str) -> str:
    """Reject CSS that soupsieve cannot compile now, not at the first refresh weeks later."""
    try:
        soupsieve.compile(selector)
    except soupsieve.SelectorSyntaxError as exc:
        raise ValueError(f"invalid CSS selector {selector!r}: {str(exc).splitlines()[0]}") from exc
    return selector


CssSelector = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1), AfterValidator(_css)
]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)


class RangeSelector(_Frozen):
    """Everything between two elements, for pages that put several documents in one container.

    ``startBefore`` includes the start element, ``startAfter`` begins after it; likewise for the
    end. Exactly one start and one end must be given, as in Open Terms Archive.
    """

    start_before: CssSelector | None = Field(default=None, alias="startBefore")
    start_after: CssSelector | None = Field(default=None, alias="startAfter")
    end_before: CssSelector | None = Field(default=None, alias="endBefore")
    end_after: CssSelector | None = Field(default=None, alias="endAfter")

    @model_validator(mode="after")
    def _one_start_one_end(self) -> RangeSelector:
        if (self.start_before is None) == (self.start_after is None):
            raise ValueError("a range needs exactly one of startBefore / startAfter")
        if (self.end_before is None) == (self.end_after is None):
            raise ValueError("a range needs exactly one of endBefore / endAfter")
        return self

    @property
    def start(self) -> str:
        """The CSS selector of the element the range starts at."""
        return self.start_before or self.start_after or ""

    @property
    def end(self) -> str:
        """The CSS selector of the element the range ends at."""
        return self.end_before or self.end_after or ""

    def describe(self) -> str:
        """Human-readable form for error messages: ``startBefore #a … endBefore #b``."""
        start = (
            f"startBefore {self.start_before}"
            if self.start_before
            else f"startAfter {self.start_after}"
        )
        end = f"endBefore {self.end_before}" if self.end_before else f"endAfter {self.end_after}"
        return f"{start} … {end}"


def _selector_kind(value: Any) -> str | None:
    if isinstance(value, str):
        return "css"
    if isinstance(value, dict | RangeSelector):
        return "range"
    return None


Selector = Annotated[
    Annotated[CssSelector, Tag("css")] | Annotated[RangeSelector, Tag("range")],
    Discriminator(
        _selector_kind,
        custom_error_type="selector",
        custom_error_message="expected a CSS selector or a range {startBefore|startAfter, endBefore|endAfter}",
    ),
]


def _as_list(value: Any) -> Any:
    """OTA allows a single selector where a list is expected; so do we."""
    return [value] if isinstance(value, str | dict) else value


Selectors = Annotated[tuple[Selector, ...], BeforeValidator(_as_list)]


def http_url(value: str) -> str:
    """Accept only absolute http(s) URLs: the fetcher refuses every other scheme anyway."""
    parts = urlsplit(value)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise ValueError(f"expected an http(s) URL, found {value!r}")
    return value


class DocumentDeclaration(_Frozen):
    """One vendor document: where it lives, which part of the page is the document, what it is about."""

    id: Slug
    url: Annotated[str, StringConstraints(strip_whitespace=True), AfterValidator(http_url)]
    type: DocumentType
    select: Selectors = ()
    """What to keep; empty means the whole page (or the whole text for Markdown and plain text)."""
    remove: Selectors = ()
    """What to drop inside the kept part: navigation, cookie banners, "back to top" links."""
    criteria: Annotated[tuple[Slug, ...], Field(min_length=1)]
    edition: Slug | None = None
    """The product edition the document applies to, when a vendor has several (cloud vs self-hosted)."""


class SourceDeclaration(_Frozen):
    """Every document we watch for one product."""

    product_id: Slug
    documents: Annotated[tuple[DocumentDeclaration, ...], Field(min_length=1)]

    def document(self, document_id: str) -> DocumentDeclaration:
        """The document with this id.

        Raises:
            KeyError: the product declares no such document.
        """
        for document in self.documents:
            if document.id == document_id:
                return document
        raise KeyError(f"product {self.product_id!r} declares no document {document_id!r}")


def selector_data(selector: str | RangeSelector) -> str | dict[str, str]:
    """The declaration form of a selector (OTA's camelCase keys for ranges)."""
    if isinstance(selector, str):
        return selector
    return selector.model_dump(by_alias=True, exclude_none=True)


def declaration_hash(document: DocumentDeclaration) -> str:
    """A stable fingerprint of what our extractor does with a snapshot of this document.

    Only ``select`` and ``remove`` count: re-extracting the *same* snapshot can only give a
    different text when these change, so a new version whose snapshot is unchanged but whose
    hash differs is our doing ("technical"), never the vendor's. The URL, type and criteria do
    not change extraction and are left out on purpose.
    """
    payload = {
        "select": [selector_data(s) for s in document.select],
        "remove": [selector_data(s) for s in document.remove],
    }
    canonical = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def check_references(source: SourceDeclaration, path: Path, criterion_ids: Collection[str]) -> None:
    """Fail on unknown criteria and duplicate document ids, naming the key.

    Raises:
        CatalogueError: a criterion id is not in ``criterion_ids`` or a document id repeats.
    """
    seen: set[str] = set()
    for i, document in enumerate(source.documents):
        if document.id in seen:
            raise CatalogueError(
                path, f"documents[{i}].id", f"document {document.id!r} is declared twice"
            )
        seen.add(document.id)
        for j, criterion_id in enumerate(document.criteria):
            if criterion_id not in criterion_ids:
                raise CatalogueError(
                    path,
                    f"documents[{i}].criteria[{j}]",
                    f"unknown criterion {criterion_id!r}; known: {sorted(criterion_ids)}",
                )


def load_source(path: Path, criterion_ids: Collection[str]) -> SourceDeclaration:
    """One product's declaration file; its ``product_id`` must match the file name.

    Raises:
        CatalogueError: the file is unreadable, not YAML, or a key is wrong (named in the message).
    """
    source = parse(SourceDeclaration, read_yaml(path), path)
    if source.product_id != path.stem:
        raise CatalogueError(
            path,
            "product_id",
            f"product_id {source.product_id!r} does not match the file name ({path.stem!r})",
        )
    check_references(source, path, criterion_ids)
    return source


def load_sources(
    criterion_ids: Collection[str], root: Path = SOURCES_ROOT
) -> tuple[SourceDeclaration, ...]:
    """Every declaration in ``root``, in file-name order; the first bad file stops the load.

    Raises:
        CatalogueError: naming the first bad file and key, or the folder when it has no files.
    """
    paths = sorted(root.glob("*.yaml"))
    if not paths:
        raise CatalogueError(root, "", "no source declaration files found")
    return tuple(load_source(path, criterion_ids) for path in paths)
