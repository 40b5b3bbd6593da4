"""The overview shows the top of a long ranking, with "show all", the search and the JSON in full."""

from __future__ import annotations

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
