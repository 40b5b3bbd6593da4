"""Page 1 of the report: the answer a procurement file needs, before any table.

The question, the profile and its must-haves, the verdict on WhatsApp Business (app, and the
Platform where the comparison includes it) with its reasons, the top three offers with verdicts,
score ranges and what each gains over WhatsApp, the sensitivity in one sentence, the date of the
data and a permalink pinned to that date. Everything comes from the overview and sensitivity
presenters (the same verdicts and top picks the pages show); nothing is judged again here.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from compare.exports.scope import Scope
from compare.exports.wording import translations

PLATFORM_OFFER = "whatsapp-business-platform"
"""The other WhatsApp offer a buyer may be weighing; its verdict is shown when it is compared."""
GAINS_SHOWN = 3


def gains(row: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The criteria where ``row`` scores most above the reference, biggest gain first."""
    versus = row.get("versus_reference")
    if not versus:
        return []
    gained = [c for c in versus["criteria"] if c["points"]["low"] > 0]
    gained.sort(key=lambda c: c["points"]["low"], reverse=True)
    return [
        {
            "title": c["title"],
            "level_label": c["level_label"],
            "reference_level_label": c["reference_level_label"],
            "points": c["points"]["low"],
        }
        for c in gained[:GAINS_SHOWN]
    ]


def verdict_summary(row: Mapping[str, Any]) -> dict[str, Any]:
    """An offer's verdict with its decisive reasons, for the page-1 boxes."""
    verdict = row["verdict"]
    return {
        "offer": row["offer"],
        "label": row["label"],
        "level": verdict["level"],
        "verdict": verdict["label"],
        "reasons": [{"text": r["text"], "gdpr": r["gdpr"]} for r in verdict["decisive"]],
        "measures": [m["title"] for m in verdict["measures"]],
        "score": row["display"]["text"],
        "coverage": row["coverage_text"],
    }


def sensitivity_sentence(
    sensitivity: Mapping[str, Any],
    language: str,
    recommended: str | None = None,
    ranking: Sequence[Mapping[str, Any]] = (),
) -> str:
    """How robust the recommendation is, in one or two sentences, or why that cannot be said.

    The sentence is about the first recommendation, not the score leader: when the leader is not
    recommended (its verdict is undetermined, say), a page that says "X stays first" next to "we
    recommend Y" reads as a contradiction, so that case names both and says why.
    """
    _ = translations(language).gettext
    distributions = sensitivity.get("distributions") or []
    if not distributions:
        return _("No offer meets the must-haves, so there is no leader whose position could be tested.")
    leader = distributions[0]
    pick = next((d for d in distributions if d["offer"] == recommended), None)
    if pick is None:
        return _(
            "%(leader)s stays first in %(share)s of %(samples)s plausible weightings around this profile."
        ) % {"leader": leader["label"], "share": leader["first_text"], "samples": sensitivity["samples_text"]}
    sentence = _(
        "%(pick)s, the first recommendation, is among the top three in %(top)s of %(samples)s plausible weightings around this profile (first in %(first)s)."
    ) % {"pick": pick["label"], "top": pick["top_text"], "first": pick["first_text"], "samples": sensitivity["samples_text"]}
    if leader["offer"] != pick["offer"]:
        verdict = next((r["verdict"]["label"] for r in ranking if r["offer"] == leader["offer"]), None)
        if verdict:
            sentence += " " + _(
                "%(leader)s is first more often (%(share)s) but is not recommended: its verdict is “%(verdict)s”."
            ) % {"leader": leader["label"], "share": leader["first_text"], "verdict": verdict}
    return sentence


def answer_document(
    field: Scope, sensitivity: Mapping[str, Any], permalink: str, data_day: str | None
) -> dict[str, Any]:
    """Everything page 1 says, from the whole field in view (not only the report's offers).

    ``permalink`` is the live comparison pinned to ``data_day`` (ISO date), which reproduces every
    number on the page; ``data_day`` is also shown as the date of the data.
    """
    _ = translations(field.language).gettext
    overview = field.overview
    profile = field.profile_document()
    reference = overview["reference"]
    platform = next((r for r in overview["ranking"] if r["offer"] == PLATFORM_OFFER), None)
    picks = []
    for row in overview["top_picks"]:
        summary = verdict_summary(row)
        versus = row.get("versus_reference")
        summary["difference"] = versus["difference"] if versus else None
        summary["gains"] = gains(row)
        summary["rank"] = row["rank"]
        picks.append(summary)
    musts = [
        {"title": c["title"], "minimum": c["must_have_label"]}
        for c in profile["criteria"]
        if c["must_have"]
    ]
    return {
        "question": _(
            "Which messaging channel can the organisation use instead of WhatsApp Business, and may it keep using WhatsApp Business?"
        ),
        "profile": profile["title"] + (f" ({profile['adjusted_label']})" if profile["adjusted_label"] else ""),
        "profile_description": profile["description"],
        "must_haves": musts,
        "reference": verdict_summary(reference) if reference else None,
        "reference_sentence": reference["sentence"] if reference else None,
        "platform": verdict_summary(platform) if platform and (not reference or platform["offer"] != reference["offer"]) else None,
        "recommendation": picks,
        "recommended": picks[0]["offer"] if picks else None,
        "sensitivity": sensitivity_sentence(
            sensitivity, field.language, picks[0]["offer"] if picks else None, overview["ranking"]
        ),
        "offers_compared": overview["counts"]["offers"],
        "data_day": data_day,
        "permalink": permalink,
    }
