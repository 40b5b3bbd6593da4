"""Pure parts of the pages: honest rounding, the explanations, and the figure dicts."""

from __future__ import annotations

import random

import pytest

from compare import charts
from compare.charts_style import narrow_variant, with_symbols
from compare.comparison import Comparison
from compare.presenters.explain import why_lower
from compare.presenters.overview import Filters, filtered_matrix, overview_document
from compare.presenters.profiles import ProfileChoice
from compare.presenters.rounding import apportion, display_parts, tenths
from criteria.model import Catalogue


def test_tenths_round_half_up_despite_float_noise() -> None:
    assert tenths(12.35) == 124
    assert tenths(12.349999999999) == 124
    assert tenths(0.04) == 0
    assert tenths(100.0) == 1000


def test_apportion_hits_the_target_exactly() -> None:
    assert apportion([3.333, 3.333, 3.334], 100) == [33, 33, 34]
    assert sum(apportion([1.05, 1.05, 1.05, 1.05], 42)) == 42
    assert apportion([], 0) == []


def test_display_parts_sum_to_totals_on_random_ranges() -> None:
    rng = random.Random(20261125)  # noqa: S311 - seeded data for a property test, not secrets
    for _ in range(2000):
        n = rng.randint(1, 12)
        weights = [rng.random() for _ in range(n)]
        total = sum(weights)
        known = [rng.random() < 0.7 for _ in range(n)]
        lows, highs = [], []
        for w, k in zip(weights, known, strict=True):
            share = w / total * 100
            low = share * rng.choice([0, 0.25, 0.5, 0.6, 1.0])
            lows.append(low)
            highs.append(low if k else share)
        parts = display_parts(lows, highs, known)
        assert sum(parts.low_parts) == parts.low_total == tenths(sum(lows))
        assert sum(parts.high_parts) == parts.high_total
        for i, k in enumerate(known):
            assert abs(parts.low_parts[i] - lows[i] * 10) <= 1 + 1e-6
            if k:
                assert parts.low_parts[i] == parts.high_parts[i]
            else:
                assert abs(parts.high_parts[i] - highs[i] * 10) <= 1.5


def _overview(comparison: Comparison, catalogue: Catalogue, profile_id: str, language: str = "en") -> dict[str, object]:
    profile = catalogue.profile(profile_id)
    matrix = filtered_matrix(comparison.matrix, Filters())
    return overview_document(matrix, comparison.score(profile), ProfileChoice(profile, profile), Filters(), catalogue, language)


@pytest.fixture
def comparison(app: object, catalogue: Catalogue) -> Comparison:
    from compare.comparison import load_comparison
    from compare.store.setup import sessions_of

    with sessions_of(app)() as session:  # type: ignore[arg-type]
        return load_comparison(session, catalogue)


def test_why_lower_names_must_haves_gaps_and_upside(comparison: Comparison, catalogue: Catalogue) -> None:
    document = _overview(comparison, catalogue, "public-sector")
    rows = {row["offer"]: row for row in document["ranking"]}  # type: ignore[attr-defined]
    sentences = why_lower(rows["element:self-hosted"], rows["whatsapp-business-app"], "en")
    assert sentences[0].startswith("WhatsApp Business app is knocked out by a must-have")
    assert "points lower than that of Element" in sentences[1]
    assert any("Even if every fact not yet verified" in s for s in sentences)
    same = why_lower(rows["signal"], rows["signal"], "en")
    assert "have the same guaranteed score" in same[0]


def test_charts_are_plain_dicts_with_one_trace_per_meaning(comparison: Comparison, catalogue: Catalogue) -> None:
    document = _overview(comparison, catalogue, "public-sector", "nl")
    ranking = charts.ranking_chart(document, "nl")
    names = [trace["name"] for trace in ranking["data"]]
    assert "Open bereik (niet-geverifieerde feiten op hun beste niveau)" in names
    assert {trace["type"] for trace in ranking["data"]} == {"bar"}
    assert ranking["config"]["displayModeBar"] is False
    heatmap = charts.matrix_heatmap(document, "nl")
    (grid,) = heatmap["data"]
    symbols = [symbol for _colour, symbol in charts.LEVEL_BANDS]
    rows = document["matrix"]["rows"]
    links = heatmap["links"]
    assert links["rows"] == [row["product"] for row in rows], "each cell leads to its evidence"
    assert links["template"].format(product="signal", criterion="encryption") == "/products/signal#fact-encryption"
    for row, classes, texts in zip(rows, grid["z"], grid["customdata"], strict=True):
        for cell, cls, text in zip(row["cells"], classes, texts, strict=True):
            if cell["status"] == "verified":
                assert text.startswith(symbols[cls]), "a verified cell carries its band's symbol"
            else:
                assert cls in (5, 6)
                assert text.startswith("≈" if cls == 5 else "?")
    assert "customdata" not in heatmap["narrow"]["patch"][0], "the narrow variant shares the wide one's texts"
    (small,) = with_symbols({**narrow_variant(heatmap), "symbols": heatmap["symbols"]})["data"]
    assert all(text in {*symbols, "≈", "?"} for row in small["text"] for text in row), "every cell shows its band's mark"
