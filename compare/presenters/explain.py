"""Plain-language reasons why one offer scores lower than another, from their contributions.

The sentences use the printed (rounded) parts of the two ranking rows, so every number in them can
be found in the breakdown table on the same page. Differences are listed largest first, in both
directions: a reader must also see where the lower-ranked offer does better.
"""

from __future__ import annotations

from typing import Any

from compare.i18n import number, translator

MAX_DIFFERENCES = 5
NEGLIGIBLE = 0.05


def _level_phrase(part: dict[str, Any], language: str) -> str:
    _ = translator(language).gettext
    if part["status"] == "verified" and part["level_label"]:
        return f"“{part['level_label']}”"
    if part["level_label"]:
        return _("“%(level)s” (unverified, counted at the lowest level)") % {"level": part["level_label"]}
    return _("no verified fact (counted at the lowest level)")


def why_lower(upper: dict[str, Any], lower: dict[str, Any], language: str) -> list[str]:
    """Sentences explaining why ``lower`` ranks below ``upper`` (two ranking-row documents)."""
    _ = translator(language).gettext
    a, b = upper["label"], lower["label"]
    sentences: list[str] = []
    if lower["standing"] != upper["standing"] and lower["reasons"]:
        if lower["standing"] == "knocked-out":
            template = _("%(b)s is knocked out by a must-have (%(reasons)s), so it ranks below %(a)s whatever its score.")
        else:
            template = _("%(b)s cannot be judged on a must-have yet (%(reasons)s), so it ranks below %(a)s until that is verified.")
        sentences.append(template % {"a": a, "b": b, "reasons": "; ".join(lower["reasons"])})
    gap = upper["display"]["low"] - lower["display"]["low"]
    values = {
        "a": a,
        "b": b,
        "gap": number(abs(gap), language),
        "a_score": number(upper["display"]["low"], language),
        "b_score": number(lower["display"]["low"], language),
    }
    if abs(gap) < NEGLIGIBLE:
        sentences.append(_("%(b)s and %(a)s have the same guaranteed score (%(a_score)s).") % values)
    elif gap > 0:
        sentences.append(_("The guaranteed score of %(b)s is %(gap)s points lower than that of %(a)s (%(b_score)s against %(a_score)s).") % values)
    else:
        sentences.append(_("The guaranteed score of %(b)s is %(gap)s points higher than that of %(a)s (%(b_score)s against %(a_score)s).") % values)

    lower_parts = {part["criterion"]: part for part in lower["contributions"]}
    differences = []
    for part in upper["contributions"]:
        other = lower_parts.get(part["criterion"])
        if other is None:
            continue
        difference = part["display"]["low"] - other["display"]["low"]
        if abs(difference) >= NEGLIGIBLE:
            differences.append((difference, part, other))
    differences.sort(key=lambda item: (-abs(item[0]), item[1]["criterion"]))
    for difference, part, other in differences[:MAX_DIFFERENCES]:
        values = {
            "a": a,
            "b": b,
            "criterion": part["title"],
            "a_level": _level_phrase(part, language),
            "b_level": _level_phrase(other, language),
            "points": number(abs(difference), language),
        }
        if difference > 0:
            template = _("%(criterion)s: %(a)s has %(a_level)s and %(b)s has %(b_level)s; %(points)s points in favour of %(a)s.")
        else:
            template = _("%(criterion)s: %(b)s does better with %(b_level)s against %(a_level)s; %(points)s points in favour of %(b)s.")
        sentences.append(template % values)
    if len(differences) > MAX_DIFFERENCES:
        sentences.append(
            _("%(count)s smaller differences are in the breakdown table.") % {"count": len(differences) - MAX_DIFFERENCES}
        )

    if lower["display"]["high"] > lower["display"]["low"]:
        values = {"a": a, "b": b, "high": number(lower["display"]["high"], language), "a_score": number(upper["display"]["low"], language)}
        if lower["display"]["high"] > upper["display"]["low"]:
            sentences.append(
                _("If every fact not yet verified for %(b)s turned out at the best level, it could reach %(high)s, more than the %(a_score)s guaranteed for %(a)s: verifying those facts could change the order.")
                % values
            )
        else:
            sentences.append(
                _("Even if every fact not yet verified for %(b)s turned out at the best level, it would reach %(high)s, not the %(a_score)s guaranteed for %(a)s.")
                % values
            )
    return sentences
