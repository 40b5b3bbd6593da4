"""A weight profile as a document: the weights and must-haves a ranking used, next to its defaults.

A profile on screen can be a built-in one, a saved custom one, or either of them adjusted by the
sliders; the document always says what was changed, because a ranking is only as defensible as
the weights behind it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from compare.i18n import translator
from criteria.model import Catalogue, MustHave, WeightProfile


@dataclass(frozen=True)
class ProfileChoice:
    """The profile a page ranks with, and the one it was adjusted from."""

    base: WeightProfile
    effective: WeightProfile
    saved: bool = False
    """Whether ``base`` is a saved custom profile rather than a built-in one."""

    @property
    def adjusted(self) -> bool:
        """Whether weights or must-haves differ from ``base``."""
        return dict(self.base.weights) != dict(self.effective.weights) or set(self.base.must_haves) != set(
            self.effective.must_haves
        )


def adjusted_profile(base: WeightProfile, weights: dict[str, float], must_haves: tuple[MustHave, ...]) -> WeightProfile:
    """``base`` with other weights and must-haves; id, title and description stay."""
    return WeightProfile(
        id=base.id,
        title=base.title,
        description=base.description,
        weights={k: v for k, v in weights.items() if v > 0},
        must_haves=must_haves,
        guest_access=base.guest_access,
    )


def profile_document(choice: ProfileChoice, catalogue: Catalogue, language: str) -> dict[str, Any]:
    """Weights (all criteria, zero included) and must-haves, with the base profile's values beside them."""
    _ = translator(language).gettext
    profile, base = choice.effective, choice.base
    total = profile.total_weight
    musts = {m.criterion: m.minimum for m in profile.must_haves}
    base_musts = {m.criterion: m.minimum for m in base.must_haves}
    criteria = []
    at_least = _("At least: %(level)s")
    must_have_field = _("Must-have for %(criterion)s")
    for criterion in catalogue.criteria:
        minimum = musts.get(criterion.id)
        criteria.append(
            {
                "id": criterion.id,
                "title": criterion.title.get(language),
                "weight": profile.weight(criterion.id),
                "default_weight": base.weight(criterion.id),
                "share": profile.weight(criterion.id) / total if total > 0 else 0.0,
                "must_have": minimum,
                "must_have_label": criterion.level(minimum).label.get(language) if minimum else None,
                "default_must_have": base_musts.get(criterion.id),
                "must_have_field": must_have_field % {"criterion": criterion.title.get(language)},
                "levels": [
                    {"id": level.id, "label": level.label.get(language), "at_least": at_least % {"level": level.label.get(language)}}
                    for level in criterion.levels
                ],
            }
        )
    return {
        "id": base.id,
        "title": base.title.get(language),
        "description": base.description.get(language),
        "saved": choice.saved,
        "adjusted": choice.adjusted,
        "adjusted_label": _("adjusted") if choice.adjusted else None,
        "weights": {c["id"]: c["weight"] for c in criteria},
        "must_haves": [{"criterion": m.criterion, "minimum": m.minimum} for m in profile.must_haves],
        "criteria": criteria,
        "guest_access": base.guest_access,
    }
