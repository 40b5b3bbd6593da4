"""Which cells of the rank grid carry a printed figure: on a phone, never two side by side."""

from __future__ import annotations

from compare.charts_sensitivity import rank_probability_chart
from compare.charts_style import narrow_variant


def distributions() -> dict[str, object]:
    """Three offers whose rank shares split over neighbouring ranks, as the seed's do."""
    return {
        "distributions": [
            {"label": "Alpha", "probabilities": [0.55, 0.30, 0.15, 0.0]},
            {"label": "Beta", "probabilities": [0.30, 0.40, 0.30, 0.0]},
            {"label": "Gamma", "probabilities": [0.15, 0.30, 0.26, 0.29]},
        ]
    }


def labelled(row: list[str]) -> list[int]:
    return [i for i, text in enumerate(row) if text]


def test_on_a_phone_each_row_prints_only_its_likeliest_rank() -> None:
    narrow = narrow_variant(rank_probability_chart(distributions(), "en"))["data"][0]
    rows = dict(zip(narrow["y"], narrow["text"], strict=True))
    assert labelled(rows["Alpha"]) == [0]
    assert labelled(rows["Beta"]) == [1]
    assert labelled(rows["Gamma"]) == [1]
    assert rows["Alpha"][0] == "55"


def test_a_row_whose_likeliest_rank_is_under_a_quarter_prints_nothing_on_a_phone() -> None:
    document = {"distributions": [{"label": "Spread", "probabilities": [0.2, 0.2, 0.2, 0.2, 0.2]}]}
    narrow = narrow_variant(rank_probability_chart(document, "en"))["data"][0]
    assert narrow["text"] == [["", "", "", "", ""]]


def test_the_wide_grid_prints_every_share_of_at_least_one_percent() -> None:
    wide = rank_probability_chart(distributions(), "en")["data"][0]
    rows = dict(zip(wide["y"], wide["text"], strict=True))
    assert labelled(rows["Beta"]) == [0, 1, 2]
    assert labelled(rows["Gamma"]) == [0, 1, 2, 3]
