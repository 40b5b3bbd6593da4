"""How robust a ranking is: rank probabilities under sampled weights, and weight thresholds."""

from __future__ import annotations

from typing import Any

from compare.i18n import number, percent, translator
from compare.presenters.overview import Filters, filters_document
from compare.presenters.profiles import ProfileChoice, profile_document
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


def sensitivity_document(
    analysis: Sensitivity,
    sheet: ScoreSheet,
    choice: ProfileChoice,
    filters: Filters,
    catalogue: Catalogue,
    language: str,
    limit: int | None = None,
) -> dict[str, Any]:
    """Rank probabilities (contenders only) and the single-weight changes that dethrone the leader.

    With a ``limit``, only the best-ranked ``limit`` contenders get their distribution and their
    challenger's threshold, and at most ``limit`` knocked-out offers are named; ``paging`` then
    says how many there were. At 2,300 offers the whole table is 1.7 million probabilities.
    """
    _ = translator(language).gettext
    labels = {row.offer_id: row.offer.label(language) for row in sheet.rows}
    contenders = analysis.distributions if limit is None else analysis.distributions[:limit]
    distributions = [distribution_document(item, labels[item.offer_id], language) for item in contenders]
    summary = []
    if distributions:
        leader = distributions[0]
        summary.append(
            _("%(leader)s ranks first in %(share)s of %(samples)s weightings drawn around this profile.")
            % {"leader": leader["label"], "share": leader["first_text"], "samples": number(analysis.samples, language, 0)}
        )
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
