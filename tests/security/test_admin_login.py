"""The admin login against a hostile client and a stolen cookie (issue 12, items 4, 5, 13, 14, 15).

Rate limits per address and per account (also shared through the real Redis, as two app
instances on two hosts would), session versions that logout, password changes and ``users
revoke`` bump, the session lifetime, password strength from the shipped list, case-insensitive
names, passwords only from a prompt or stdin, and the reverse-proxy, HSTS and host settings.
"""

from __future__ import annotations

import re
import shutil
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import insert
from sqlalchemy.exc import IntegrityError

from compare import accounts
from compare.app import create_app
from compare.store.session import transaction
from compare.store.setup import sessions_of
from compare.store.sources import UserRow

STRONG = "correct horse battery staple 42"
REDIS = "redis://127.0.0.1:6379/0"


def make_app(template: Path, folder: Path, **overrides: Any) -> Flask:
    database = folder / f"app-{uuid.uuid4().hex[:8]}.sqlite3"
    shutil.copyfile(template, database)
    return create_app({"TESTING": True, "DATABASE_URL": f"sqlite:///{database}", "SECRET_KEY": "test-secret", **overrides})


@pytest.fixture
def admin_app(tmp_path: Path, seeded_sqlite_template: Path) -> Iterator[Flask]:
    """The seeded app with reviewer ``anna``."""
    app = make_app(seeded_sqlite_template, tmp_path)
    with transaction(sessions_of(app)) as session:
        accounts.create_user(session, "anna", STRONG)
    yield app
    app.extensions["msgcompare.engine"].dispose()


def token(client: FlaskClient, path: str = "/admin/login") -> str:
    page = client.get(path).get_data(as_text=True)
    found = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)
    assert found, page[:500]
    return found.group(1)


def log_in(client: FlaskClient, username: str = "anna", password: str = STRONG, **environ: str) -> int:
    response = client.post(
        "/admin/login",
        data={"csrf_token": token(client), "username": username, "password": password},
        environ_base=environ,
    )
    return response.status_code


# --- item 4: rate limits on login, per account and per address ---


def test_an_account_is_locked_after_five_failures_even_for_the_right_password(admin_app: Flask) -> None:
    client = admin_app.test_client()
    assert [log_in(client, password="wrong password!") for _ in range(5)] == [400] * 5
    response = client.post("/admin/login", data={"csrf_token": token(client), "username": "ANNA ", "password": STRONG})
    assert response.status_code == 429
    assert int(response.headers["Retry-After"]) > 0
    # Another address cannot get at the account either: the lock is on the account.
    assert log_in(admin_app.test_client(), REMOTE_ADDR="192.0.2.7") == 429


def test_one_address_trying_many_accounts_is_stopped(admin_app: Flask) -> None:
    client = admin_app.test_client()
    codes = [log_in(client, username=f"user{i}", password="wrong password!") for i in range(21)]
    assert codes[:20] == [400] * 20
    assert codes[20] == 429
    # a different client address still gets in
    other = admin_app.test_client()
    assert log_in(other, REMOTE_ADDR="192.0.2.99") == 302


def test_a_successful_login_does_not_count(admin_app: Flask) -> None:
    client = admin_app.test_client()
    for _ in range(8):
        assert log_in(client) == 302


def test_failures_are_counted_across_instances_sharing_redis(
    tmp_path: Path, seeded_sqlite_template: Path
) -> None:
    """Two app instances (two hosts behind a balancer) with the queue's Redis share the counters."""
    prefix = f"msgcompare-test-{uuid.uuid4().hex}"
    apps = [
        make_app(seeded_sqlite_template, tmp_path, QUEUE_URL=REDIS, RATELIMIT_KEY_PREFIX=prefix)
        for _ in range(2)
    ]
    try:
        assert all(app.config["RATELIMIT_STORAGE_URI"] == REDIS for app in apps)
        first, second = (app.test_client() for app in apps)
        for client in (first, second, first, second, first):
            assert log_in(client, username="nobody", password="wrong password!") == 400
        assert log_in(second, username="Nobody", password="wrong password!") == 429
    finally:
        for app in apps:
            app.extensions["msgcompare.engine"].dispose()


