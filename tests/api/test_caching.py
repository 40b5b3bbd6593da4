"""ETags, conditional requests, Cache-Control and CORS on the API."""

from __future__ import annotations

import hashlib

import pytest
from flask.testing import FlaskClient

from tests.api.conftest import RecordFact, verified

GETS = [
    "/api/v1/products",
    "/api/v1/products/signal",
    "/api/v1/criteria",
    "/api/v1/criteria/encryption",
    "/api/v1/facts",
    "/api/v1/profiles",
    "/api/v1/profiles/core",
    "/api/v1/scores?profile=healthcare",
    "/api/v1/sensitivity?samples=200",
    "/api/v1/openapi.json",
]


@pytest.mark.parametrize("url", GETS)
def test_get_answers_carry_a_strong_etag_of_their_body_and_answer_304(
    client: FlaskClient, url: str
) -> None:
    first = client.get(url)
    assert first.status_code == 200
    etag = first.headers["ETag"]
    assert not etag.startswith("W/"), "a strong validator"
    assert etag.strip('"') == hashlib.sha256(first.get_data()).hexdigest()[:32]
    assert first.headers["Cache-Control"].startswith("public, max-age=")
    assert first.headers["Access-Control-Allow-Origin"] == "*"
    assert "ETag" in first.headers["Access-Control-Expose-Headers"]
    again = client.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.get_data() == b""
    assert again.headers["ETag"] == etag
    other = client.get(url, headers={"If-None-Match": '"something-else"'})
    assert other.status_code == 200


def test_the_etag_changes_with_the_parameters_and_with_the_data(
    client: FlaskClient, record_fact: RecordFact
) -> None:
    core = client.get("/api/v1/scores?profile=core").headers["ETag"]
    assert client.get("/api/v1/scores?profile=core&lang=nl").headers["ETag"] != core
    assert client.get("/api/v1/scores?profile=core&w.encryption=3").headers["ETag"] != core
    record_fact(
        "whatsapp-business-app",
        "encryption",
        **verified("transport-only", "Encrypted in transit only."),
    )
    changed = client.get("/api/v1/scores?profile=core", headers={"If-None-Match": core})
    assert changed.status_code == 200, "a new fact revision must not be answered with a stale 304"
    assert changed.headers["ETag"] != core


def test_the_same_url_gives_the_same_bytes_whatever_the_browser_language(
    client: FlaskClient,
) -> None:
    english = client.get("/api/v1/criteria", headers={"Accept-Language": "nl"})
    assert english.get_json()["language"] == "en"
    assert english.headers["ETag"] == client.get("/api/v1/criteria").headers["ETag"]


def test_head_answers_like_get_without_a_body(client: FlaskClient) -> None:
    get = client.get("/api/v1/profiles")
    head = client.head("/api/v1/profiles")
    assert head.status_code == 200
    assert head.headers["ETag"] == get.headers["ETag"]
    assert head.get_data() == b""


def test_preflight_allows_get_with_if_none_match_but_not_post(client: FlaskClient) -> None:
    response = client.options(
        "/api/v1/scores",
        headers={
            "Origin": "https://intranet.example",
            "Access-Control-Request-Method": "GET",
            "Access-Control-Request-Headers": "if-none-match",
        },
    )
    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert response.headers["Access-Control-Allow-Methods"] == "GET, HEAD"
    assert "If-None-Match" in response.headers["Access-Control-Allow-Headers"]
    assert "POST" not in response.headers["Access-Control-Allow-Methods"]
