"""How a vendor proves its level in a tender (``criteria/tender-evidence.yaml``), read and checked.

The requirements list (``compare.exports.requirements``) prints, beside every knock-out
requirement and award criterion, the kind of document that proves the level. A criterion
missing from the file would silently fall back to its description, and a misspelt id would
never be printed at all, so ``msgcompare criteria check`` holds the file against the catalogue.
"""

from __future__ import annotations

from pathlib import Path

from criteria.load import CRITERIA_ROOT, CatalogueError, parse, read_yaml
from criteria.model import Catalogue, Frozen, LocalizedText, Slug

TENDER_FILE = "tender-evidence.yaml"


class TenderEvidence(Frozen):
    """Per criterion id, the kind of document a vendor proves its level with, in English and Dutch."""

    evidence: dict[Slug, LocalizedText]


def read_tender_evidence(path: Path = CRITERIA_ROOT / TENDER_FILE) -> dict[str, LocalizedText]:
    """The file's entries, each with both languages (not yet held against a catalogue).

    Raises:
        CatalogueError: the file is missing, not YAML, or an entry lacks a language (naming the key).
    """
    return dict(parse(TenderEvidence, read_yaml(path), path).evidence)


def check_tender_evidence(evidence: dict[str, LocalizedText], catalogue: Catalogue, path: Path) -> None:
    """Every entry names a known criterion, and every criterion has an entry.

    Raises:
        CatalogueError: the first problem, naming the key.
    """
    known = [criterion.id for criterion in catalogue.criteria]
    for key in evidence:
        if key not in known:
            raise CatalogueError(path, f"evidence.{key}", f"unknown criterion {key!r}; known: {known}")
    missing = [criterion_id for criterion_id in known if criterion_id not in evidence]
    if missing:
        raise CatalogueError(path, "evidence", f"criteria without an entry: {missing}")


def load_tender_evidence(catalogue: Catalogue, root: Path = CRITERIA_ROOT) -> dict[str, LocalizedText]:
    """The file in ``root``, checked against ``catalogue``.

    Raises:
        CatalogueError: the file is missing, malformed, or does not match the catalogue.
    """
    path = root / TENDER_FILE
    evidence = read_tender_evidence(path)
    check_tender_evidence(evidence, catalogue, path)
    return evidence
