"""How robust a ranking is: rank probabilities under sampled weights, and weight thresholds."""

from __future__ import annotations

from typing import Any

from compare.i18n import number, percent, translator
from compare.presenters.overview import Filters, filters_document, top_pick_rows
from compare.presenters.profiles import ProfileChoice, profile_document
from compare.presenters.verdicts import judged, verdict_label
from compare.scoring.rank import ScoreSheet
from compare.scoring.sensitivity import RankDistribution, Sensitivity, WeightThreshold
from criteria.model import Catalogue

TOP = 3


def _threshold(item: WeightThreshold, labels: dict[str, str], catalogue: Catalogue, language: str) -> dict[str, Any]:
    _ = translator(language).gettext
    values = {
        "criterion": catalogue.criterion(item.criterion_id).title.get(language),
        "current": number(item.current_weight, language),
        "new": number(item.new_weight, language),
        "leader": labels[item.leader_id],
        "challenger": labels[item.challenger_id],
    }
    return {
        "leader": item.leader_id,
        "challenger": item.challenger_id,
        "challenger_label": labels[item.challenger_id],
        "criterion": item.criterion_id,
        "title": values["criterion"],
        "current_weight": round(item.current_weight, 6),
        "new_weight": round(item.new_weight, 6),
        "change": round(item.change, 6),
        "sentence": _("If the weight of %(criterion)s went from %(current)s to %(new)s, %(challenger)s would draw level with %(leader)s.")
        % values,
    }


def distribution_document(item: RankDistribution, label: str, language: str) -> dict[str, Any]:
    """One contender's rank probabilities, first place and top-``TOP`` share, and its 90 % rank interval."""
    first, top = item.first, item.top(TOP)
    low, high = item.interval
    return {
        "offer": item.offer_id,
        "label": label,
        "first": round(first, 6),
        "first_text": percent(first, language),
        "top": round(top, 6),
        "top_text": percent(top, language),
        "interval": [low, high],
        "interval_text": str(low) if low == high else f"{low}–{high}",
        # Most of a long ranking's probabilities are zero: round only the others.
        "probabilities": [round(p, 6) if p else 0.0 for p in item.probabilities],
    }


def _robustness(
    analysis: Sensitivity,
    sheet: ScoreSheet,
    catalogue: Catalogue,
    language: str,
    reference: str | None,
    labels: dict[str, str],
) -> list[str]:
    """The summary's first sentence: how robust the first recommendation is.

    The reader came to test the answer, and the answer is the first recommendation, not the score
    leader: when the leader is not recommended (not suitable, say), a page that opens with "X
    ranks first" under an overview that recommends Y reads as a contradiction, so it leads with Y
    and says why X is not the answer.
    """
    _ = translator(language).gettext
    if not analysis.distributions:
        return []
    samples = number(analysis.samples, language, 0)
    leader = analysis.distributions[0]
    verdicts = [judged(row, catalogue) for row in sheet.rows]
    picks = top_pick_rows([row.offer_id for row in sheet.rows], [v.level for v in verdicts], reference, count=1)
    pick_id = sheet.rows[picks[0]].offer_id if picks else None
    pick = next((d for d in analysis.distributions if d.offer_id == pick_id), None)
    if pick is None or pick.offer_id == leader.offer_id:
        return [
            _("%(leader)s ranks first in %(share)s of %(samples)s weightings drawn around this profile.")
            % {"leader": labels[leader.offer_id], "share": percent(leader.first, language), "samples": samples}
        ]
    sentence = _(
        "%(pick)s, the first recommendation, is among the top three in %(top)s of %(samples)s weightings drawn around this profile (first in %(first)s)."
    ) % {"pick": labels[pick.offer_id], "top": percent(pick.top(TOP), language), "first": percent(pick.first, language), "samples": samples}
    level = next(v.level for row, v in zip(sheet.rows, verdicts, strict=True) if row.offer_id == leader.offer_id)
    sentence += " " + _("%(leader)s is first more often (%(share)s) but is not recommended: its verdict is “%(verdict)s”.") % {
        "leader": labels[leader.offer_id],
        "share": percent(leader.first, language),
        "verdict": verdict_label(level, language),
    }
    return [sentence]


def sensitivity_document(
    analysis: Sensitivity,
    sheet: ScoreSheet,
    choice: ProfileChoice,
    filters: Filters,
    catalogue: Catalogue,
    language: str,
    limit: int | None = None,
    reference: str | None = None,
) -> dict[str, Any]:
    """Rank probabilities (contenders only) and the single-weight changes that dethrone the leader.

    ``reference`` is the offer being replaced (never the pick the summary speaks of).

    With a ``limit``, only the best-ranked ``limit`` contenders get their distribution and their
    challenger's threshold, and at most ``limit`` knocked-out offers are named; ``paging`` then
    says how many there were. At 2,300 offers the whole table is 1.7 million probabilities.
    """
    _ = translator(language).gettext
    labels = {row.offer_id: row.offer.label(language) for row in sheet.rows}
    contenders = analysis.distributions if limit is None else analysis.distributions[:limit]
    distributions = [distribution_document(item, labels[item.offer_id], language) for item in contenders]
    summary = _robustness(analysis, sheet, catalogue, language, reference, labels)
    shown = {item.offer_id for item in contenders}
    thresholds = [_threshold(t, labels, catalogue, language) for t in analysis.thresholds if t.challenger_id in shown]
    tornado = sorted(
        (_threshold(t, labels, catalogue, language) for t in analysis.criterion_thresholds), key=lambda t: abs(t["change"])
    )
    if tornado:
        summary.append(tornado[0]["sentence"])
    knocked_out = [row.offer.label(language) for row in sheet.rows if row.standing.value == "knocked-out"]
    cut = limit is not None and (len(analysis.distributions) > limit or len(knocked_out) > limit)
    return {
        "language": language,
        "profile": profile_document(choice, catalogue, language),
        "filters": filters_document(filters, language),
        "samples": analysis.samples,
        "samples_text": number(analysis.samples, language, 0),
        "seed": analysis.seed,
        "concentration": analysis.concentration,
        "top": TOP,
        "summary": summary,
        "distributions": distributions,
        "thresholds": thresholds,
        "tornado": tornado,
        "left_out": knocked_out if limit is None else knocked_out[:limit],
        # Only a page asks for a limit; the API's document keeps its shape.
        **(
            {"paging": {"shown": len(distributions), "total": len(analysis.distributions), "left_out": len(knocked_out)} if cut else None}
            if limit is not None
            else {}
        ),
    }
