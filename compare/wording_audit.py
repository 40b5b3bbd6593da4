"""Finds reader-facing data strings that a Dutch page would show in English, or not at all.

The UI catalogue is checked entry by entry, but most of what a reader sees comes from data: criteria,
levels, verdict rules, mitigations, risks, profiles and each product's explanations. Those texts are
``{en: ..., nl: ...}`` mappings in YAML, so a missing or copied Dutch text slips through Babel. A few
product fields are plain strings shown on every product page (the vendor's legal name); they may hold
names only, because a sentence there would be English on a Dutch page.

Kept free of Flask so the command line, the tests and a reviewer's script all use the same rules.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

LANGUAGES = frozenset({"en", "nl"})
# A copied text is only suspicious when it is a phrase: product names and codes read the same in both.
MIN_WORDS_FOR_COPY = 3
# Plain-string product fields that pages show verbatim: names only, no prose.
NAME_ONLY_FIELDS = ("vendor_company",)
# Lower-case words that legal names legitimately contain ("Signal Technology Foundation" has none,
# "Slack Technologies, LLC" none; Dutch and French forms do).
NAME_PARTICLES = frozenset({"de", "van", "der", "den", "du", "la", "le", "des", "of", "and", "und", "et"})
PROSE_WORD = re.compile(r"(?<![\w.-])[a-z][a-z-]{1,}(?![\w.])")


@dataclass(frozen=True)
class WordingProblem:
    """One data string a reader would see untranslated: where it is and what is wrong."""

    path: Path
    key: str
    problem: str

    def __str__(self) -> str:
        return f"{self.path}: {self.key}: {self.problem}"


def audit_files(paths: Iterable[Path]) -> list[WordingProblem]:
    """Every problem in the given YAML files, in file order; unreadable YAML is itself a problem."""
    problems: list[WordingProblem] = []
    for path in paths:
        try:
            document = yaml.safe_load(path.read_text(encoding="utf-8"))
        except (OSError, yaml.YAMLError) as exc:
            problems.append(WordingProblem(path, "(file)", f"cannot be read: {exc}"))
            continue
        problems.extend(_localised_problems(path, document, ""))
        if isinstance(document, dict):
            problems.extend(_name_field_problems(path, document))
    return problems


def data_files(*roots: Path) -> list[Path]:
    """The YAML files under ``roots`` that hold reader-facing text, in a stable order."""
    return sorted(path for root in roots for path in root.rglob("*.yaml"))


def _localised_problems(path: Path, node: Any, key: str) -> Iterator[WordingProblem]:
    if isinstance(node, dict):
        if "en" in node and set(node) <= LANGUAGES:
            # Lists (the scrapers' patterns per language) are matched, never shown.
            if not any(isinstance(value, list) for value in node.values()):
                yield from _check_pair(path, key, node)
            return
        for child_key, child in node.items():
            yield from _localised_problems(path, child, f"{key}.{child_key}" if key else str(child_key))
    elif isinstance(node, list):
        for index, child in enumerate(node):
            yield from _localised_problems(path, child, f"{key}[{index}]")


def _check_pair(path: Path, key: str, pair: dict[str, Any]) -> Iterator[WordingProblem]:
    english, dutch = pair.get("en"), pair.get("nl")
    if not isinstance(dutch, str) or not dutch.strip():
        yield WordingProblem(path, key, "no Dutch text")
    elif isinstance(english, str) and _same(english, dutch) and len(english.split()) >= MIN_WORDS_FOR_COPY:
        yield WordingProblem(path, key, f"Dutch text is the English one: {english[:60]!r}")
    if not isinstance(english, str) or not english.strip():
        yield WordingProblem(path, key, "no English text")


def _name_field_problems(path: Path, document: dict[str, Any]) -> Iterator[WordingProblem]:
    for field in NAME_ONLY_FIELDS:
        value = document.get(field)
        if not isinstance(value, str):
            continue
        prose = [word for word in PROSE_WORD.findall(value) if word not in NAME_PARTICLES]
        if prose:
            yield WordingProblem(
                path, field, f"shown on pages as is, so names only; prose words would stay English: {', '.join(prose)}"
            )


def _same(english: str, dutch: str) -> bool:
    return " ".join(english.split()) == " ".join(dutch.split())
