"""Headers, escaping of scraped text, and plotly.js served by us with long caching."""

from __future__ import annotations

import dataclasses
import gzip
import re
from datetime import date

import brotli
import pytest
from flask import Blueprint, Flask
from flask.testing import FlaskClient

from compare.facts import Confidence, Evidence, Fact, FactStatus, Text
from compare.store import queries
from compare.store.session import transaction
from compare.store.setup import sessions_of
from compare.web import security
from compare.web.assets import BUILD
from tests.web.conftest import INLINE_SCRIPT, JSON_TWINS, PAGES

EVIL = '<script>alert("x")</script><img src=x onerror=alert(1)>\'"'


@pytest.mark.parametrize("url", [*PAGES, *JSON_TWINS.values(), "/products/nope"])
def test_every_response_forbids_framing_and_inline_scripts(client: FlaskClient, url: str) -> None:
    response = client.get(url)
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self';" in policy
    assert "frame-ancestors 'none'" in policy
    assert "'unsafe-eval'" not in policy
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("url", PAGES)
def test_pages_have_no_inline_scripts_and_load_nothing_from_elsewhere(client: FlaskClient, url: str) -> None:
    html = client.get(url).get_data(as_text=True)
    assert not INLINE_SCRIPT.search(html)
    assert not re.search(r"\son[a-z]+=", html), "no inline event handlers"
    for url in re.findall(r'<(?:script|link)\b[^>]*\b(?:src|href)="([^"]*)"', html):
        assert url.startswith("/"), url
        assert not url.startswith("//"), url


def test_a_view_or_blueprint_can_be_exempted_from_the_framing_ban() -> None:
    app = Flask(__name__)
    app.config["EMBED_FRAME_ANCESTORS"] = "https://intranet.example"
    security.init_app(app)
    embed = Blueprint("embedded", __name__)

    @embed.get("/embedded")
    def embedded() -> str:
        return "ok"

    @app.get("/one")
    @security.allow_framing
    def one() -> str:
        return "ok"

    @app.get("/other")
    def other() -> str:
        return "ok"

    app.register_blueprint(embed)
    security.allow_framing_for(app, "embedded")
    client = app.test_client()
    for url in ("/embedded", "/one"):
        response = client.get(url)
        assert "frame-ancestors https://intranet.example" in response.headers["Content-Security-Policy"]
        assert "X-Frame-Options" not in response.headers
    assert client.get("/other").headers["X-Frame-Options"] == "DENY"


def test_scraped_text_is_escaped_everywhere(client: FlaskClient) -> None:
    with transaction(sessions_of(client.application)) as session:
        queries.record_revision(
            session,
            Fact(
                "signal",
                None,
                "encryption",
                FactStatus.VERIFIED,
                "e2ee-default",
                Confidence.HIGH,
                explanation=Text(en=EVIL, nl=EVIL),
                evidence=Evidence(quote=EVIL, source_url="https://signal.org/x?a=1&b=<2>", seen_on=date(2026, 11, 25), source_type="vendor"),
            ),
            author="reviewer",
            reason=EVIL,
        )
    for url in ("/products/signal", "/compare?products=signal,wire:cloud", "/compare?products=signal,wire:cloud&lang=nl"):
        html = client.get(url).get_data(as_text=True)
        assert "<script>alert" not in html, url
        assert "<img src=x" not in html, url
        assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html, url
    document = client.get("/products/signal.json").get_json()
    encryption = next(c for c in document["criteria"] if c["id"] == "encryption")
    assert encryption["facts"][0]["evidence"]["quote"] == EVIL


def test_figures_in_data_attributes_cannot_break_out_of_the_attribute(client: FlaskClient) -> None:
    with transaction(sessions_of(client.application)) as session:
        queries.save_product(
            session,
            dataclasses.replace(
                next(p for p in queries.products(session) if p.id == "telegram"), name="Tele'gram<script>"
            ),
        )
    html = client.get("/").get_data(as_text=True)
    for attribute in re.findall(r"data-figure='([^']*)'", html):
        assert "<" not in attribute
        assert ">" not in attribute
    assert "Tele\\u0027gram\\u003cscript\\u003e" in html


def test_plotly_is_the_slim_build_served_precompressed_with_a_fingerprint(client: FlaskClient) -> None:
    html = client.get("/").get_data(as_text=True)
    # "/" names it for its script to fetch after the load event (see decisions/0010)
    url = re.search(r'<meta name="msgcompare-plotly" content="(/assets/plotly-[0-9a-f]{16}\.min\.js)"', html).group(1)  # type: ignore[union-attr]
    plain = client.get(url, headers={"Accept-Encoding": "identity"})
    expected = (BUILD / "plotly.min.js").read_bytes()
    assert plain.status_code == 200
    assert plain.data == expected
    assert plain.mimetype == "text/javascript"
    assert "immutable" in plain.headers["Cache-Control"]
    assert "max-age=31536000" in plain.headers["Cache-Control"]
    zipped = client.get(url, headers={"Accept-Encoding": "gzip"})
    assert zipped.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(zipped.data) == expected
    smallest = client.get(url, headers={"Accept-Encoding": "gzip, deflate, br"})
    assert smallest.headers["Content-Encoding"] == "br"
    assert brotli.decompress(smallest.data) == expected
    assert len(smallest.data) < len(zipped.data) < len(expected) / 2
    again = client.get(url, headers={"Accept-Encoding": "gzip, br", "If-None-Match": smallest.headers["ETag"]})
    assert again.status_code == 304


def test_own_static_files_carry_a_content_hash(client: FlaskClient) -> None:
    html = client.get("/").get_data(as_text=True)
    assert re.search(r'href="/static/site\.css\?v=[0-9a-f]{12}"', html)
    assert re.search(r'src="/static/site\.js\?v=[0-9a-f]{12}"', html)
    response = client.get("/static/site.js")
    assert response.status_code == 200
    response.close()


def test_save_profile_requires_the_csrf_token(client: FlaskClient) -> None:
    response = client.post("/profiles", data={"name": "x", "state": ""})
    assert response.status_code == 400
    assert "The form has expired" in response.get_data(as_text=True)
