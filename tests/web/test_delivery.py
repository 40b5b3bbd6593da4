"""What travels: compressed pages and JSON, no cookie on public pages, ETags and 304, cached assets.

The forms on public pages keep their CSRF protection without a session cookie (see
``compare.web.public_forms``): a reader without a session posts a signed token from the page
and may not post from another site; a logged-in reviewer needs the session-bound token.
"""

from __future__ import annotations

import gzip
import json
import re

import brotli
import pytest
from flask import Flask
from flask.testing import FlaskClient
from plotly.offline import get_plotlyjs_version

from compare import accounts
from compare.store import corrections
from compare.store.session import transaction
from compare.store.setup import sessions_of
from compare.web import public_forms
from compare.web.assets import BUILD
from tests.admin.test_review_flow import PASSWORD, csrf
from tests.web.conftest import PAGES

PUBLIC_GETS = [*PAGES, "/products/signal", "/index.json", "/embed/ranking?lang=en", "/api/v1/scores", "/method"]
CORRECTION = {"criterion": "processor-agreement", "message": "The DPA exists now.", "source_url": "https://signal.org/legal", "email": ""}


@pytest.mark.parametrize("url", PUBLIC_GETS)
def test_public_pages_set_no_cookie(client: FlaskClient, url: str) -> None:
    response = client.get(url)

    assert response.status_code == 200
    assert "Set-Cookie" not in response.headers


def test_choosing_a_language_is_the_one_cookie_a_reader_gets(client: FlaskClient) -> None:
    response = client.get("/?lang=nl")

    assert [c.split("=")[0] for c in response.headers.getlist("Set-Cookie")] == ["lang"]


def test_two_readers_get_the_same_page(app: Flask) -> None:
    first, second = app.test_client(), app.test_client()

    assert first.get("/").data == second.get("/").data


@pytest.mark.parametrize("url", ["/", "/compare", "/index.json", "/api/v1/scores"])
def test_html_and_json_are_compressed_when_the_client_accepts_it(client: FlaskClient, url: str) -> None:
    plain = client.get(url).data
    smallest = client.get(url, headers={"Accept-Encoding": "gzip, deflate, br"})
    zipped = client.get(url, headers={"Accept-Encoding": "gzip"})

    assert smallest.headers["Content-Encoding"] == "br"
    assert brotli.decompress(smallest.data) == plain
    assert zipped.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(zipped.data) == plain
    assert len(smallest.data) < len(plain) / 4
    assert "Accept-Encoding" in smallest.headers["Vary"]


def test_without_accept_encoding_nothing_is_compressed(client: FlaskClient) -> None:
    response = client.get("/")

    assert "Content-Encoding" not in response.headers
    assert response.get_data(as_text=True).lstrip().startswith("<!doctype html>")


@pytest.mark.parametrize("encoding", ["identity", "br"])
def test_an_unchanged_page_answers_304(client: FlaskClient, encoding: str) -> None:
    first = client.get("/compare", headers={"Accept-Encoding": encoding})
    etag = first.headers["ETag"]
    again = client.get("/compare", headers={"Accept-Encoding": encoding, "If-None-Match": etag})

    assert first.headers["Cache-Control"] == "no-cache"
    assert again.status_code == 304
    assert again.data == b""


def test_another_page_state_does_not_match_the_etag(client: FlaskClient) -> None:
    etag = client.get("/").headers["ETag"]

    assert client.get("/?profile=healthcare", headers={"If-None-Match": etag}).status_code == 200


def test_static_files_are_immutable_under_their_hash_and_compressed(client: FlaskClient) -> None:
    html = client.get("/").get_data(as_text=True)
    url = re.search(r'src="(/static/site\.js\?v=[0-9a-f]{12})"', html).group(1)  # type: ignore[union-attr]
    hashed = client.get(url, headers={"Accept-Encoding": "br"})
    unhashed = client.get("/static/site.js")

    assert hashed.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert hashed.headers["Content-Encoding"] == "br"
    assert brotli.decompress(hashed.data) == unhashed.data
    assert unhashed.headers["Cache-Control"] == "no-cache"
    assert client.get("/static/nothing.js").status_code == 404


def test_the_slim_plotly_bundle_matches_the_figures_plotly_writes() -> None:
    manifest = json.loads((BUILD / "manifest.json").read_text())

    assert manifest["plotly"] == get_plotlyjs_version()


@pytest.mark.parametrize("url", ["/", "/compare?products=signal,threema-work,whatsapp-business-app", "/sensitivity", "/embed/ranking?lang=en", "/embed/matrix?lang=en"])
def test_every_trace_type_on_the_pages_is_in_the_slim_bundle(client: FlaskClient, url: str) -> None:
    manifest = json.loads((BUILD / "manifest.json").read_text())
    html = client.get(url).get_data(as_text=True)
    figures = [json.loads(raw.replace("&#39;", "'")) for raw in re.findall(r"data-figure='([^']*)'", html)]

    assert figures, url
    assert {trace.get("type", "scatter") for f in figures for trace in f["data"]} <= set(manifest["traces"])


def test_a_reader_without_a_session_saves_a_profile_with_the_page_token(client: FlaskClient) -> None:
    token = csrf(client, "/")
    response = client.post("/profiles", data={"csrf_token": token, "name": "Team B", "state": ""}, headers={"Origin": "http://localhost", "Sec-Fetch-Site": "same-origin"})

    assert response.status_code == 303
    assert "Set-Cookie" not in response.headers


@pytest.mark.parametrize("headers", [{"Origin": "https://elsewhere.example"}, {"Sec-Fetch-Site": "cross-site"}, {"Origin": "null"}])
def test_a_form_posted_from_another_site_is_refused(app: Flask, client: FlaskClient, headers: dict[str, str]) -> None:
    token = csrf(client, "/products/signal")
    response = client.post("/products/signal/corrections", data={**CORRECTION, "csrf_token": token}, headers=headers)

    assert response.status_code == 400
    with sessions_of(app)() as session:
        assert not corrections.open_corrections(session)


def test_a_wrong_token_is_refused(client: FlaskClient) -> None:
    response = client.post("/profiles", data={"csrf_token": "p." + "0" * 64, "name": "x", "state": ""})

    assert response.status_code == 400


def test_a_logged_in_reviewer_needs_the_session_bound_token(app: Flask, client: FlaskClient) -> None:
    public_token = csrf(client, "/products/signal")
    with transaction(sessions_of(app)) as session:
        accounts.create_user(session, "anna", PASSWORD)
    login = client.post("/admin/login", data={"username": "anna", "password": PASSWORD, "csrf_token": csrf(client, "/admin/login")})
    assert login.status_code == 302

    refused = client.post("/products/signal/corrections", data={**CORRECTION, "csrf_token": public_token})
    session_token = csrf(client, "/products/signal")
    accepted = client.post("/products/signal/corrections", data={**CORRECTION, "csrf_token": session_token})

    assert session_token != public_token
    assert refused.status_code == 400
    assert accepted.status_code == 303


def test_a_public_token_older_than_the_form_time_limit_is_refused(app: Flask, client: FlaskClient) -> None:
    with app.test_request_context():
        hours = app.config["WTF_CSRF_TIME_LIMIT"] // public_forms.BUCKET
        old = public_forms._public_token(public_forms._hour() - hours - 1)
        recent = public_forms._public_token(public_forms._hour() - 1)

    assert client.post("/profiles", data={"csrf_token": old, "name": "Old", "state": ""}).status_code == 400
    assert client.post("/profiles", data={"csrf_token": recent, "name": "Recent", "state": ""}).status_code == 303
