"""Find evidence passages in a document's text and turn them into proposals for a reviewer.

The rules (``criteria/evidence-rules/*.yaml``) are applied sentence by sentence: a sentence that
matches a rule's pattern, and none of its ``unless`` patterns, becomes a candidate quoting that
sentence. :func:`propose` then picks one candidate per criterion and drafts a proposal only where
it differs from the current fact. Nothing here changes a fact: a person accepts or rejects.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from typing import Literal

from criteria.evidence_rules import FLAGS, EvidenceRule, RuleBook
from scrapers.qualifiers import confidence, why_not
from scrapers.sentences import all_sentences

MAX_QUOTE_WORDS = 60
HEADING_WORDS = 8
"""A "sentence" this short without closing punctuation is a heading: a poor quote, so skipped."""
_PLAIN_QUOTES = str.maketrans("‘’‚“”„*_", "'''\"\"\"  ")
"""Straight quotes, and Markdown emphasis as spaces (\"_Secret chats_ use\"): one character each."""
Language = Literal["en", "nl"]
Reason = Literal["new-evidence", "level-changed", "evidence-changed"]


@dataclass(frozen=True, slots=True)
class EvidenceCandidate:
    """A sentence suggesting a level; ``position`` is the character offset of the match in the text."""

    criterion_id: str
    level_id: str
    quote: str
    rule_id: str
    position: int
    language: Language
    confidence: float = 1.0
    """From :func:`scrapers.qualifiers.confidence`: lower for long or parenthetical sentences."""
    matched: str = ""
    """The words the rule's pattern matched, so the reviewer sees why the sentence was picked."""


@dataclass(frozen=True, slots=True)
class ProposalDraft:
    """A suggested update of one fact, with every candidate seen for its criterion."""

    criterion_id: str
    level_id: str
    quote: str
    rule_id: str
    position: int
    reason: Reason
    current_level: str | None
    current_quote: str | None
    candidates: tuple[EvidenceCandidate, ...]
    confidence: float = 1.0
    """The deciding candidate's confidence, lowered when other sentences suggest other levels."""
    matched: str = ""

    def explain(self) -> str:
        """One line for the reviewer: which rule, which words, how sure."""
        return f"rule {self.rule_id} matched \u201c{self.matched}\u201d (confidence {self.confidence:.0%})"


@dataclass(frozen=True, slots=True)
class _Compiled:
    criterion_id: str
    rule: EvidenceRule
    patterns: tuple[tuple[Language, re.Pattern[str]], ...]
    vetoes: tuple[re.Pattern[str], ...]
    anywhere: re.Pattern[str]
    """All patterns in one alternation, to find the few sentences worth checking one by one."""


def _compile(book: RuleBook, criteria: Collection[str] | None) -> list[_Compiled]:
    compiled = []
    for rules in book.criteria:
        if criteria is not None and rules.criterion not in criteria:
            continue
        for rule in rules.rules:
            english: list[tuple[Language, re.Pattern[str]]] = [
                ("en", re.compile(p, FLAGS)) for p in rule.patterns.en
            ]
            dutch: list[tuple[Language, re.Pattern[str]]] = [
                ("nl", re.compile(p, FLAGS)) for p in rule.patterns.nl
            ]
            vetoes = tuple(re.compile(p, FLAGS) for p in (*rule.unless.en, *rule.unless.nl))
            anywhere = re.compile(
                "|".join(f"(?:{p})" for p in (*rule.patterns.en, *rule.patterns.nl)), FLAGS
            )
            compiled.append(_Compiled(rules.criterion, rule, (*english, *dutch), vetoes, anywhere))
    return compiled


def trim_quote(sentence: str, start: int, end: int, max_words: int = MAX_QUOTE_WORDS) -> str:
    """The sentence, or a window of ``max_words`` words centred on ``[start, end)`` marked with "…"."""
    words = [(m.start(), m.end()) for m in re.finditer(r"\S+", sentence)]
    if len(words) <= max_words:
        return sentence
    first = next(i for i, (_, w_end) in enumerate(words) if w_end > start)
    last = max(i for i, (w_start, _) in enumerate(words) if w_start < max(end, start + 1))
    spare = max(0, max_words - (last - first + 1))
    lo = max(0, first - spare // 2)
    hi = min(len(words), lo + max_words)
    lo = max(0, hi - max_words)
    text = sentence[words[lo][0] : words[hi - 1][1]]
    return ("… " if lo > 0 else "") + text + (" …" if hi < len(words) else "")


def _is_heading(sentence: str) -> bool:
    """A title or heading: never evidence on its own, whatever words it holds.

    Short unpunctuated lines, and Markdown headings ("#### 4.2. End-to-End Encrypted Data") of
    any length, as archived documents keep them.
    """
    if sentence.lstrip().startswith("#"):
        return True
    return len(sentence.split()) <= HEADING_WORDS and not sentence.rstrip("\"'”’)]").endswith(
        (".", "!", "?", ":", ";")
    )


def find_evidence(
    text: str, book: RuleBook, criteria: Collection[str] | None = None
) -> list[EvidenceCandidate]:
    """Every (rule, sentence) match in ``text``, in text order; ``criteria`` limits the rules used.

    One sentence yields at most one candidate per rule, quoted verbatim (trimmed to about
    60 words around the match when longer). ``language`` on a candidate is the pattern list that
    matched first (English is tried first), not a guess at the document's language.
    """
    # Match against straight quotes so rules need not spell "can't" three ways; the translation
    # keeps every offset, and quotes are cut from the original text.
    probe = text.translate(_PLAIN_QUOTES)
    spans = [sentence for _, sentence in all_sentences(text)]
    starts = [sentence.start for sentence in spans]
    found: list[tuple[int, int, EvidenceCandidate]] = []
    for order, item in enumerate(_compile(book, criteria)):
        for index in sorted(_flagged(item.anywhere, probe, starts)):
            sentence = spans[index]
            if _is_heading(sentence.text):
                continue
            probe_sentence = probe[sentence.start : sentence.end]
            hit = _match(item, probe_sentence)
            if hit is None:
                continue
            language, match = hit
            candidate = EvidenceCandidate(
                criterion_id=item.criterion_id,
                level_id=item.rule.level,
                quote=trim_quote(sentence.text, match.start(), match.end()),
                rule_id=item.rule.id,
                position=sentence.start + match.start(),
                language=language,
                confidence=confidence(probe_sentence, match.start(), match.end()),
                matched=sentence.text[match.start() : match.end()],
            )
            found.append((sentence.start, order, candidate))
    return [candidate for _, _, candidate in sorted(found, key=lambda f: (f[0], f[1]))]


def _flagged(pattern: re.Pattern[str], text: str, starts: list[int]) -> set[int]:
    """Indexes of sentences a match touches: every sentence holding a match is among them.

    A match found in the whole text may run past its sentence's end and hide a match that lies
    wholly inside the next sentence, so every sentence it overlaps is flagged for the exact check.
    """
    flagged: set[int] = set()
    for match in pattern.finditer(text):
        first = bisect.bisect_right(starts, match.start()) - 1
        last = bisect.bisect_right(starts, max(match.end() - 1, match.start())) - 1
        flagged.update(range(max(first, 0), last + 1))
    return flagged


def _match(item: _Compiled, sentence: str) -> tuple[Language, re.Match[str]] | None:
    """The first match in ``sentence`` that is a claim, unless a veto matches the sentence.

    A match that is negated, conditional or about another subject (see
    :func:`scrapers.qualifiers.why_not`) is passed over; a later match may still stand.
    """
    if any(veto.search(sentence) for veto in item.vetoes):
        return None
    for language, pattern in item.patterns:
        for match in pattern.finditer(sentence):
            if why_not(sentence, match.start(), match.end(), conditional_level=item.rule.conditional) is None:
                return language, match
    return None


def strongest(candidates: Iterable[EvidenceCandidate], book: RuleBook) -> EvidenceCandidate | None:
    """The candidate that decides a criterion, chosen deterministically.

    1. The level: the worst or best suggested level, as the criterion's rules file ``prefer``\\s
       (e.g. one sentence about US transfers outweighs any number about EU data centres).
    2. Among candidates for that level: the rule listed first in the file (rules are ordered
       most specific first), then the earliest position in the text.
    """
    pool = list(candidates)
    if not pool:
        return None
    criterion = pool[0].criterion_id
    rules = book.for_criterion(criterion)
    order = {rule.id: i for i, rule in enumerate(rules.rules)}
    ranks = {c.level_id: book.rank(criterion, c.level_id) for c in pool}
    target = (min if rules.prefer == "worst" else max)(ranks.values())
    return min(
        (c for c in pool if ranks[c.level_id] == target),
        key=lambda c: (order[c.rule_id], c.position),
    )


def _draft_confidence(best: EvidenceCandidate, pool: list[EvidenceCandidate]) -> float:
    """The deciding sentence's confidence, less 0.2 when other sentences disagree on the level."""
    disagree = any(c.level_id != best.level_id for c in pool)
    return round(max(0.1, best.confidence - (0.2 if disagree else 0.0)), 2)


def _normal(quote: str) -> str:
    """Compare quotes ignoring case, spacing, ellipses, quote marks and end punctuation."""
    text = quote.lower().replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    return " ".join(text.replace("…", " ").split()).strip(" .;:,\"'")


def _still_quoted(
    current_quote: str, level: str, candidates: Iterable[EvidenceCandidate], text: str | None
) -> bool:
    wanted = _normal(current_quote)
    if not wanted:
        return False
    if text is not None and wanted in _normal(text):
        return True
    return any(
        wanted in _normal(c.quote) or _normal(c.quote) in wanted
        for c in candidates
        if c.level_id == level
    )


def propose(
    candidates: Iterable[EvidenceCandidate],
    current_fact_level: Mapping[str, str | None],
    current_quote: Mapping[str, str | None],
    book: RuleBook,
    *,
    text: str | None = None,
) -> list[ProposalDraft]:
    """One draft per criterion whose evidence suggests a different level or different evidence.

    ``current_fact_level`` and ``current_quote`` hold the current fact per criterion id (None or
    missing: unknown). No draft is made when the strongest candidate (see :func:`strongest`)
    suggests the current level and the current quote still stands, i.e. it is found in a
    candidate for that level or, when ``text`` is given, anywhere in the document's text.
    A fact with a level but no quote gets an "evidence-changed" draft offering the quote.
    Criteria without candidates get no draft: a removed passage shows in the document diff.

    Pass only the facts whose evidence comes from this document: a quote from another page is
    never in this text and would always read as changed evidence. ``book`` gives each
    criterion's level order and preference, which decide the strongest candidate.
    """
    by_criterion: dict[str, list[EvidenceCandidate]] = {}
    for candidate in sorted(candidates, key=lambda c: (c.position, c.rule_id)):
        by_criterion.setdefault(candidate.criterion_id, []).append(candidate)
    drafts = []
    for criterion_id in sorted(by_criterion):
        pool = by_criterion[criterion_id]
        best = strongest(pool, book)
        if best is None:
            continue
        level = current_fact_level.get(criterion_id)
        quote = current_quote.get(criterion_id)
        reason: Reason
        if level is None:
            reason = "new-evidence"
        elif level != best.level_id:
            reason = "level-changed"
        elif quote and _still_quoted(quote, level, pool, text):
            continue
        else:
            reason = "evidence-changed"
        drafts.append(
            ProposalDraft(
                criterion_id=criterion_id,
                level_id=best.level_id,
                quote=best.quote,
                rule_id=best.rule_id,
                position=best.position,
                reason=reason,
                current_level=level,
                current_quote=quote,
                candidates=tuple(pool),
                confidence=_draft_confidence(best, pool),
                matched=best.matched,
            )
        )
    return drafts
