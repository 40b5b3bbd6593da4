"""Each chart on the pages offers its embed code, carrying the page's comparison state."""

from __future__ import annotations

import html

import pytest
from bs4 import BeautifulSoup
from flask.testing import FlaskClient


@pytest.mark.parametrize(
    ("path", "chart"),
    [
        ("/?profile=healthcare&w.encryption=9", "ranking"),
        ("/?profile=healthcare&w.encryption=9", "matrix"),
        ("/compare?products=signal,wire:cloud&profile=healthcare", "radar"),
        ("/sensitivity?profile=healthcare", "sensitivity"),
    ],
)
def test_chart_has_an_embed_button_with_the_pages_state(client: FlaskClient, path: str, chart: str) -> None:
    soup = BeautifulSoup(client.get(path).get_data(as_text=True), "lxml")

    code = soup.find("textarea", id=f"embed-code-{chart}")

    assert code is not None
    iframe = BeautifulSoup(html.unescape(code.get_text()), "lxml").find("iframe")
    assert iframe is not None
    assert f"/embed/{chart}?" in iframe["src"]
    assert "profile=healthcare" in iframe["src"]
    if chart == "radar":
        assert "products=signal" in iframe["src"]
