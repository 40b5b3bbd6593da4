"""Words around a rule's match that cancel it: negations, conditions, and another subject.

A rule's pattern says what a claim looks like ("messages are end-to-end encrypted"); these cues
say when the sentence does not make that claim about this product: "not" or "niet" just before
it ("this information is not end-to-end encrypted"), a condition in the same clause ("unless",
"only if", "optional", "tenzij", "alleen als"), or a subject that is another product or a third
party ("Zoom Email is …", "third-party integrations …"). Words inside the match never count, so
a rule may spell its own negation ("we do not sell").

The cues are deliberately few and plain so a reviewer can check why a sentence was passed over;
:func:`why_not` returns that reason.
"""

from __future__ import annotations

import re

_CLAUSE = re.compile(r"[;:()\[\]–—]|,\s+(?:but|maar|however|echter)\b|\.\s")
_NEGATION = re.compile(
    r"\b(not|never|no|none|neither|nor|cannot|can't|won't|doesn't|don't|isn't|aren't|without|"
    r"niet|nooit|geen|zonder)\b[^,;]{0,40}$",
    re.IGNORECASE,
)
_CONDITION = re.compile(
    r"\b(unless|only if|only when|if you (enable|choose|turn on|opt|activate|switch on|sign(ed)? up)|"
    r"optional(ly)?|opt[- ]in|on request|except|excluding|tenzij|alleen als|alleen wanneer|indien (u|je)|"
    r"als (u|je) (dat )?(inschakelt|kiest|aanzet)|optioneel|op verzoek|behalve)\b",
    re.IGNORECASE,
)
_OTHER_SUBJECT = re.compile(
    r"\b(third[- ]party (services?|integrations?|apps?|email|calendars?)|"
    r"(?-i:[A-Z][a-z]+ (Email|Mail|Calendar|Drive|Docs|Passport|Workplace))|"
    r"diensten van derden|andere producten)\b",
    re.IGNORECASE,
)


def _clause(sentence: str, start: int, end: int) -> tuple[str, str]:
    """The text of the match's clause before and after the match."""
    before_cut = max((m.end() for m in _CLAUSE.finditer(sentence, 0, start)), default=0)
    after = _CLAUSE.search(sentence, end)
    return sentence[before_cut:start], sentence[end : after.start() if after else len(sentence)]


def why_not(sentence: str, start: int, end: int, *, conditional_level: bool) -> str | None:
    """Why the match at ``[start, end)`` in ``sentence`` is not a claim, or None when it stands.

    ``conditional_level``: the rule's level is itself the conditional reading (an *optional*
    feature, an EU *option*), so a condition confirms it rather than cancelling it.
    """
    before, after = _clause(sentence, start, end)
    negation = _NEGATION.search(before)
    if negation:
        return f"negated by {negation.group(1)!r}"
    if not conditional_level:
        for part in (before, after):
            condition = _CONDITION.search(part)
            if condition:
                return f"conditional ({condition.group(0)!r})"
    other = _OTHER_SUBJECT.search(sentence[:start])
    if other:
        return f"about another subject ({other.group(0)!r})"
    return None


def confidence(sentence: str, start: int, end: int) -> float:
    """How sure a reviewer can be that the sentence says what the rule reads, from 0 to 1.

    High for a short sentence whose match covers much of it; lower for long sentences (lists,
    legal boilerplate) where the match is a small part and context may change its meaning, and
    for matches inside a parenthesis or list-like text.
    """
    words = len(sentence.split())
    score = 0.95
    if words > 45:
        score -= 0.25
    elif words > 25:
        score -= 0.1
    if sentence[:start].count("(") > sentence[:start].count(")"):
        score -= 0.2
    if (end - start) < 15:
        score -= 0.1
    return round(max(0.1, min(1.0, score)), 2)
