"""Import Open Terms Archive declarations into our document declarations.

Open Terms Archive (OTA) maintains CSS selectors for thousands of legal pages; reusing them saves
us guessing at page structure. Their format (``{"name", "terms": {type: {"fetch", "select",
"remove", ...}}}`` plus ``<name>.history.json`` with ``validUntil``) is validated here with
errors that name the file and the OTA key, then mapped onto :class:`DocumentDeclaration`.

What does not carry over is reported, not dropped silently: OTA terms types we have no document
type for are listed in ``skipped``, and features we do not implement (JavaScript ``filter``
functions, ``executeClientScripts``) become ``warnings``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    AliasChoices,
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    RootModel,
    model_validator,
)

from criteria.load import CatalogueError, parse
from scrapers.declarations import (
    DocumentDeclaration,
    DocumentType,
    Selectors,
    SourceDeclaration,
    check_references,
    http_url,
)

OTA_TYPES: Mapping[str, DocumentType] = {
    "Privacy Policy": DocumentType.PRIVACY_POLICY,
    "Business Privacy Policy": DocumentType.PRIVACY_POLICY,
    "Terms of Service": DocumentType.TERMS,
    "Commercial Terms": DocumentType.TERMS,
    "Data Processor Agreement": DocumentType.PROCESSOR_AGREEMENT,
    "Law Enforcement Guidelines": DocumentType.TRUST_PAGE,
    "Vulnerability Disclosure Policy": DocumentType.TRUST_PAGE,
}
"""OTA terms types we watch; the rest (imprint, community guidelines, …) says nothing we score."""

OTA_KNOWN_TYPES = frozenset(
    {
        "Terms of Service",
        "Privacy Policy",
        "Imprint",
        "Trackers Policy",
        "Developer Terms",
        "Community Guidelines",
        "Deceased Users",
        "Acceptable Use Policy",
        "Restricted Use Policy",
        "Commercial Terms",
        "Copyright Claims Policy",
        "Law Enforcement Guidelines",
        "Human Rights Policy",
        "In-App Purchases Policy",
        "Review Guidelines",
        "Brand Guidelines",
        "Quality Guidelines",
        "Data Controller Agreement",
        "Data Processor Agreement",
        "User Consent Policy",
        "Closed Captioning Policy",
        "Seller Warranty",
        "Single Sign-On Policy",
        "Vulnerability Disclosure Policy",
        "Live Policy",
        "Complaints Policy",
        "Conditions of Carriage",
        "General Conditions of Sale",
        "Marketplace Buyers Conditions",
        "Marketplace Sellers Conditions",
        "Ranking Parameters Description",
        "Premium Partner Conditions",
        "Platform to Business Notice",
        "Business Mediation Policy",
        "Business Privacy Policy",
        "Editorial Policy",
    }
)
"""OTA's terms types (OpenTermsArchive/terms-types, termsTypes.json); any other name is a typo.

When OTA adds a type, add it here: until then, declarations using it fail loudly rather than
being skipped as "a type we do not watch".
"""

CRITERIA_BY_TYPE: Mapping[DocumentType, tuple[str, ...]] = {
    DocumentType.PRIVACY_POLICY: (
        "eu-storage",
        "encryption",
        "retention-management",
        "vendor-data-use",
        "cloud-backups",
        "metadata-minimisation",
    ),
    DocumentType.TERMS: ("processor-agreement", "eu-storage", "vendor-data-use"),
    DocumentType.PROCESSOR_AGREEMENT: (
        "processor-agreement",
        "eu-storage",
        "vendor-data-use",
        "retention-management",
    ),
    DocumentType.DATA_TRANSFER_ADDENDUM: ("eu-storage", "processor-agreement"),
    DocumentType.SECURITY_WHITEPAPER: (
        "encryption",
        "account-security",
        "cloud-backups",
        "metadata-minimisation",
        "openness-audits",
    ),
    DocumentType.TRUST_PAGE: (
        "openness-audits",
        "eu-storage",
        "hosting-control",
        "metadata-minimisation",
    ),
    DocumentType.HELP_PAGE: (
        "central-control",
        "retention-management",
        "forwarding-controls",
        "account-security",
    ),
}
"""What an imported document bears on by default; OTA declarations say nothing about criteria."""


class _Ota(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class OtaSourceDocument(_Ota):
    """One fetched page in OTA's format."""

    fetch: Annotated[str, AfterValidator(http_url)]
    select: Selectors = ()
    remove: Selectors = ()
    filter: tuple[str, ...] = ()
    executeClientScripts: bool = False  # OTA's camelCase keys are kept, so errors name them


