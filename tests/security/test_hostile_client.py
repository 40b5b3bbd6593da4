"""A hostile client against the edge (issue 12, items 2, 7, 8, 11, 16, 17).

Body caps on the bytes read (gunicorn, chunked), NUL bytes and out-of-range ids on both
databases, deeply nested JSON, strict parameter parsing shared by pages and API, only http(s)
links in imported data, and the secret key file's mode from its first byte.
"""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from flask import Flask
from sqlalchemy.orm import Session, sessionmaker

from compare import accounts, settings
from compare.store import transfer
from compare.store.session import make_engine, make_session_factory, transaction
from compare.store.setup import seed_database, sessions_of
from tests.security.conftest import StartServer

STRONG = "correct horse battery staple 42"


# --- item 2: body caps on the bytes read, list caps, linear de-duplication (real gunicorn) ---


def chunked(data: bytes, size: int = 8192) -> Iterator[bytes]:
    """The body in pieces, so httpx sends it chunked, without a Content-Length."""
    for start in range(0, len(data), size):
        yield data[start : start + size]


def test_a_chunked_body_over_the_cap_is_refused_without_tying_up_a_worker(gunicorn: StartServer) -> None:
    base = gunicorn()
    body = json.dumps({"products": [f"p{i}" for i in range(60_000)]}).encode()
    assert len(body) > 64 * 1024
    with httpx.Client(base_url=base, timeout=30) as client:
        response = client.post("/api/v1/scores", content=chunked(body), headers={"Content-Type": "application/json"})
        assert "content-length" not in {k.lower() for k in response.request.headers}
        assert response.status_code == 413
        assert response.json()["ok"] is False
        assert client.get("/api/v1/criteria").status_code == 200


def test_many_ids_within_the_cap_are_a_quick_400(gunicorn: StartServer) -> None:
    base = gunicorn()
    ids = ",".join(f"p{i}" for i in range(6_000))  # 40 KB of distinct ids
    with httpx.Client(base_url=base, timeout=30) as client:
        posted = client.post("/api/v1/scores", json={"products": ids.split(",")})
        assert posted.status_code == 400
        assert posted.json()["errors"] == ["“products”: at most 50 ids."]
        # gunicorn refuses request lines over 4 KiB itself; 400 ids fit and are still too many.
        asked = client.get("/api/v1/scores", params={"products": ",".join(ids.split(",")[:400])})
        assert asked.status_code == 400
        assert asked.json()["errors"] == ["“products”: at most 50 ids."]


def test_a_body_with_thousands_of_bad_keys_lists_twenty_and_counts_the_rest(client: Any) -> None:
    weights = {f"c{i}": 1 for i in range(2_000)}
    response = client.post("/api/v1/scores", json={"weights": weights})
    assert response.status_code == 400
    errors = response.get_json()["errors"]
    assert len(errors) == 21
    assert errors[-1] == "… and 1980 more."


def test_a_declared_oversize_body_is_refused_on_every_route(client: Any) -> None:
    big = b"x" * (64 * 1024 + 1)
    for path in ("/api/v1/scores", "/profiles", "/admin/login"):
        assert client.post(path, data=big, content_type="application/octet-stream").status_code == 413, path


# --- item 7: NUL bytes and ids out of range, on SQLite and PostgreSQL ---

NUL_URLS = [
    "/api/v1/scores?profile=a%00b",
    "/?profile=a%00b",
    "/?q=a%00b",
    "/compare?products=signal,a%00b",
    "/products/signal?as_of=2026%00",
    "/embed/ranking?profile=a%00b",
    "/export/matrix.csv?profile=a%00b",
    "/api/v1/facts?product=a%00b",
    "/api/v1/products/a%00b",
    "/a%00b",
]


@pytest.mark.postgres
def test_nul_bytes_and_out_of_range_ids_are_400_and_404_on_both_databases(backend_app: Flask) -> None:
    client = backend_app.test_client()
    for url in NUL_URLS:
        response = client.get(url)
        assert response.status_code == 400, (url, response.status_code)
        assert "NUL" in response.get_data(as_text=True)
    token_page = client.get("/admin/login").get_data(as_text=True)
    token = token_page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    for path, form in (
        ("/admin/login", {"csrf_token": token, "username": "a\x00b", "password": STRONG}),
        ("/profiles", {"csrf_token": token, "name": "a\x00b", "w.encryption": "5"}),
    ):
        assert client.post(path, data=form).status_code == 400, path
    response = client.post("/api/v1/scores", json={"q": "a\x00b"})
    assert response.status_code == 400

    with transaction(sessions_of(backend_app)) as session:
        accounts.create_user(session, "nina", STRONG)
    login = client.post("/admin/login", data={"csrf_token": token, "username": "nina", "password": STRONG})
    assert login.status_code == 302
    for path in (
        "/admin/proposals/2147483647",  # the largest id PostgreSQL stores: simply not there
        "/admin/proposals/2147483648",
        "/admin/proposals/9223372036854775808",
        "/admin/sources/99999999999999999999999/diff",
        "/admin/proposals/0",
    ):
        assert client.get(path).status_code == 404, path
    assert client.post("/admin/proposals/2147483648/accept", data={"csrf_token": token}).status_code == 404


# --- item 8: deep JSON ---


@pytest.mark.parametrize("body", ["[" * 20_000, '{"a":' * 17 + "1" + "}" * 17, '{"weights": NaN}', "\xff\xfe"])
def test_deep_or_odd_json_is_a_400(client: Any, body: str) -> None:
    response = client.post("/api/v1/scores", data=body.encode("latin-1"), content_type="application/json")
    assert response.status_code == 400
    assert response.get_json()["ok"] is False


