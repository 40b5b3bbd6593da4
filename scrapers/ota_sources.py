"""Turn Open Terms Archive declaration files into our source declaration files, without duplicates.

:func:`scrapers.ota.import_ota` reads one OTA service; this module decides what an import would
*change* in ``scrapers/sources/``: which documents are new for which product, which are already
watched (same id, or same URL with the same selectors), and which must be refused because our
extractor cannot honour them (OTA ``filter`` functions are JavaScript we do not run, and
``executeClientScripts`` pages are rendered in a browser while we fetch plain HTML: importing
them would watch a page that never holds the text). A plan is shown before anything is written
(``--dry-run``), and writing only appends to a product's file, so hand-written comments stay.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from criteria.load import CatalogueError, parse, read_yaml
from scrapers.declarations import (
    DocumentDeclaration,
    SourceDeclaration,
    check_references,
    declaration_hash,
    load_source,
    selector_data,
)
from scrapers.ota import HistoricalDeclaration, OtaService, _read_json, import_ota, slug

HISTORY_SUFFIX = ".history.json"


@dataclass(frozen=True, slots=True)
class Addition:
    """A document the import would add to a product's declaration file."""

    product_id: str
    document: DocumentDeclaration
    origin: str
    """``<file>: terms.<type>``: where the OTA declaration came from, written as a comment."""
    history: tuple[HistoricalDeclaration, ...] = ()
    """Earlier OTA declarations of this document, written as comments beside it: re-extracting an
    old snapshot needs the selectors that were right when it was fetched."""


@dataclass(slots=True)
class ImportPlan:
    """What importing some OTA declaration files would do; nothing is written until :func:`apply`."""

    additions: list[Addition] = field(default_factory=list)
    already: list[str] = field(default_factory=list)
    """Documents left out because the product already watches them."""
    refused: list[str] = field(default_factory=list)
    """Documents or files refused, each with the reason."""
    skipped: list[str] = field(default_factory=list)
    """OTA terms types we have no document type for."""
    history: list[str] = field(default_factory=list)
    """Earlier declarations read from ``.history.json`` files, per document."""


def declaration_files(path: Path) -> list[Path]:
    """``path`` itself, or every ``*.json`` declaration in the folder (history files excluded).

    Raises:
        CatalogueError: the path does not exist, is a history file, or the folder has no declarations.
    """
    if path.is_dir():
        files = sorted(p for p in path.glob("*.json") if not p.name.endswith(HISTORY_SUFFIX))
        if not files:
            raise CatalogueError(path, "", "no Open Terms Archive declarations (*.json) in this folder")
        return files
    if not path.is_file():
        raise CatalogueError(path, "", "no such file or folder")
    if path.name.endswith(HISTORY_SUFFIX):
        raise CatalogueError(
            path, "", "this is a history file; import the declaration beside it instead"
        )
    return [path]


def load_mapping(path: Path) -> dict[str, str]:
    """A YAML mapping from OTA service names to our product ids (``WhatsApp: whatsapp-business-app``).

    Raises:
        CatalogueError: not a mapping of names to strings, naming the key.
    """
    data = read_yaml(path)
    if not isinstance(data, dict):
        raise CatalogueError(path, "", "expected a mapping of OTA service names to product ids")
    for key, value in data.items():
        if not isinstance(value, str) or not value:
            raise CatalogueError(path, str(key), f"expected a product id, found {value!r}")
    return {str(k): str(v) for k, v in data.items()}


def _service_name(path: Path) -> str:
    data = _read_json(path)
    name = data.get("name") if isinstance(data, dict) else None
    return name if isinstance(name, str) and name else path.stem


def _unsupported(path: Path, key: str, terms: object) -> str | None:
    """Why our extractor cannot honour this OTA terms entry, or None."""
    pages = getattr(terms, "combine", None) or ()
    scripts = getattr(terms, "executeClientScripts", False) or any(
        p.executeClientScripts for p in pages
    )
    filters = tuple(getattr(terms, "filter", ())) + tuple(f for p in pages for f in p.filter)
    if scripts:
        return (
            f"{path}: {key}: refused: executeClientScripts is set, the page is only complete "
            "after running its scripts in a browser, and msgcompare fetches plain HTML"
        )
    if filters:
        return (
            f"{path}: {key}: refused: the filters {list(filters)} are JavaScript functions "
            "msgcompare does not run, so the text would differ from what the selectors promise"
        )
    return None


def _existing(root: Path, product_id: str, criterion_ids: Collection[str]) -> SourceDeclaration | None:
    target = root / f"{product_id}.yaml"
    return load_source(target, criterion_ids) if target.exists() else None


def _same(a: DocumentDeclaration, b: DocumentDeclaration) -> bool:
    return a.id == b.id or (a.url == b.url and declaration_hash(a) == declaration_hash(b))


