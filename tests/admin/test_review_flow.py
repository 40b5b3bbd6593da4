"""The review flow end to end through the Flask test client: login, queue, diff, accept, reject.

Proposals come from a real refresh against a real local HTTP server; forms carry real CSRF tokens.
"""

from __future__ import annotations

import json

import pytest
from bs4 import BeautifulSoup
from flask import Flask
from flask.testing import FlaskClient
from pytest_httpserver import HTTPServer
from sqlalchemy import select

from compare import accounts, refresh
from compare.store import queries
from compare.store.session import transaction
from compare.store.setup import sessions_of
from compare.store.sources import ProposalRow, ProposalStatus, SourceDocumentRow
from criteria.evidence_rules import levels_of, load_evidence_rules
from scrapers.fetch import FetchSettings
from tests.compare.test_refresh import declaration, page

PASSWORD = "correct horse battery"


def csrf(client: FlaskClient, path: str) -> str:
    html = client.get(path).get_data(as_text=True)
    field = BeautifulSoup(html, "lxml").find("input", attrs={"name": "csrf_token"})
    assert field is not None, html
    return str(field["value"])


@pytest.fixture
def reviewed_app(app: Flask, httpserver: HTTPServer) -> Flask:
    """The seeded app with a reviewer and proposals from two real versions of a vendor page."""
    with transaction(sessions_of(app)) as session:
        accounts.create_user(session, "anna", PASSWORD)
    httpserver.expect_request("/robots.txt").respond_with_data("User-agent: *\nAllow: /\n")
    settings = FetchSettings(contact_url="https://msgcompare.example", version="t", allow_networks=("127.0.0.1/32",))
    book = load_evidence_rules(levels_of(app.extensions["msgcompare.catalogue"]))
    source = [declaration(httpserver.url_for("/legal/privacy-policy"))]
    for version in ("2020-07-29", "2021-01-01"):
        httpserver.expect_oneshot_request("/legal/privacy-policy").respond_with_data(page(version), content_type="text/html")
        refresh.refresh(sessions_of(app), source, book, settings)
    return app


def login(client: FlaskClient) -> None:
    token = csrf(client, "/admin/login")
    response = client.post("/admin/login", data={"username": "anna", "password": PASSWORD, "csrf_token": token})
    assert response.status_code == 302


def pending(app: Flask, criterion: str) -> ProposalRow:
    with sessions_of(app)() as session:
        return session.scalars(
            select(ProposalRow).where(ProposalRow.status == ProposalStatus.PENDING, ProposalRow.criterion_id == criterion)
        ).one()


@pytest.mark.parametrize("path", ["/admin/", "/admin/sources", "/admin/proposals/1", "/admin/sources/1/diff?from=1&to=2"])
def test_admin_pages_need_a_login(client: FlaskClient, path: str) -> None:
    response = client.get(path)

    assert response.status_code == 302
    assert "/admin/login" in response.headers["Location"]


def test_wrong_password_is_refused_with_the_form_again(reviewed_app: Flask) -> None:
    client = reviewed_app.test_client()
    token = csrf(client, "/admin/login")

    response = client.post("/admin/login", data={"username": "anna", "password": "wrong password!", "csrf_token": token})

    assert response.status_code == 400
    assert "Unknown user name or wrong password" in response.get_data(as_text=True)


def test_posting_without_a_csrf_token_is_refused(reviewed_app: Flask) -> None:
    client = reviewed_app.test_client()
    login(client)
    proposal = pending(reviewed_app, "eu-storage")

    response = client.post(f"/admin/proposals/{proposal.id}/accept", data={"note": "ok"})

    assert response.status_code == 400
    assert pending(reviewed_app, "eu-storage").id == proposal.id


def test_queue_lists_proposals_and_a_proposal_shows_diff_and_evidence(reviewed_app: Flask) -> None:
    client = reviewed_app.test_client()
    login(client)
    proposal = pending(reviewed_app, "eu-storage")

    queue = client.get("/admin/").get_data(as_text=True)
    detail = client.get(f"/admin/proposals/{proposal.id}").get_data(as_text=True)

    assert f"/admin/proposals/{proposal.id}" in queue
    soup = BeautifulSoup(detail, "lxml")
    assert soup.find("mark", id="evidence").get_text() == proposal.quote
    assert soup.select("table.diff ins")  # the 2021 additions
    assert "Facebook Companies" in soup.select_one("table.diff").get_text()


def test_queue_and_proposal_show_confidence_and_the_matched_words(reviewed_app: Flask) -> None:
    client = reviewed_app.test_client()
    login(client)
    proposal = pending(reviewed_app, "eu-storage")
    assert proposal.matched
    assert proposal.confidence is not None
    assert 0.1 <= proposal.confidence <= 1.0

    queue = BeautifulSoup(client.get("/admin/").get_data(as_text=True), "lxml")
    detail = BeautifulSoup(client.get(f"/admin/proposals/{proposal.id}").get_data(as_text=True), "lxml")

    cells = [td.get_text() for td in queue.select("td.confidence")]
    assert f"{round(proposal.confidence * 100)} %" in cells
    why = detail.select_one("dd.why").get_text()
    assert why.startswith(f"Rule {proposal.rule_id} matched the words “{proposal.matched}”")
    assert f"confidence {round(proposal.confidence * 100)} %" in why


