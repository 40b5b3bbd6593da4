"""What changed between two versions of a document, paragraph by paragraph and sentence by sentence.

Paragraphs are aligned first (difflib); a removed paragraph and an added one that share most of
their words are paired as one *changed* paragraph, whose sentences are then compared, so a
reviewer sees "this sentence in §8 was rewritten" rather than a page of red and green. The
result is pure data: a list of changes, side-by-side rows, a unified text form and a JSON form.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Literal

from scrapers.sentences import PARAGRAPH_BREAK, sentences

PAIRING_CUTOFF = 0.5
"""Share of words two paragraphs must have in common to count as one paragraph, changed."""


class ChangeKind(StrEnum):
    """What happened to a paragraph."""

    ADDED = "added"
    REMOVED = "removed"
    CHANGED = "changed"


@dataclass(frozen=True, slots=True)
class Segment:
    """A sentence of a changed paragraph: kept, added or removed."""

    op: Literal["equal", "added", "removed"]
    text: str


@dataclass(frozen=True, slots=True)
class Change:
    """One paragraph added, removed or changed; indexes are paragraph numbers (from 0)."""

    kind: ChangeKind
    before: str | None
    after: str | None
    before_index: int | None
    after_index: int | None
    segments: tuple[Segment, ...]

    @property
    def removed_sentences(self) -> tuple[str, ...]:
        """Sentences no longer in the document."""
        return tuple(s.text for s in self.segments if s.op == "removed")

    @property
    def added_sentences(self) -> tuple[str, ...]:
        """Sentences new in the document."""
        return tuple(s.text for s in self.segments if s.op == "added")

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "kind": self.kind.value,
            "before": self.before,
            "after": self.after,
            "before_index": self.before_index,
            "after_index": self.after_index,
            "segments": [{"op": s.op, "text": s.text} for s in self.segments],
        }


RowKind = Literal["equal", "added", "removed", "changed", "skipped"]


@dataclass(frozen=True, slots=True)
class Row:
    """One line of a side-by-side view; ``skipped`` rows stand for unchanged paragraphs left out."""

    kind: RowKind
    before: str | None
    after: str | None
    before_index: int | None
    after_index: int | None
    skipped: int = 0
    change: Change | None = None


@dataclass(frozen=True, slots=True)
class _Step:
    kind: Literal["equal", "added", "removed", "changed"]
    i: int | None
    j: int | None


def _words(text: str) -> list[str]:
    return text.lower().split()


def _align(a: list[str], b: list[str], a0: int, b0: int) -> list[_Step]:
    """Pair the most similar paragraphs of a replaced block, recursively (as ``difflib.ndiff``)."""
    if not a or not b:
        return [_Step("removed", a0 + i, None) for i in range(len(a))] + [
            _Step("added", None, b0 + j) for j in range(len(b))
        ]
    matcher = difflib.SequenceMatcher(None, autojunk=False)
    words_a = [_words(p) for p in a]
    best, best_i, best_j = PAIRING_CUTOFF, -1, -1
    for j, paragraph in enumerate(b):
        matcher.set_seq2(_words(paragraph))
        for i, words in enumerate(words_a):
            matcher.set_seq1(words)
            if (
                matcher.real_quick_ratio() > best
                and matcher.quick_ratio() > best
                and matcher.ratio() > best
            ):
                best, best_i, best_j = matcher.ratio(), i, j
    if best_i < 0:
        return _align(a, [], a0, b0) + _align([], b, a0, b0)
    return [
        *_align(a[:best_i], b[:best_j], a0, b0),
        _Step("changed", a0 + best_i, b0 + best_j),
        *_align(a[best_i + 1 :], b[best_j + 1 :], a0 + best_i + 1, b0 + best_j + 1),
    ]


def _segments(before: str | None, after: str | None) -> tuple[Segment, ...]:
    """Sentence-level difference inside one paragraph."""
    old = [s.text for s in sentences(before)] if before else []
    new = [s.text for s in sentences(after)] if after else []
    result: list[Segment] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(
        None, old, new, autojunk=False
    ).get_opcodes():
        if tag == "equal":
            result.extend(Segment("equal", s) for s in old[i1:i2])
            continue
        result.extend(Segment("removed", s) for s in old[i1:i2])
        result.extend(Segment("added", s) for s in new[j1:j2])
    return tuple(result)


@dataclass(frozen=True, slots=True)
class TextDiff:
    """The difference between two extracted texts."""

    before: tuple[str, ...]
    after: tuple[str, ...]
    changes: tuple[Change, ...]
    steps: tuple[_Step, ...]

    @property
    def changed(self) -> bool:
        """Whether the texts differ at all."""
        return bool(self.changes)

    def summary(self) -> dict[str, int]:
        """How many paragraphs were added, removed and changed."""
        return {kind.value: sum(c.kind is kind for c in self.changes) for kind in ChangeKind}

    def rows(self, context: int | None = 1) -> list[Row]:
        """Side-by-side rows; runs of unchanged paragraphs beyond ``context`` collapse to one row."""
        changes = iter(self.changes)
        full: list[Row] = []
        for step in self.steps:
            before = self.before[step.i] if step.i is not None else None
            after = self.after[step.j] if step.j is not None else None
            change = None if step.kind == "equal" else next(changes)
            full.append(Row(step.kind, before, after, step.i, step.j, change=change))
        if context is None:
            return full
        near = {k for k, row in enumerate(full) if row.kind != "equal"}
        keep = {k for k in range(len(full)) if any(abs(k - n) <= context for n in near)}
        rows: list[Row] = []
        for k, row in enumerate(full):
            if k in keep:
                rows.append(row)
            elif rows and rows[-1].kind == "skipped":
                last = rows[-1]
                rows[-1] = Row(
                    "skipped", None, None, last.before_index, last.after_index, last.skipped + 1
                )
            else:
                rows.append(Row("skipped", None, None, row.before_index, row.after_index, 1))
        return rows

    def unified(self, context: int = 1) -> str:
        """A unified-diff-like text: ``-`` old paragraph, ``+`` new paragraph, ``…`` skipped."""
        lines: list[str] = []
        for row in self.rows(context):
            if row.kind == "skipped":
                lines.append(f"… {row.skipped} unchanged paragraph{'s' if row.skipped > 1 else ''}")
            elif row.kind == "equal":
                lines.append(f"  {row.after}")
            else:
                if row.before is not None:
                    lines.append(f"- {row.before}")
                if row.after is not None:
                    lines.append(f"+ {row.after}")
        return "\n".join(lines)

    def to_dict(self, context: int = 1) -> dict[str, Any]:
        """JSON-ready form: summary, changes, and side-by-side rows with ``context``."""
        return {
            "changed": self.changed,
            "summary": self.summary(),
            "changes": [c.to_dict() for c in self.changes],
            "rows": [
                {
                    "kind": r.kind,
                    "before": r.before,
                    "after": r.after,
                    "before_index": r.before_index,
                    "after_index": r.after_index,
                    **({"skipped": r.skipped} if r.kind == "skipped" else {}),
                }
                for r in self.rows(context)
            ],
        }


def diff(before_text: str, after_text: str) -> TextDiff:
    """Compare two extracted texts (paragraphs separated by blank lines)."""
    old = [p for p in before_text.split(PARAGRAPH_BREAK) if p.strip()]
    new = [p for p in after_text.split(PARAGRAPH_BREAK) if p.strip()]
    steps: list[_Step] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(
        None, old, new, autojunk=False
    ).get_opcodes():
        if tag == "equal":
            steps.extend(_Step("equal", i1 + k, j1 + k) for k in range(i2 - i1))
        else:
            steps.extend(_align(old[i1:i2], new[j1:j2], i1, j1))
    changes = []
    for step in steps:
        if step.kind == "equal":
            continue
        before = old[step.i] if step.i is not None else None
        after = new[step.j] if step.j is not None else None
        changes.append(
            Change(ChangeKind(step.kind), before, after, step.i, step.j, _segments(before, after))
        )
    return TextDiff(tuple(old), tuple(new), tuple(changes), tuple(steps))
