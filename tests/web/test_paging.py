"""The overview shows the top of a long ranking, with "show all", the search and the JSON in full."""

from __future__ import annotations

import json

import pytest
from bs4 import BeautifulSoup
from flask.testing import FlaskClient

from compare.presenters import paging


@pytest.fixture
def top_five(monkeypatch: pytest.MonkeyPatch) -> None:
    """The seed has more than 20 offers; a page of five shows the cut as 2,300 offers would."""
    monkeypatch.setattr(paging, "TOP", 5)


def ranked_offers(html: str) -> list[str]:
    soup = BeautifulSoup(html, "lxml")
    return [str(row["data-offer"]) for row in soup.select("#ranking-table tbody tr") if not row.select(".badge.baseline")]


def test_the_page_shows_the_top_and_says_how_many_there_are(client: FlaskClient, top_five: None) -> None:
    html = client.get("/?profile=public-sector").get_data(as_text=True)
    soup = BeautifulSoup(html, "lxml")
    full = client.get("/index.json?profile=public-sector").get_json()

    assert len(ranked_offers(html)) == 5
    assert ranked_offers(html) == [row["offer"] for row in full["ranking"] if not row["is_reference"]][:5]
    assert len(soup.select("#matrix-table tbody tr")) <= 6
    offers = len(full["ranking"])
    assert offers > 20
    assert f"Showing the best 5 of {offers} products and editions" in soup.select_one("#ranking-paging").get_text()  # type: ignore[union-attr]


def test_show_all_shows_every_offer(client: FlaskClient, top_five: None) -> None:
    soup = BeautifulSoup(client.get("/?profile=public-sector").get_data(as_text=True), "lxml")
    link = soup.select_one("#ranking-paging a")["href"]  # type: ignore[index]
    html = client.get(str(link)).get_data(as_text=True)

    assert "show=all" in str(link)
    assert "profile=public-sector" in str(link)
    assert len(ranked_offers(html)) >= 22
    assert 'id="ranking-paging"' not in html


def test_the_search_finds_an_offer_below_the_top(client: FlaskClient, top_five: None) -> None:
    full = client.get("/index.json?profile=public-sector").get_json()
    last = [row for row in full["ranking"] if not row["is_reference"]][-1]
    html = client.get(f"/?profile=public-sector&q={last['product']}").get_data(as_text=True)

    assert last["offer"] in ranked_offers(html)


def test_a_short_ranking_is_not_cut(client: FlaskClient) -> None:
    html = client.get("/").get_data(as_text=True)

    assert 'id="ranking-paging"' not in html


def probability_rows(html: str) -> list[str]:
    soup = BeautifulSoup(html, "lxml")
    return [row.th.get_text() for row in soup.select("#probability-table tbody tr")]


def test_the_sensitivity_page_shows_the_best_contenders_and_says_how_many_there_are(client: FlaskClient, top_five: None) -> None:
    html = client.get("/sensitivity?profile=core").get_data(as_text=True)
    everything = client.get("/sensitivity.json?profile=core&show=all").get_json()
    twin = client.get("/sensitivity.json?profile=core").get_json()
    total = len(everything["distributions"])

    assert total > 5
    assert probability_rows(html) == [row["label"] for row in everything["distributions"]][:5]
    assert [row["offer"] for row in twin["distributions"]] == [row["offer"] for row in everything["distributions"]][:5]
    assert twin["paging"] == {"shown": 5, "total": total, "left_out": len(everything["left_out"])}
    assert {row["challenger"] for row in twin["thresholds"]} <= {row["offer"] for row in twin["distributions"]}
    assert f"Showing the best 5 of {total} products and editions" in BeautifulSoup(html, "lxml").select_one("#sensitivity-paging").get_text()  # type: ignore[union-attr]


def test_show_all_on_the_sensitivity_page_lists_every_contender(client: FlaskClient, top_five: None) -> None:
    profile = "sme-customer-contact"
    soup = BeautifulSoup(client.get(f"/sensitivity?profile={profile}").get_data(as_text=True), "lxml")
    link = str(soup.select_one("#sensitivity-paging a")["href"])  # type: ignore[index]
    html = client.get(link).get_data(as_text=True)
    everything = client.get(f"/sensitivity.json?profile={profile}&show=all").get_json()

    assert "show=all" in link
    assert f"profile={profile}" in link
    assert probability_rows(html) == [row["label"] for row in everything["distributions"]]
    assert 'id="sensitivity-paging"' not in html


def test_the_search_finds_a_contender_below_the_top_of_the_sensitivity_page(client: FlaskClient, top_five: None) -> None:
    everything = client.get("/sensitivity.json?profile=core&show=all").get_json()
    last = everything["distributions"][-1]
    html = client.get(f"/sensitivity?profile=core&q={last['label'].split()[0]}").get_data(as_text=True)

    assert last["label"] in probability_rows(html)


def test_knocked_out_offers_past_the_limit_are_counted_not_named(client: FlaskClient, top_five: None) -> None:
    everything = client.get("/sensitivity.json?profile=healthcare&show=all").get_json()
    knocked_out = everything["left_out"]
    soup = BeautifulSoup(client.get("/sensitivity?profile=healthcare").get_data(as_text=True), "lxml")
    text = soup.select_one("#left-out").get_text()  # type: ignore[union-attr]

    assert len(knocked_out) > 5
    assert all(label in text for label in knocked_out[:5])
    assert f"and {len(knocked_out) - 5} more" in text


def test_the_rank_grid_draws_at_most_the_top_products_and_gathers_later_ranks(client: FlaskClient, top_five: None) -> None:
    soup = BeautifulSoup(client.get("/sensitivity?profile=core&show=all").get_data(as_text=True), "lxml")
    grid = json.loads(str(soup.select_one("#probability-chart")["data-figure"]))["data"][0]  # type: ignore[index]
    everything = client.get("/sensitivity.json?profile=core&show=all").get_json()
    by_label = {row["label"]: row["probabilities"] for row in everything["distributions"]}

    assert len(grid["y"]) == 5
    assert grid["x"] == ["1", "2", "3", "4", "5", "6+"]
    for label, shares in zip(grid["y"], grid["z"], strict=True):
        later = 100 * (1 - sum(by_label[label][:5]))
        assert shares[-1] == (pytest.approx(round(later, 1), abs=0.05) if round(later) >= 1 else 0)
