"""Measure the evidence extractors on the labelled corpus in tests/fixtures/extraction/.

    .venv/bin/python bench/extractors.py [--part development|held-back|both] [--misses]

Each passage (a verbatim excerpt of a real vendor document) is run through the same path a
refreshed document takes: ``find_evidence`` over its text, then ``propose`` with no current
facts, so every criterion with a candidate yields one proposal. A proposal is right when its
criterion and level match a label of the passage and its quote comes from the passage.

Printed per part, per criterion and overall:

- precision: right proposals / all proposals (traps included: any proposal on a trap is wrong);
- recall: labels met by a right proposal / all labels;
- false claims on traps, and among them the critical ones: end-to-end encryption by default,
  EU-only storage, or a signable processor agreement.

``--misses`` lists every wrong or missing proposal (of the development part only, unless the
held-back part is asked for explicitly: rule authors do not read it).

``--splitter pysbd`` runs the same measurement with the sentence splitter of the pysbd package
(rule-based, offline, English and Dutch; ``pip install pysbd``, not a project dependency) in
place of ``scrapers.sentences``, and then compares the two splitters on the real policies in
tests/fixtures/scrapers/policies: sentences found, boundaries that differ, and the median time
of five runs over all documents.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import scrapers.evidence  # noqa: E402
from criteria.evidence_rules import levels_of, load_evidence_rules  # noqa: E402
from criteria.load import load_catalogue  # noqa: E402
from scrapers.evidence import find_evidence, propose  # noqa: E402
from scrapers.sentences import Span, all_sentences, paragraphs  # noqa: E402

POLICIES = ROOT / "tests" / "fixtures" / "scrapers" / "policies"
Splitter = Callable[[str], Iterator[tuple[int, Span]]]

CORPUS = ROOT / "tests" / "fixtures" / "extraction"
CRITICAL = {
    ("encryption", "e2ee-default"),
    ("eu-storage", "eu-only"),
    ("processor-agreement", "standard-dpa"),
    ("processor-agreement", "negotiable-dpa"),
}
"""Claims a reader acts on at once: a false one here is worse than a missed one."""


@dataclass
class Tally:
    """Counts for one criterion (or all)."""

    proposals: int = 0
    right: int = 0
    labels: int = 0
    found: int = 0

    def precision(self) -> str:
        return f"{self.right / self.proposals:6.1%}" if self.proposals else "     –"

    def recall(self) -> str:
        return f"{self.found / self.labels:6.1%}" if self.labels else "     –"


def _normal(text: str) -> str:
    return " ".join(text.replace("…", " ").split()).strip()


def evaluate(passages: list[dict[str, Any]], book: Any) -> tuple[dict[str, Tally], list[str], Counter[str]]:
    """Tallies per criterion (key "all" for the total), the misses, and false claims on traps."""
    tallies: dict[str, Tally] = {"all": Tally()}
    misses: list[str] = []
    trap_claims: Counter[str] = Counter()
    for passage in passages:
        text = passage["text"]
        wanted = {(label["criterion"], label["level"]) for label in passage["labels"]}
        drafts = propose(find_evidence(text, book), {}, {}, book, text=text)
        met: set[tuple[str, str]] = set()
        for draft in drafts:
            key = (draft.criterion_id, draft.level_id)
            quoted = all(part.strip() in _normal(text) for part in _normal(draft.quote).split("…") if part.strip())
            right = key in wanted and quoted
            for name in ("all", draft.criterion_id):
                tally = tallies.setdefault(name, Tally())
                tally.proposals += 1
                tally.right += right
            if right:
                met.add(key)
            else:
                misses.append(f"wrong   {passage['id']}: {key[0]}={key[1]} (rule {draft.rule_id})")
            if "trap" in passage:
                trap_claims["critical" if key in CRITICAL else "other"] += 1
                trap_claims[f"{key[0]}={key[1]}"] += 1
        for key in wanted:
            for name in ("all", key[0]):
                tally = tallies.setdefault(name, Tally())
                tally.labels += 1
                tally.found += key in met
            if key not in met:
                misses.append(f"missed  {passage['id']}: {key[0]}={key[1]}")
    return tallies, misses, trap_claims


def load(part: str) -> list[dict[str, Any]]:
    """The passages of one part of the corpus."""
    data: list[dict[str, Any]] = yaml.safe_load((CORPUS / f"{part}.yaml").read_text(encoding="utf-8"))
    return data


def report(part: str, passages: list[dict[str, Any]], book: Any, *, misses: bool) -> None:
    """Print the table for one part."""
    tallies, missed, claims = evaluate(passages, book)
    traps = sum("trap" in p for p in passages)
    print(f"\n{part}: {len(passages)} passages ({traps} traps), {tallies['all'].labels} labels")
    print(f"  {'criterion':<24}{'proposals':>10}{'precision':>11}{'recall':>9}")
    for name in sorted(tallies, key=lambda n: (n == "all", n)):
        t = tallies[name]
        print(f"  {name:<24}{t.proposals:>10}{t.precision():>11}{t.recall():>9}")
    critical = claims.pop("critical", 0)
    other = claims.pop("other", 0)
    print(f"  false claims on traps: {critical + other} ({critical} critical: E2EE by default, EU-only, signable DPA)")
    for claim, count in sorted(claims.items()):
        print(f"    {claim}: {count}")
    if misses:
        for line in missed:
            print(f"    {line}")


def pysbd_sentences() -> Splitter:
    """``all_sentences`` with pysbd splitting each paragraph (Dutch rules where Dutch words show)."""
    import pysbd

    english = pysbd.Segmenter(language="en", clean=False, char_span=True)
    dutch = pysbd.Segmenter(language="nl", clean=False, char_span=True)

    def split(text: str) -> Iterator[tuple[int, Span]]:
        for index, paragraph in enumerate(paragraphs(text)):
            words = set(paragraph.text.lower().split())
            segmenter = dutch if len(words & {"de", "het", "een", "van", "en", "wij", "uw"}) >= 2 else english
            for piece in segmenter.segment(paragraph.text):
                stripped = piece.sent.rstrip()
                if stripped.strip():
                    yield index, Span(paragraph.start + piece.start, stripped)

    return split


def compare_splitters(other: Splitter) -> None:
    """Sentences found, differing boundaries and median time of both splitters on the policies."""
    documents = [p.read_text(encoding="utf-8") for p in sorted(POLICIES.glob("*/*/*.md"))]
    print(f"\nsplitters on {len(documents)} real policies (tests/fixtures/scrapers/policies):")
    starts: dict[str, set[tuple[int, int]]] = {}
    for name, split in (("rules", all_sentences), ("pysbd", other)):
        times = []
        for _ in range(5):
            began = time.perf_counter()
            found = {(i, span.start) for i, text in enumerate(documents) for _, span in split(text)}
            times.append(time.perf_counter() - began)
        starts[name] = found
        print(f"  {name:<6} {len(found):>6} sentences, median {statistics.median(times) * 1000:8.1f} ms")
    only_rules = len(starts["rules"] - starts["pysbd"])
    only_pysbd = len(starts["pysbd"] - starts["rules"])
    print(f"  boundaries only the rules find: {only_rules}; only pysbd finds: {only_pysbd}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--part", choices=["development", "held-back", "both"], default="both")
    parser.add_argument("--misses", action="store_true", help="list wrong and missing proposals")
    parser.add_argument("--splitter", choices=["rules", "pysbd"], default="rules")
    args = parser.parse_args()
    if args.splitter == "pysbd":
        scrapers.evidence.all_sentences = pysbd_sentences()  # type: ignore[assignment]
        print("sentence splitter: pysbd")
    catalogue = load_catalogue()
    book = load_evidence_rules(levels_of(catalogue))
    parts = ["development", "held-back"] if args.part == "both" else [args.part]
    for part in parts:
        show = args.misses and (part == "development" or args.part == "held-back")
        report(part, load(part), book, misses=show)
    if args.splitter == "pysbd":
        compare_splitters(scrapers.evidence.all_sentences)


if __name__ == "__main__":
    main()
