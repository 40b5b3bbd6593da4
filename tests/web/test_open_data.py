"""/data (English and Dutch), the downloads, the paged change log and /changes.atom."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from datetime import UTC, datetime

from flask import Flask
from flask.testing import FlaskClient

from compare.store import transfer
from compare.store.setup import sessions_of
from criteria.model import Catalogue
from tests.admin import test_review_flow
from tests.admin.test_review_flow import csrf, login, pending
from tests.conftest import RecordFact, verified
from tests.web.conftest import Pages

ATOM = "{http://www.w3.org/2005/Atom}"
reviewed_app = test_review_flow.reviewed_app  # the review flow's fixture: proposals from a real refresh


def test_data_page_answers_in_both_languages_with_licence_downloads_and_schema(pages: Pages) -> None:
    english = pages.html("/data")
    dutch = pages.html("/data?lang=nl")

    assert "CC BY 4.0" in english
    assert 'href="/data/msgcompare-dataset.json"' in english
    assert 'href="/data/facts.csv"' in english
    assert 'href="/changes.atom"' in english
    assert "<code>practical_fact</code>" in english
    assert "No fact has changed since the research data was loaded." in english
    assert "Open data: de dataset achter elke rangschikking" in dutch
    assert "Wijzigingslogboek" in dutch
    assert "CC BY 4.0" in dutch


def test_footer_and_method_page_link_to_the_data_page(pages: Pages) -> None:
    assert 'href="/data"' in pages.html("/")
    assert 'href="/data"' in pages.html("/method")
    assert 'href="/data"' in pages.html("/method?lang=nl")


def test_dataset_download_is_the_export(client: FlaskClient, app: Flask) -> None:
    response = client.get("/data/msgcompare-dataset.json")

    assert response.status_code == 200
    assert "attachment" in response.headers["Content-Disposition"]
    with sessions_of(app)() as session:
        expected = transfer.export_document(session)
    assert json.loads(response.get_data(as_text=True)) == expected


def test_facts_csv_has_one_row_per_fact_with_evidence(client: FlaskClient, pages: Pages) -> None:
    response = client.get("/data/facts.csv")

    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    data = pages.json("/data.json")
    assert len(rows) == data["counts"]["facts"]
    signal = next(r for r in rows if (r["product"], r["criterion"]) == ("signal", "encryption"))
    assert signal["status"] == "verified"
    assert signal["quote"]
    assert signal["source_url"].startswith("https://")


def test_facts_csv_neutralises_text_a_spreadsheet_would_run(client: FlaskClient, record_fact: RecordFact) -> None:
    # Quotes are vendor text accepted from scraper proposals: a sentence may start like a formula.
    record_fact("signal", "encryption", **verified("e2ee-default", '=HYPERLINK("https://evil.example","open")'))
    record_fact("slack", "encryption", **verified("e2ee-default", "-2+3=cmd|' /C calc'!A0 messages are encrypted."))

    response = client.get("/data/facts.csv")

    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    quotes = {r["product"]: r["quote"] for r in rows if r["criterion"] == "encryption" and not r["edition"]}
    assert quotes["signal"] == "'=HYPERLINK(\"https://evil.example\",\"open\")"
    assert quotes["slack"] == "'-2+3=cmd|' /C calc'!A0 messages are encrypted."
    assert all(not value.startswith(("=", "+", "-", "@", "\t", "\r")) for row in rows for value in row.values())


def test_change_log_lists_accepted_revisions_newest_first_with_old_and_new_level(pages: Pages, record_fact: RecordFact) -> None:
    record_fact("signal", "encryption", recorded_at=datetime(2026, 12, 1, tzinfo=UTC), **verified("transport-only", "Messages are encrypted in transit."))
    record_fact("slack", "encryption", recorded_at=datetime(2026, 12, 3, tzinfo=UTC), **verified("e2ee-default", "All messages are end-to-end encrypted."))

    document = pages.json("/data.json")
    page = pages.html("/data")
    dutch = pages.html("/data?lang=nl")

    first, second = document["changes"][:2]
    assert (first["product"], second["product"]) == ("slack", "signal")
    assert second["old_level"] == "e2ee-default"
    assert second["new_level"] == "transport-only"
    assert second["reason"] == "test revision"
    assert document["counts"]["changes"] == 2
    assert "Signal</a></td>" in page
    assert "test revision" in page
    assert "1 december 2026" in dutch


def test_change_log_is_paged(pages: Pages, record_fact: RecordFact, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from compare.web import open_data

    monkeypatch.setattr(open_data, "PAGE_SIZE", 1)
    record_fact("signal", "encryption", recorded_at=datetime(2026, 12, 1, tzinfo=UTC), **verified("transport-only", "Messages are encrypted in transit."))
    record_fact("slack", "encryption", recorded_at=datetime(2026, 12, 3, tzinfo=UTC), **verified("e2ee-default", "All messages are end-to-end encrypted."))

    first = pages.json("/data.json")
    second = pages.json("/data.json?page=2")

    assert [c["product"] for c in first["changes"]] == ["slack"]
    assert [c["product"] for c in second["changes"]] == ["signal"]
    assert second["page"] == {"number": 2, "count": 2, "size": 1, "total": 2}
    assert 'rel="next"' in pages.html("/data")
    pages.html("/data?page=3", status=404)
    pages.html("/data?page=zero", status=400)


def test_changes_atom_carries_the_accepted_changes(client: FlaskClient, record_fact: RecordFact) -> None:
    record_fact("signal", "encryption", recorded_at=datetime(2026, 12, 1, tzinfo=UTC), **verified("transport-only", "Messages are encrypted in transit <script>."))

    response = client.get("/changes.atom")

    assert response.status_code == 200
    assert response.mimetype == "application/atom+xml"
    feed = ET.fromstring(response.get_data())  # noqa: S314 - our own feed, built from escaped templates
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == 1
    title = entries[0].findtext(f"{ATOM}title") or ""
    assert title.startswith("Signal · Encryption of message content:")
    assert "→" in title
    assert entries[0].findtext(f"{ATOM}updated", "").startswith("2026-12-01T")
    assert "test revision" in (entries[0].findtext(f"{ATOM}summary") or "")


def test_changes_atom_is_valid_when_nothing_changed(client: FlaskClient) -> None:
    feed = ET.fromstring(client.get("/changes.atom").get_data())  # noqa: S314 - our own feed

    assert feed.findall(f"{ATOM}entry") == []
    assert feed.findtext(f"{ATOM}updated")


def test_feed_shows_documents_under_review_then_the_accepted_change(reviewed_app: Flask) -> None:
    client = reviewed_app.test_client()
    before = ET.fromstring(client.get("/changes.atom").get_data())  # noqa: S314 - our own feed
    reviewing = [e for e in before.findall(f"{ATOM}entry") if e.find(f"{ATOM}category").get("term") == "under-review"]  # type: ignore[union-attr]
    assert reviewing
    assert any("WhatsApp Business" in (e.findtext(f"{ATOM}title") or "") for e in reviewing)

    login(client)
    proposal = pending(reviewed_app, "eu-storage")
    token = csrf(client, f"/admin/proposals/{proposal.id}")
    client.post(f"/admin/proposals/{proposal.id}/accept", data={"note": "Checked against the page.", "csrf_token": token})

    after = ET.fromstring(client.get("/changes.atom").get_data())  # noqa: S314 - our own feed
    accepted = [e for e in after.findall(f"{ATOM}entry") if e.find(f"{ATOM}category").get("term") == "accepted"]  # type: ignore[union-attr]
    assert len(accepted) == 1
    assert "Data location and transfers" in (accepted[0].findtext(f"{ATOM}title") or "")
    log = client.get("/data.json").get_json()
    assert log["changes"][0]["product"] == "whatsapp-business-app"
    assert log["changes"][0]["new_level"] == "us-or-global"
    assert log["changes"][0]["author"] == "anna"


def test_data_page_says_how_complete_the_data_is_and_which_cells_are_open(app: Flask, pages: Pages, record_fact: RecordFact, catalogue: Catalogue) -> None:
    from compare.audit import coverage
    from compare.web.context import comparison

    document = pages.json("/data.json")["coverage"]
    with app.test_request_context("/data"):
        expected = coverage(catalogue, tuple(comparison().offers))
    assert [(r["criterion"], r["verified"], r["cells"], r["met"]) for r in document["rows"]] == [
        (row.criterion_id, row.verified, row.cells, row.passed) for row in expected
    ]
    assert all(len(r["open"]) == r["cells"] - r["verified"] for r in document["rows"])
    assert f"{document['met']} of {len(expected)} criteria meet their target" in document["summary"]

    # a cell a reviewer verifies leaves the open list and counts as verified
    row, cell = next((r, c) for r in document["rows"] for c in r["open"] if ":" not in c["offer"] and c["status"] == "unverified")
    level = catalogue.criterion(row["criterion"]).levels[0].id
    record_fact(cell["offer"], row["criterion"], **verified(level, "The vendor's own words on this criterion."))
    after = next(r for r in pages.json("/data.json")["coverage"]["rows"] if r["criterion"] == row["criterion"])
    assert after["verified"] == row["verified"] + 1
    assert cell["offer"] not in {c["offer"] for c in after["open"]}

    english, dutch = pages.html("/data"), pages.html("/data?lang=nl")
    assert "How complete the data is" in english
    assert f"{after['verified']} of {after['cells']}" in english
    assert "Hoe volledig de gegevens zijn" in dutch
    assert "open cellen" in dutch or "open cel<" in dutch