class OtaTerms(_Ota):
    """One terms type: a single page (``fetch``) or several pages recorded as one (``combine``).

    Selectors given beside ``combine`` apply to every combined page; we watch each page as a
    document of its own.
    """

    fetch: Annotated[str, AfterValidator(http_url)] | None = None
    combine: Annotated[tuple[OtaSourceDocument, ...], Field(min_length=1)] | None = None
    select: Selectors = ()
    remove: Selectors = ()
    filter: tuple[str, ...] = ()
    executeClientScripts: bool = False

    @model_validator(mode="after")
    def _fetch_or_combine(self) -> OtaTerms:
        if (self.fetch is None) == (self.combine is None):
            raise ValueError("expected exactly one of fetch or combine")
        return self


class OtaService(_Ota):
    """A service declaration file (``<Service>.json``)."""

    name: Annotated[str, Field(min_length=1)]
    terms: Annotated[
        dict[str, OtaTerms], Field(validation_alias=AliasChoices("terms", "documents"))
    ]
    """``documents`` in declarations written for OTA engine versions before the rename to ``terms``."""
    importedFrom: str | None = None


class OtaHistoricTerms(OtaTerms):
    """An earlier declaration of a terms type, valid for snapshots fetched before ``validUntil``."""

    validUntil: AwareDatetime


class OtaHistory(RootModel[dict[str, tuple[OtaHistoricTerms, ...]]]):
    """A history file (``<Service>.history.json``): earlier declarations per terms type."""

    model_config = ConfigDict(frozen=True)


@dataclass(frozen=True, slots=True)
class HistoricalDeclaration:
    """A declaration that applied to snapshots fetched before ``valid_until``.

    Re-extracting an old snapshot must use the selectors that were right when it was fetched,
    or a page redesign would read as the vendor rewriting its terms.
    """

    document: DocumentDeclaration
    valid_until: datetime


@dataclass(frozen=True, slots=True)
class OtaImport:
    """The result of importing one OTA service, with everything that did not carry over."""

    source: SourceDeclaration
    history: tuple[HistoricalDeclaration, ...]
    skipped: tuple[str, ...]
    """OTA terms types left out, each with the reason."""
    warnings: tuple[str, ...]


def slug(text: str) -> str:
    """``"Privacy Policy"`` → ``privacy-policy``: OTA names become our ids."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _read_json(path: Path) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise CatalogueError(path, "", f"cannot read file ({exc.strerror})") from exc
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise CatalogueError(
            path, f"line {exc.lineno} column {exc.colno}", f"not valid JSON: {exc.msg}"
        ) from exc


def _documents(
    terms_type: str,
    terms: OtaTerms,
    doc_type: DocumentType,
    criteria: tuple[str, ...],
    key: str,
    path: Path,
) -> tuple[list[DocumentDeclaration], list[str]]:
    """Map one OTA terms entry to one document per fetched page, plus warnings."""
    base = slug(terms_type)
    pages: list[tuple[str, OtaSourceDocument | OtaTerms, str]]
    if terms.combine is not None:
        pages = [
            (f"{base}-{i + 1}", page, f"{key}.combine[{i}]") for i, page in enumerate(terms.combine)
        ]
    else:
        pages = [(base, terms, key)]
    documents, warnings = [], []
    for doc_id, page, page_key in pages:
        shared = terms if page is not terms else None
        select = page.select or (shared.select if shared else ())
        remove = (shared.remove if shared else ()) + page.remove
        filters = (shared.filter if shared else ()) + page.filter
        if filters:
            warnings.append(
                f"{path}: {page_key}: OTA filters {list(filters)} are JavaScript functions we do not run"
            )
        if page.executeClientScripts or (shared is not None and shared.executeClientScripts):
            warnings.append(
                f"{path}: {page_key}: the page needs client-side scripts; we fetch plain HTML, so the selectors may match nothing"
            )
        data = {
            "id": doc_id,
            "url": page.fetch,
            "type": doc_type,
            "select": select,
            "remove": remove,
            "criteria": criteria,
        }
        documents.append(parse(DocumentDeclaration, data, path, page_key))
    return documents, warnings


class UnknownTermsType(Exception):
    """A terms type that is not in OTA's list; the caller turns it into a CatalogueError with the key."""