# --- item 16: one strict parser for pages and API ---


@pytest.mark.parametrize(
    "query",
    ["w.encryption=1_0", "w.encryption=1e1", "w.encryption=+5", "w.encryption=%205", "w.encryption=100.5",
     "w.encryption=nan", "as_of=2026-W01-1", "as_of=20261201", "lang=xx", "eu=true", "eu=yes", "eu=on"],
)
def test_lenient_spellings_are_refused_by_pages_and_api_alike(client: Any, query: str) -> None:
    for path in ("/", "/api/v1/scores", "/export/matrix.csv", "/embed/ranking"):
        response = client.get(f"{path}?{query}")
        assert response.status_code == 400, (path, query, response.status_code)


def test_strict_weights_still_take_what_the_sliders_send(client: Any) -> None:
    for value in ("0", "5", "7.5", "100", "100.0", "0.125"):
        assert client.get(f"/api/v1/scores?w.encryption={value}").status_code == 200, value
    assert client.get("/api/v1/scores?eu=1").status_code == 200
    assert client.post("/api/v1/scores", json={"weights": {"encryption": 1e-7}}).status_code == 200


def test_the_openapi_document_says_what_is_accepted(client: Any) -> None:
    document = client.get("/api/v1/openapi.json").get_json()
    parameters = {p["name"]: p["schema"] for p in document["components"]["parameters"].values()}
    assert parameters["w.encryption"]["type"] == "string"
    assert parameters["eu"] == {"enum": ["0", "1"]}
    assert parameters["lang"] == {"enum": ["en", "nl"]}
    assert parameters["as_of"]["pattern"] == "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"


# --- item 11: only http(s) links in imported data ---


@pytest.mark.postgres
@pytest.mark.parametrize(
    ("table", "column", "value"),
    [
        ("product", "website", "javascript:alert(1)"),
        ("fact_revision", "source_url", "JavaScript:alert(document.cookie)"),
        ("observation", "source_url", "data:text/html,<script>alert(1)</script>"),
        ("product", "name", "Sig\x00nal"),
    ],
)
def test_import_refuses_links_that_are_not_http_and_nul_text(
    sessions: sessionmaker[Session], tmp_path: Path, table: str, column: str, value: str
) -> None:
    url = f"sqlite:///{tmp_path / 'source.sqlite3'}"
    seed_database(url)
    source = make_engine(url)
    with make_session_factory(source)() as session:
        exported = transfer.export_document(session)
    source.dispose()
    rows = [row for row in exported[table] if row.get(column)]
    if not rows:  # the seed has no row of this kind: add one by copying the shape of none at all
        pytest.fail(f"the seed export has no {table}.{column} to tamper with")
    rows[0][column] = value
    index = exported[table].index(rows[0])
    with pytest.raises(transfer.TransferError, match=rf"{table}\[{index}\]\.{column}: "), transaction(sessions) as session:
        transfer.import_document(session, exported)


# --- URLs Python cannot split: a header or a form field, never a 500 ---

UNSPLITTABLE = ["http://[::1", "http://[zz]/", "https://\u2100.example/"]
"""urlsplit raises ValueError on these (an open bracket, an invalid IPv6 literal, a netloc NFKC changes)."""


def public_token(client: Any) -> str:
    page = client.get("/products/signal").get_data(as_text=True)
    return str(page.split('name="csrf_token" value="')[1].split('"')[0])


@pytest.mark.parametrize("origin", UNSPLITTABLE[:2])  # the third is not Latin-1, so no header can carry it
def test_a_public_form_with_an_unparsable_origin_is_refused_with_a_400(client: Any, origin: str) -> None:
    token = public_token(client)
    for path, form in (
        ("/profiles", {"csrf_token": token, "name": "mine", "state": ""}),
        ("/products/signal/corrections", {"csrf_token": token, "message": "m", "source_url": "https://example.org/"}),
    ):
        response = client.post(path, data=form, headers={"Origin": origin})
        assert response.status_code == 400, (path, origin)


@pytest.mark.parametrize("url", [*UNSPLITTABLE, "https://example.org:99999/", "https://example.org:abc/"])
def test_an_unparsable_url_in_a_form_is_a_400_naming_the_field(client: Any, url: str) -> None:
    token = public_token(client)
    correction = client.post(
        "/products/signal/corrections", data={"csrf_token": token, "message": "m", "source_url": url}
    )
    assert correction.status_code == 400, url
    assert "The source must be a web address" in correction.get_data(as_text=True)

    with transaction(sessions_of(client.application)) as session:
        accounts.create_user(session, "nina", STRONG)
    page = client.get("/admin/login").get_data(as_text=True)
    login_token = page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    client.post("/admin/login", data={"csrf_token": login_token, "username": "nina", "password": STRONG})
    page = client.get("/admin/webhooks").get_data(as_text=True)
    form_token = page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    webhook = client.post("/admin/webhooks", data={"csrf_token": form_token, "url": url})
    assert webhook.status_code == 400, url
    assert "Use an http:// or https:// address." in webhook.get_data(as_text=True)


# --- item 17: the secret key file is 0600 from the start ---


def test_the_secret_key_is_created_0600_whatever_the_umask(tmp_path: Path) -> None:
    previous = os.umask(0)
    try:
        key = settings.instance_secret_key(tmp_path / "instance")
    finally:
        os.umask(previous)
    path = tmp_path / "instance" / "secret_key"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert settings.instance_secret_key(tmp_path / "instance") == key
