"""The admin events feed opens with a reviewer's secret token (for feed readers) or a login, nothing else;
the admin pages speak Dutch when the reader chose Dutch, as the public pages do."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime

import pytest
from bs4 import BeautifulSoup
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from compare import accounts, refresh, source_events
from compare.jobs import refresh_jobs
from compare.store.session import transaction
from compare.store.setup import sessions_of
from compare.store.sources import UserRow
from tests.admin.test_review_flow import PASSWORD, csrf, login


@pytest.fixture
def events_app(app: Flask) -> Flask:
    """The seeded app with a reviewer, and one source that started failing."""
    with transaction(sessions_of(app)) as session:
        accounts.create_user(session, "anna", PASSWORD)
        source_id = refresh.sync_sources(session, refresh_jobs.declarations(app))[0].source_id
        source_events.track(session, source_id, True, "HTTP 404", datetime.now(UTC))
    return app


def make_feed_address(client: FlaskClient) -> str:
    """Press "make a feed address" on the events page; return the address it shows."""
    token = csrf(client, "/admin/events")
    page = client.post("/admin/events/feed-token", data={"csrf_token": token})
    assert page.status_code == 200
    assert page.headers["Cache-Control"] == "no-store"
    field = BeautifulSoup(page.data, "lxml").select_one("input.feed-address")
    assert field is not None
    return str(field["value"])


def feed_titles(body: bytes) -> list[str]:
    return [title.get_text() for title in BeautifulSoup(body, "xml").select("entry > title")]


def test_the_feed_opens_with_the_token_without_a_login(events_app: Flask) -> None:
    reviewer = events_app.test_client()
    login(reviewer)
    address = make_feed_address(reviewer)
    reader = events_app.test_client()  # a feed reader: no cookie

    feed = reader.get(address.removeprefix("http://localhost"))

    assert feed.status_code == 200
    assert feed.mimetype == "application/atom+xml"
    assert len(feed_titles(feed.data)) == 1
    assert feed_titles(feed.data)[0].endswith("started failing")


def test_the_feed_is_refused_without_token_or_login_and_with_a_wrong_or_replaced_token(events_app: Flask) -> None:
    reviewer = events_app.test_client()
    login(reviewer)
    first = make_feed_address(reviewer).removeprefix("http://localhost")
    reader = events_app.test_client()
    reviewer_id, secret = first.split("token=")[1].split(".", 1)

    assert reader.get("/admin/events.atom").status_code == 302, "no token, no login: to the login page"
    assert "/admin/login" in reader.get("/admin/events.atom").headers["Location"]
    assert reader.get(f"/admin/events.atom?token={reviewer_id}.{secret[:-1]}x").status_code == 403
    assert reader.get(f"/admin/events.atom?token={int(reviewer_id) + 1}.{secret}").status_code == 403
    assert reader.get("/admin/events.atom?token=").status_code == 403
    assert reader.get("/admin/events.atom?token=1.").status_code == 403

    second = make_feed_address(reviewer).removeprefix("http://localhost")

    assert reader.get(first).status_code == 403, "a new address closes the old one"
    assert reader.get(second).status_code == 200
    reviewer.post("/admin/events/feed-token/remove", data={"csrf_token": csrf(reviewer, "/admin/events")})
    assert reader.get(second).status_code == 403


def test_only_the_hash_of_the_token_is_stored_and_the_page_does_not_show_it_again(events_app: Flask) -> None:
    reviewer = events_app.test_client()
    login(reviewer)
    address = make_feed_address(reviewer)
    secret = address.split("token=")[1].split(".", 1)[1]

    with sessions_of(events_app)() as session:
        row = session.scalars(select(UserRow).where(UserRow.username == "anna")).one()
    assert row.feed_token_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in str(row.__dict__)
    later = reviewer.get("/admin/events").get_data(as_text=True)
    assert secret not in later
    assert "You made a feed address on" in later


def test_a_logged_in_reviewer_reads_the_feed_without_a_token(events_app: Flask) -> None:
    reviewer = events_app.test_client()
    login(reviewer)

    assert reviewer.get("/admin/events.atom").status_code == 200


@pytest.mark.parametrize("path", ["/admin/", "/admin/sources", "/admin/events", "/admin/webhooks"])
def test_admin_pages_speak_dutch_when_the_reader_chose_dutch(events_app: Flask, path: str) -> None:
    client = events_app.test_client()
    login(client)

    english = client.get(path, headers={"Accept-Language": "en"}).get_data(as_text=True)
    dutch = client.get(path + "?lang=nl").get_data(as_text=True)
    remembered = client.get(path).get_data(as_text=True)  # the cookie ?lang= set, as on public pages

    assert "Review queue" in english
    for page in (dutch, remembered):
        assert "Beoordelingswachtrij" in page
        assert "Review queue" not in page
        assert BeautifulSoup(page, "lxml").html["lang"] == "nl"


def test_admin_messages_and_form_errors_are_dutch(events_app: Flask) -> None:
    client = events_app.test_client()
    client.get("/?lang=nl")
    token = csrf(client, "/admin/login")

    wrong = client.post("/admin/login", data={"username": "anna", "password": "wrong", "csrf_token": token})
    assert "Onbekende gebruikersnaam of onjuist wachtwoord." in wrong.get_data(as_text=True)
    assert "Gebruikersnaam" in wrong.get_data(as_text=True)

    login(client)
    refused = client.post("/admin/webhooks", data={"url": "ftp://example.org/x", "csrf_token": csrf(client, "/admin/webhooks")})
    assert refused.status_code == 400
    assert "Gebruik een http://- of https://-adres." in refused.get_data(as_text=True)
    feed = client.get("/admin/events.atom")
    assert feed_titles(feed.data)[0].endswith("begon te falen")


def test_revoking_a_reviewer_also_closes_their_feed_address(events_app: Flask) -> None:
    reviewer = events_app.test_client()
    login(reviewer)
    address = make_feed_address(reviewer).removeprefix("http://localhost")
    reader = events_app.test_client()
    assert reader.get(address).status_code == 200

    result = events_app.test_cli_runner().invoke(args=["users", "revoke", "anna"])

    assert result.exit_code == 0, result.output
    assert "feed address is closed" in result.output
    assert reader.get(address).status_code == 403