def test_without_redis_the_counters_stay_in_memory(admin_app: Flask) -> None:
    assert admin_app.config["RATELIMIT_STORAGE_URI"] == "memory://"


# --- item 5: sessions end on logout, password change and revocation; limited lifetime ---


def stolen_cookie(client: FlaskClient) -> str:
    cookie = client.get_cookie("session")
    assert cookie is not None
    return cookie.value


def with_cookie(app: Flask, value: str) -> FlaskClient:
    thief = app.test_client()
    thief.set_cookie("session", value)
    return thief


def test_a_cookie_copied_before_logout_no_longer_opens_the_admin(admin_app: Flask) -> None:
    client = admin_app.test_client()
    assert log_in(client) == 302
    copy = stolen_cookie(client)
    assert with_cookie(admin_app, copy).get("/admin/").status_code == 200
    assert client.post("/admin/logout", data={"csrf_token": token(client, "/admin/")}).status_code == 302
    assert with_cookie(admin_app, copy).get("/admin/").status_code == 302  # back to the login page


@pytest.mark.parametrize("command", [["users", "revoke", "ANNA"], ["users", "password", "anna"]])
def test_revocation_and_a_new_password_end_every_session(admin_app: Flask, command: list[str]) -> None:
    client = admin_app.test_client()
    assert log_in(client) == 302
    copy = stolen_cookie(client)
    result = admin_app.test_cli_runner().invoke(args=command, input="another long passphrase 7\n")
    assert result.exit_code == 0, result.output
    assert client.get("/admin/").status_code == 302
    assert with_cookie(admin_app, copy).get("/admin/").status_code == 302


def test_admin_sessions_expire(tmp_path: Path, seeded_sqlite_template: Path) -> None:
    app = make_app(seeded_sqlite_template, tmp_path, PERMANENT_SESSION_LIFETIME=timedelta(seconds=1))
    with transaction(sessions_of(app)) as session:
        accounts.create_user(session, "anna", STRONG)
    client = app.test_client()
    assert log_in(client) == 302
    assert client.get("/admin/").status_code == 200
    time.sleep(2.1)
    assert client.get("/admin/").status_code == 302
    assert make_app(seeded_sqlite_template, tmp_path).permanent_session_lifetime == timedelta(hours=8)


# --- item 15: password strength, case-insensitive names, no password on the command line ---


@pytest.mark.parametrize(
    ("password", "reason"),
    [
        ("aaaaaaaaaaaa", "at least 6 different characters"),
        ("short1!", "at least 12 characters"),
        ("Password1234", "commonly used"),
        ("qwertyuiop!!", "commonly used"),
        ("iloveyou2026!", "commonly used"),
        ("monkeymonkeymonkey", "commonly used"),
        ("abcdefabcdefabcdef", "a short piece repeated"),
        ("anna-likes-long-words", "must not contain the user name"),
    ],
)
def test_weak_passwords_are_refused(admin_app: Flask, password: str, reason: str) -> None:
    with pytest.raises(accounts.AccountError, match=reason), transaction(sessions_of(admin_app)) as session:
        accounts.create_user(session, "Anna", password)  # the password is judged before the name


def test_names_are_unique_whatever_the_case(admin_app: Flask) -> None:
    with pytest.raises(accounts.AccountError, match="already exists"), transaction(sessions_of(admin_app)) as session:
        accounts.create_user(session, "Anna", STRONG)
    assert log_in(admin_app.test_client(), username="ANNA") == 302


def test_the_database_refuses_a_second_name_differing_only_in_case(admin_app: Flask) -> None:
    """Two processes that both checked before either wrote: the unique index decides."""
    with pytest.raises(IntegrityError), transaction(sessions_of(admin_app)) as session:
        session.execute(insert(UserRow).values(username="ANNA", password_hash="x", created_at=datetime.now(UTC)))