def plan_import(
    path: Path,
    criterion_ids: Collection[str],
    root: Path,
    *,
    product_ids: Collection[str],
    product: str | None = None,
    mapping: Mapping[str, str] | None = None,
) -> ImportPlan:
    """What importing ``path`` (one declaration or a folder of them) into ``root`` would change.

    Each service maps to ``product``, else to ``mapping[service name]``, else to the slug of
    its name; the product must be one of ``product_ids``. A file that does not parse or maps to
    an unknown product is refused as a whole; everything else is decided per document.

    Raises:
        CatalogueError: ``path`` holds no declarations, or ``product`` is given for a folder
            with several services.
    """
    files = declaration_files(path)
    if product is not None and len(files) > 1:
        raise CatalogueError(
            path, "", f"--product maps one service; this folder holds {len(files)} (use a mapping file)"
        )
    plan = ImportPlan()
    planned: dict[str, list[DocumentDeclaration]] = {}
    for file in files:
        try:
            name = _service_name(file)
            product_id = product or (mapping or {}).get(name) or slug(name)
            if product_id not in product_ids:
                plan.refused.append(
                    f"{file}: service {name!r} maps to product {product_id!r}, which is not in "
                    "data/products; pass --product or a mapping file"
                )
                continue
            result = import_ota(file, criterion_ids, product_id=product_id)
            service = OtaService.model_validate(_read_json(file))
            existing = _existing(root, product_id, criterion_ids)
        except CatalogueError as exc:
            plan.refused.append(f"{exc} (the whole file is refused)")
            continue
        plan.skipped.extend(f"{file}: {reason}" for reason in result.skipped)
        refused_types = {
            terms_type: reason
            for terms_type, terms in service.terms.items()
            if (reason := _unsupported(file, f"terms.{terms_type}", terms)) is not None
        }
        plan.refused.extend(refused_types.values())
        refused_ids = {slug(t) for t in refused_types}
        known = list(existing.documents if existing else ()) + planned.get(product_id, [])
        for document in result.source.documents:
            if document.id in refused_ids or document.id.rsplit("-", 1)[0] in refused_ids:
                continue
            if any(_same(document, other) for other in known):
                plan.already.append(f"{product_id}/{document.id}: already declared ({document.url})")
                continue
            known.append(document)
            planned.setdefault(product_id, []).append(document)
            earlier = tuple(h for h in result.history if h.document.id == document.id)
            plan.additions.append(
                Addition(
                    product_id,
                    document,
                    f"{file.name}: terms.{_terms_type(service, document)}",
                    earlier,
                )
            )
        plan.history.extend(
            f"{product_id}/{h.document.id}: earlier selectors valid until {h.valid_until.isoformat()}"
            for h in result.history
        )
    return plan


def _terms_type(service: OtaService, document: DocumentDeclaration) -> str:
    for terms_type in service.terms:
        if document.id == slug(terms_type) or document.id.rsplit("-", 1)[0] == slug(terms_type):
            return terms_type
    return document.id


def _document_yaml(addition: Addition, today: str) -> str:
    data: dict[str, object] = {
        "id": addition.document.id,
        "url": addition.document.url,
        "type": addition.document.type.value,
    }
    if addition.document.select:
        data["select"] = [selector_data(s) for s in addition.document.select]
    if addition.document.remove:
        data["remove"] = [selector_data(s) for s in addition.document.remove]
    data["criteria"] = list(addition.document.criteria)
    body = yaml.safe_dump([data], sort_keys=False, allow_unicode=True, width=200)
    indented = "".join(f"  {line}\n" for line in body.splitlines())
    earlier = "".join(
        f"  # OTA history: until {h.valid_until.isoformat()} {h.document.url}"
        f" select {[selector_data(x) for x in h.document.select]}"
        f" remove {[selector_data(x) for x in h.document.remove]}\n"
        for h in addition.history
    )
    return f"  # imported from Open Terms Archive ({addition.origin}) on {today}\n{earlier}{indented}"


def apply(
    plan: ImportPlan, root: Path, criterion_ids: Collection[str], *, today: str
) -> list[Path]:
    """Append the planned documents to each product's file (created when missing); return the files.

    Each file is checked by loading it again before it replaces the old one, so a failed import
    never leaves a declaration that does not load.

    Raises:
        CatalogueError: the result would not load (the old file is kept).
    """
    by_product: dict[str, list[Addition]] = {}
    for addition in plan.additions:
        by_product.setdefault(addition.product_id, []).append(addition)
    written = []
    for product_id, additions in by_product.items():
        target = root / f"{product_id}.yaml"
        if target.exists():
            old = target.read_text(encoding="utf-8")
            text = old if old.endswith("\n") else old + "\n"
        else:
            text = (
                f"# Watched documents for {product_id}, imported from Open Terms Archive.\n"
                f"product_id: {product_id}\ndocuments:\n"
            )
        text += "".join(_document_yaml(a, today) for a in additions)
        staged = target.with_name(f".{target.name}.importing")
        staged.write_text(text, encoding="utf-8")
        try:
            checked = load_source_as(staged, product_id, criterion_ids)
            missing = {a.document.id for a in additions} - {d.id for d in checked.documents}
            if missing:
                raise CatalogueError(target, "documents", f"imported documents not found: {sorted(missing)}")
        except CatalogueError:
            staged.unlink()
            raise
        staged.replace(target)
        written.append(target)
    return written


def load_source_as(path: Path, product_id: str, criterion_ids: Collection[str]) -> SourceDeclaration:
    """Load a staged file as if it were ``<product_id>.yaml`` (its name differs while staged)."""
    final = path.with_name(f"{product_id}.yaml")
    source = parse(SourceDeclaration, read_yaml(path), final)
    if source.product_id != product_id:
        raise CatalogueError(final, "product_id", f"expected {product_id!r}, found {source.product_id!r}")
    check_references(source, final, criterion_ids)
    return source


def describe(plan: ImportPlan) -> Sequence[str]:
    """Lines for the terminal: additions first, then what was left out and why."""
    lines = [
        f"add     {a.product_id}/{a.document.id}: {a.document.type.value} {a.document.url} ({a.origin})"
        for a in plan.additions
    ]
    lines += [f"exists  {line}" for line in plan.already]
    lines += [f"refused {line}" for line in plan.refused]
    lines += [f"skipped {line}" for line in plan.skipped]
    lines += [f"history {line}" for line in plan.history]
    return lines
