"""The labelled extraction corpus is well-formed, and no trap yields a critical false claim."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from criteria.evidence_rules import RuleBook
from scrapers.evidence import find_evidence, propose

CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "extraction"
CRITICAL = {
    ("encryption", "e2ee-default"),
    ("eu-storage", "eu-only"),
    ("processor-agreement", "standard-dpa"),
    ("processor-agreement", "negotiable-dpa"),
}


def passages(part: str) -> list[dict[str, Any]]:
    data: list[dict[str, Any]] = yaml.safe_load((CORPUS / f"{part}.yaml").read_text(encoding="utf-8"))
    return data


def test_corpus_size_vendors_languages_and_traps() -> None:
    everything = passages("development") + passages("held-back")
    assert len(everything) >= 80
    assert len({p["vendor"] for p in everything}) >= 15
    assert {p["language"] for p in everything} == {"en", "nl"}
    assert sum("trap" in p for p in everything) >= 30
    assert len({p["id"] for p in everything}) == len(everything)
    for passage in everything:
        assert passage["source"]
        assert passage["url"].startswith(("https://", "http://"))
        assert passage["date"]
        assert bool(passage["labels"]) != ("trap" in passage), passage["id"]


def test_labels_name_real_criteria_and_levels(rule_book: RuleBook) -> None:
    for passage in passages("development") + passages("held-back"):
        for label in passage["labels"]:
            assert label["level"] in rule_book.levels[label["criterion"]], passage["id"]


@pytest.mark.parametrize("part", ["development", "held-back"])
def test_no_trap_yields_a_critical_claim(part: str, rule_book: RuleBook) -> None:
    """No false "end-to-end encrypted by default", "EU only" or "signable DPA" from a trap."""
    claims = []
    for passage in passages(part):
        if "trap" not in passage:
            continue
        for draft in propose(find_evidence(passage["text"], rule_book), {}, {}, rule_book):
            if (draft.criterion_id, draft.level_id) in CRITICAL:
                claims.append((passage["id"], draft.criterion_id, draft.level_id))
    assert claims == []