def _type_and_criteria(
    terms_type: str,
    overrides: Mapping[str, DocumentType],
    criterion_ids: Collection[str],
) -> tuple[DocumentType, tuple[str, ...]] | str:
    """Our type and default criteria for an OTA terms type, or the reason it is skipped.

    Raises:
        UnknownTermsType: the name is not an OTA terms type at all.
    """
    doc_type = overrides.get(terms_type) or OTA_TYPES.get(terms_type)
    if doc_type is None and terms_type not in OTA_KNOWN_TYPES:
        raise UnknownTermsType(terms_type)
    if doc_type is None:
        return f"{terms_type}: no msgcompare document type for this OTA terms type"
    criteria = tuple(c for c in CRITERIA_BY_TYPE[doc_type] if c in criterion_ids)
    if not criteria:
        return f"{terms_type}: none of the criteria a {doc_type} bears on are known"
    return doc_type, criteria


def _mapped(
    terms_type: str,
    overrides: Mapping[str, DocumentType],
    criterion_ids: Collection[str],
    path: Path,
    key: str,
) -> tuple[DocumentType, tuple[str, ...]] | str:
    try:
        return _type_and_criteria(terms_type, overrides, criterion_ids)
    except UnknownTermsType as exc:
        raise CatalogueError(path, key, f"unknown OTA terms type {terms_type!r}") from exc


def import_ota(
    path: Path,
    criterion_ids: Collection[str],
    *,
    product_id: str | None = None,
    type_overrides: Mapping[str, DocumentType] | None = None,
) -> OtaImport:
    """Read ``<Service>.json`` (and ``<Service>.history.json`` beside it, if present).

    ``product_id`` defaults to the slug of the OTA service name; pass ours when they differ
    (OTA's "WhatsApp" is our ``whatsapp-business-app``).

    Raises:
        CatalogueError: the JSON is malformed or a key is wrong, naming the file and the OTA key.
    """
    overrides = dict(type_overrides or {})
    service = parse(OtaService, _read_json(path), path)
    documents: list[DocumentDeclaration] = []
    skipped: list[str] = []
    warnings: list[str] = []
    for terms_type, terms in service.terms.items():
        mapped = _mapped(terms_type, overrides, criterion_ids, path, f"terms.{terms_type}")
        if isinstance(mapped, str):
            skipped.append(mapped)
            continue
        docs, notes = _documents(terms_type, terms, *mapped, f"terms.{terms_type}", path)
        documents.extend(docs)
        warnings.extend(notes)
    if not documents:
        raise CatalogueError(path, "terms", f"no terms type we watch; skipped: {skipped}")
    source = parse(
        SourceDeclaration,
        {"product_id": product_id or slug(service.name), "documents": documents},
        path,
    )
    check_references(source, path, criterion_ids)
    history_path = path.with_name(f"{path.stem}.history.json")
    history = (
        _import_history(history_path, overrides, criterion_ids) if history_path.exists() else ()
    )
    return OtaImport(
        source=source, history=history, skipped=tuple(skipped), warnings=tuple(warnings)
    )


def _import_history(
    path: Path, overrides: Mapping[str, DocumentType], criterion_ids: Collection[str]
) -> tuple[HistoricalDeclaration, ...]:
    """Earlier declarations from a history file, for types we watch."""
    history = parse(OtaHistory, _read_json(path), path)
    result: list[HistoricalDeclaration] = []
    for terms_type, entries in history.root.items():
        mapped = _mapped(terms_type, overrides, criterion_ids, path, terms_type)
        if isinstance(mapped, str):
            continue
        for i, entry in enumerate(entries):
            docs, _ = _documents(terms_type, entry, *mapped, f"{terms_type}[{i}]", path)
            result.extend(
                HistoricalDeclaration(document=doc, valid_until=entry.validUntil) for doc in docs
            )
    return tuple(result)