def test_accepting_creates_a_fact_revision_pointing_at_proposal_and_snapshot(reviewed_app: Flask) -> None:
    client = reviewed_app.test_client()
    login(client)
    proposal = pending(reviewed_app, "eu-storage")
    token = csrf(client, f"/admin/proposals/{proposal.id}")

    response = client.post(f"/admin/proposals/{proposal.id}/accept", data={"note": "Checked against the page.", "csrf_token": token})

    assert response.status_code == 302
    with sessions_of(reviewed_app)() as session:
        fact = next(f for f in queries.current_facts(session) if f.key == ("whatsapp-business-app", None, "eu-storage"))
        decided = session.get(ProposalRow, proposal.id)
        history = queries.fact_history(session, "whatsapp-business-app", None, "eu-storage")
    assert (fact.level_id, fact.author, fact.proposal_id, fact.snapshot_id) == ("us-or-global", "anna", proposal.id, proposal.snapshot_id)
    assert fact.evidence is not None
    assert fact.evidence.quote == proposal.quote
    assert decided is not None
    assert (decided.status, decided.decided_by) == (ProposalStatus.ACCEPTED, "anna")
    assert len(history) == 2
    assert fact.previous_revision_id == history[0].revision_id


def test_rejecting_needs_a_reason_and_leaves_the_fact_alone(reviewed_app: Flask) -> None:
    client = reviewed_app.test_client()
    login(client)
    proposal = pending(reviewed_app, "vendor-data-use")
    with sessions_of(reviewed_app)() as session:
        before = next(f for f in queries.current_facts(session) if f.key == ("whatsapp-business-app", None, "vendor-data-use"))

    empty = client.post(f"/admin/proposals/{proposal.id}/reject", data={"reason": "", "csrf_token": csrf(client, f"/admin/proposals/{proposal.id}")})
    assert empty.status_code == 400
    assert "A rejection needs a reason" in empty.get_data(as_text=True)

    done = client.post(
        f"/admin/proposals/{proposal.id}/reject",
        data={"reason": "Consumer policy, not the business terms.", "csrf_token": csrf(client, f"/admin/proposals/{proposal.id}")},
    )
    assert done.status_code == 302
    with sessions_of(reviewed_app)() as session:
        after = next(f for f in queries.current_facts(session) if f.key == before.key)
        decided = session.get(ProposalRow, proposal.id)
    assert after.revision_id == before.revision_id
    assert decided is not None
    assert (decided.status, decided.decision_reason) == (ProposalStatus.REJECTED, "Consumer policy, not the business terms.")


def test_a_decided_proposal_cannot_be_decided_again(reviewed_app: Flask) -> None:
    client = reviewed_app.test_client()
    login(client)
    proposal = pending(reviewed_app, "eu-storage")
    client.post(f"/admin/proposals/{proposal.id}/accept", data={"csrf_token": csrf(client, f"/admin/proposals/{proposal.id}")})
    token = csrf(client, "/admin/")

    again = client.post(f"/admin/proposals/{proposal.id}/reject", data={"reason": "oops", "csrf_token": token}, follow_redirects=True)

    assert "already accepted" in again.get_data(as_text=True)


def test_sources_page_and_version_diff_as_page_and_json(reviewed_app: Flask) -> None:
    client = reviewed_app.test_client()
    login(client)
    with sessions_of(reviewed_app)() as session:
        source = session.scalars(select(SourceDocumentRow)).one()

    listing = client.get("/admin/sources").get_data(as_text=True)
    as_page = client.get(f"/admin/sources/{source.id}/diff?from=1&to=2")
    as_json = client.get(f"/admin/sources/{source.id}/diff.json?from=1&to=2")
    bad = client.get(f"/admin/sources/{source.id}/diff?from=1&to=99")

    assert "privacy-policy" in listing
    assert "changed" in listing
    assert as_page.status_code == 200
    document = json.loads(as_json.get_data(as_text=True))
    assert document["diff"]["changed"] is True
    assert document["diff"]["summary"]["added"] + document["diff"]["summary"]["changed"] > 0
    assert bad.status_code == 400


def test_logout_needs_a_post_with_token(reviewed_app: Flask) -> None:
    client = reviewed_app.test_client()
    login(client)

    token = csrf(client, "/admin/")
    assert client.post("/admin/logout", data={"csrf_token": token}).status_code == 302
    assert client.get("/admin/").status_code == 302


def under_review(client: FlaskClient, path: str) -> dict[str, bool]:
    document = client.get(path, headers={"Accept": "application/json"}).get_json()
    return {c["id"]: any(f["under_review"] for f in c["facts"]) for c in document["criteria"]}


def test_public_pages_mark_facts_with_an_open_proposal_until_it_is_decided(reviewed_app: Flask) -> None:
    client = reviewed_app.test_client()
    page_html = client.get("/products/whatsapp-business-app").get_data(as_text=True)
    marks = under_review(client, "/products/whatsapp-business-app")
    compare = client.get("/compare?products=whatsapp-business-app,signal").get_data(as_text=True)

    assert "Source changed — under review" in page_html
    assert "Source changed — under review" in compare
    assert marks["eu-storage"] is True
    assert marks["account-security"] is False
    assert under_review(client, "/products/signal")["eu-storage"] is False

    login(client)
    proposal = pending(reviewed_app, "eu-storage")
    client.post(f"/admin/proposals/{proposal.id}/accept", data={"csrf_token": csrf(client, f"/admin/proposals/{proposal.id}")})

    assert under_review(client, "/products/whatsapp-business-app")["eu-storage"] is False
    dutch = client.get("/products/whatsapp-business-app?lang=nl").get_data(as_text=True)
    assert "Bron gewijzigd — wordt beoordeeld" in dutch
