"""Key terms per criterion and language (``criteria/key-terms.yaml``), for the strict quote audit.

A quote that mentions none of its criterion's terms in any language is probably about something
else; keeping the terms as data lets a reviewer add a word without touching code.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from criteria.load import CRITERIA_ROOT, CatalogueError, parse, read_yaml
from criteria.model import Catalogue

KEY_TERMS_FILE = CRITERIA_ROOT / "key-terms.yaml"
Term = Annotated[str, StringConstraints(min_length=2, strip_whitespace=True)]


class Terms(BaseModel):
    """The terms of one criterion in each language we serve."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    en: Annotated[tuple[Term, ...], Field(min_length=1)]
    nl: Annotated[tuple[Term, ...], Field(min_length=1)]
    de: tuple[Term, ...] = ()
    """German, for German vendors' own documents (quoted in the language they are written in)."""

    def found_in(self, text: str) -> bool:
        """Whether ``text`` contains any term of any language (case-insensitive, word parts)."""
        lowered = text.casefold()
        return any(term.casefold() in lowered for term in (*self.en, *self.nl, *self.de))


class KeyTermsFile(BaseModel):
    """The whole file: criterion id → terms."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    criteria: Mapping[str, Terms]


def load_key_terms(catalogue: Catalogue, path: Path = KEY_TERMS_FILE) -> dict[str, Terms]:
    """Terms for every criterion of the catalogue.

    Raises:
        CatalogueError: the file is broken, names an unknown criterion or misses one (file and key named).
    """
    data = parse(KeyTermsFile, read_yaml(path), path)
    known = {c.id for c in catalogue.criteria}
    for criterion_id in data.criteria:
        if criterion_id not in known:
            raise CatalogueError(path, f"criteria.{criterion_id}", "unknown criterion")
    missing = sorted(known - set(data.criteria))
    if missing:
        raise CatalogueError(path, "criteria", f"criteria without key terms: {missing}")
    return dict(data.criteria)