def test_the_cli_reads_the_password_from_stdin_and_has_no_password_option(admin_app: Flask) -> None:
    runner = admin_app.test_cli_runner()
    made = runner.invoke(args=["users", "create", "bert"], input=f"{STRONG}\n")
    assert made.exit_code == 0, made.output
    assert STRONG not in made.output
    refused = runner.invoke(args=["users", "create", "carl", "--password", STRONG])
    assert refused.exit_code == 2
    assert "No such option" in refused.output
    weak = runner.invoke(args=["users", "create", "dora"], input="aaaaaaaaaaaa\n")
    assert weak.exit_code == 1
    assert "different characters" in weak.output


# --- item 14: no-store on admin pages; behind a proxy: client address, Secure cookies, HSTS ---


def test_admin_pages_are_never_stored(admin_app: Flask) -> None:
    client = admin_app.test_client()
    assert client.get("/admin/login").headers["Cache-Control"] == "no-store"
    assert log_in(client) == 302
    assert client.get("/admin/").headers["Cache-Control"] == "no-store"


def test_behind_one_proxy_cookies_are_secure_and_https_answers_carry_hsts(
    tmp_path: Path, seeded_sqlite_template: Path
) -> None:
    app = make_app(seeded_sqlite_template, tmp_path, PROXY_COUNT=1)
    with transaction(sessions_of(app)) as session:
        accounts.create_user(session, "anna", STRONG)
    client = app.test_client()
    forwarded = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "198.51.100.4"}
    page = client.get("/admin/login", headers=forwarded)
    assert page.headers["Strict-Transport-Security"].startswith("max-age=31536000")
    csrf = page.get_data(as_text=True).split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    response = client.post("/admin/login", headers=forwarded, data={"csrf_token": csrf, "username": "anna", "password": STRONG})
    assert response.status_code == 302
    assert "Secure" in response.headers["Set-Cookie"]
    assert "HttpOnly" in response.headers["Set-Cookie"]
    # The limiter sees the forwarded client address, not the proxy's.
    for _ in range(20):
        client.post("/admin/login", headers={**forwarded, "X-Forwarded-For": "198.51.100.5"}, data={"csrf_token": csrf, "username": "x", "password": "wrong password!"})
    assert client.post("/admin/login", headers={**forwarded, "X-Forwarded-For": "198.51.100.5"}, data={"csrf_token": csrf, "username": "x", "password": "y"}).status_code == 429
    assert client.get("/admin/login", headers=forwarded).status_code == 200


def test_without_a_proxy_there_is_no_hsts_and_no_secure_flag(admin_app: Flask) -> None:
    client = admin_app.test_client()
    assert "Strict-Transport-Security" not in client.get("/").headers
    assert log_in(client) == 302


# --- item 13: the Host header never reaches an absolute URL ---


ABSOLUTE = ["/api/v1/openapi.json", "/api/v1/", "/embed/ranking", "/report.html?charts=0", "/"]


def test_an_unknown_host_is_refused_by_default(client: FlaskClient) -> None:
    for path in ABSOLUTE:
        assert client.get(path, headers={"Host": "evil.example"}).status_code == 400, path
    assert client.get("/", headers={"Host": "127.0.0.1:5000"}).status_code == 200


def test_absolute_urls_use_the_public_base_url(tmp_path: Path, seeded_sqlite_template: Path) -> None:
    app = make_app(seeded_sqlite_template, tmp_path, PUBLIC_BASE_URL="https://compare.example.org", TRUSTED_HOSTS=["compare.example.org", "internal.lan"])
    client = app.test_client()
    for path in ABSOLUTE:
        body = client.get(path, headers={"Host": "internal.lan"}).get_data(as_text=True)
        assert "internal.lan" not in body, path
    assert "https://compare.example.org" in client.get("/api/v1/openapi.json", headers={"Host": "internal.lan"}).get_data(as_text=True)
    assert client.get("/", headers={"Host": "evil.example"}).status_code == 400
