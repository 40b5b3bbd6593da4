"""Embed pages over HTTP: framable (only they), light, captioned, cached; and the snippet builder."""

from __future__ import annotations

import json
import re
from html import unescape
from pathlib import Path

import pytest
from flask import Flask, render_template_string
from flask.testing import FlaskClient

from compare.app import create_app
from compare.web.embed import embed_snippet
from tests.web.conftest import INLINE_SCRIPT

CHARTS = ["ranking", "matrix", "radar", "sensitivity", "tornado"]


def figure_of(html: str) -> dict[str, object]:
    match = re.search(r"data-figure='([^']*)'", html)
    assert match, "the figure travels in a data attribute"
    figure: dict[str, object] = json.loads(unescape(match.group(1)))
    return figure


@pytest.mark.parametrize("chart", CHARTS)
def test_embeds_may_be_framed_by_any_site_by_default(client: FlaskClient, chart: str) -> None:
    response = client.get(f"/embed/{chart}?lang=en")
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    policy = response.headers["Content-Security-Policy"]
    assert "frame-ancestors *" in policy
    assert "'none'" not in policy.split("frame-ancestors", 1)[1]
    assert "X-Frame-Options" not in response.headers
    assert "script-src 'self'" in policy


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/compare",
        "/api/v1/",
        "/report.html?charts=0&products=signal,wire:cloud",
        "/export/matrix.json",
    ],
)
def test_every_other_page_refuses_to_be_framed(client: FlaskClient, url: str) -> None:
    response = client.get(url)
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Frame-Options"] == "DENY"


def test_the_allowed_framers_come_from_configuration(app: Flask, tmp_path: Path) -> None:
    configured = create_app(
        {
            "TESTING": True,
            "DATABASE_URL": app.config["DATABASE_URL"],
            "SECRET_KEY": "x",
            "EMBED_FRAME_ANCESTORS": "https://intranet.example.nl 'self'",
        }
    )
    response = configured.test_client().get("/embed/ranking")
    assert response.headers["Content-Security-Policy"].endswith(
        "frame-ancestors https://intranet.example.nl 'self'"
    )
    configured.extensions["msgcompare.engine"].dispose()


def test_an_embed_is_the_chart_and_a_caption_with_profile_date_and_link_back(
    client: FlaskClient,
) -> None:
    html = client.get(
        "/embed/ranking?profile=healthcare&w.cloud-backups=9&products=signal,wire&lang=nl"
    ).get_data(as_text=True)
    assert not INLINE_SCRIPT.search(html)
    assert 'class="site-header"' not in html, "no site chrome"
    assert "Rangorde: gegarandeerde score en open bereik" in html
    assert "Profiel: Zorg" in html
    assert "(aangepast)" in html, "adjusted weights are said so"
    assert re.search(r"Gegevens van \d{4}-\d{2}-\d{2}", html), "the data date (the newest fact revision)"
    link = re.search(
        r'<a href="([^"]+)" target="_blank" rel="noopener">Volledige vergelijking op msgcompare</a>',
        html,
    )
    assert link
    target = unescape(link.group(1))
    assert target.startswith("http://localhost/?")
    assert "profile=healthcare" in target
    assert "w.cloud-backups=9" in target
    assert "lang=nl" in target
    figure = figure_of(html)
    layout = figure["layout"]
    assert isinstance(layout, dict)
    assert "data-fill" in html, "the chart fills what its frame leaves (site.js drops the height)"
    assert isinstance(layout["height"], int), "the natural height, which embed-frame.js asks the host for"
    assert "narrow" in figure, "a phone layout for frames under 700 px"
    assert "Licentie: CC BY 4.0" in html


def test_an_embed_is_light_and_its_scripts_are_long_cached(client: FlaskClient) -> None:
    response = client.get("/embed/ranking?lang=en")
    html = response.get_data(as_text=True)
    assert len(response.get_data()) < 16_000, "the page and its data in a few kilobytes"
    scripts = re.findall(r'<script src="([^"]+)" defer></script>', html)
    plotly = next(s for s in scripts if "plotly" in s)
    assert re.fullmatch(r"/assets/plotly-[0-9a-f]{16}\.min\.js", plotly)
    bundle = client.get(plotly, headers={"Accept-Encoding": "gzip"})
    assert bundle.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert any("site.js?v=" in s for s in scripts)
    assert response.headers["Cache-Control"].startswith("public, max-age=")


def test_an_embed_answers_304_to_a_known_etag(client: FlaskClient) -> None:
    first = client.get("/embed/matrix?lang=en")
    again = client.get("/embed/matrix?lang=en", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304
    assert again.get_data() == b""


def test_a_radar_without_products_shows_the_default_selection(client: FlaskClient) -> None:
    figure = figure_of(client.get("/embed/radar?lang=en").get_data(as_text=True))
    data = figure["data"]
    assert isinstance(data, list)
    assert 2 <= len(data) <= 5
    assert "WhatsApp Business app" in [trace["name"] for trace in data]


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/embed/pie", 404),
        ("/embed/radar?products=signal", 400),
        ("/embed/ranking?profile=nope", 404),
    ],
)
def test_bad_embeds(client: FlaskClient, url: str, status: int) -> None:
    assert client.get(url).status_code == status


def test_the_snippet_gives_an_escaped_iframe_and_image_links(app: Flask) -> None:
    with app.test_request_context("/?lang=nl"):
        snippet = embed_snippet(
            "radar",
            {
                "profile": "healthcare",
                "products": "signal,wire",
                "w.encryption": "3",
                "utm_source": "x",
            },
            "nl",
        )
    assert snippet["url"].startswith("http://localhost/embed/radar?")
    assert "utm_source" not in snippet["url"], "only the comparison's own parameters are carried"
    assert 'src="http://localhost/embed/radar?' in snippet["iframe"]
    assert "&amp;" in snippet["iframe"]
    assert 'title="Geverifieerde niveaus naast elkaar"' in snippet["iframe"]
    assert snippet["png"].startswith("http://localhost/export/radar.png?")
    assert snippet["labels"]["embed"] == "Insluiten"


def test_the_embed_button_renders_the_snippet_as_text(app: Flask) -> None:
    with app.test_request_context("/?lang=en"):
        html = render_template_string(
            '{% from "embed/_button.html" import embed_button %}{{ embed_button("ranking", {"profile": "core"}) }}'
        )
    assert "<summary>Embed</summary>" in html
    textarea = re.search(r"<textarea[^>]*>(.*?)</textarea>", html, re.S)
    assert textarea
    assert textarea.group(1).startswith("&lt;iframe src=")
