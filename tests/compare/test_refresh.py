"""Refresh end to end: a real local HTTP server serving real vendor documents, real databases.

The pages are the archived WhatsApp privacy policies of 2020-07-29 and 2021-01-01 (the change
behind the 2021 uproar) wrapped in realistic clutter.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from pytest_httpserver import HTTPServer
from sqlalchemy import event, func, select
from sqlalchemy.orm import Session, sessionmaker

from compare import refresh
from compare.dataset import Dataset
from compare.store import queries
from compare.store.session import transaction
from compare.store.sources import (
    DocumentVersionRow,
    FetchStatus,
    ProposalRow,
    ProposalStatus,
    SnapshotRow,
    SourceDocumentRow,
)
from criteria.evidence_rules import RuleBook, levels_of, load_evidence_rules
from criteria.model import Catalogue
from scrapers.declarations import SourceDeclaration
from scrapers.fetch import FetchSettings

POLICIES = Path(__file__).resolve().parents[1] / "fixtures" / "scrapers" / "policies"
PRODUCT = "whatsapp-business-app"


def page(version: str, *, wrapper_id: str = "content-wrapper") -> bytes:
    """The archived policy as the vendor's site would serve it: nav, cookie banner, scripts, footer."""
    body = MarkdownIt("commonmark").render((POLICIES / "whatsapp" / "privacy-policy" / f"{version}.md").read_text(encoding="utf-8"))
    return (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'><title>WhatsApp Legal</title>"
        "<script>dataLayer.push({'event': 'pageview'})</script></head><body>"
        "<nav><a href='/'>Home</a> <a href='/download'>Download</a></nav>"
        "<div class='cookie-banner'><p>We use cookies.</p><button>Accept</button></div>"
        f"<div id='{wrapper_id}'>{body}<a href='#top-of-page'>Back to top</a></div>"
        "<footer>© WhatsApp LLC</footer></body></html>"
    ).encode()


def declaration(url: str, select: str = "#content-wrapper") -> SourceDeclaration:
    return SourceDeclaration.model_validate(
        {
            "product_id": PRODUCT,
            "documents": [
                {
                    "id": "privacy-policy",
                    "url": url,
                    "type": "privacy-policy",
                    "select": [select],
                    "remove": ["[href='#top-of-page']"],
                    "criteria": ["eu-storage", "vendor-data-use", "encryption", "cloud-backups", "metadata-minimisation"],
                }
            ],
        }
    )


@pytest.fixture
def settings() -> FetchSettings:
    return FetchSettings(
        contact_url="https://msgcompare.example/about", version="test", max_retries=1, backoff=0.01,
        connect_timeout=2, read_timeout=5, total_timeout=10, allow_networks=("127.0.0.1/32",),
    )


@pytest.fixture
def book(catalogue: Catalogue) -> RuleBook:
    return load_evidence_rules(levels_of(catalogue))


@pytest.fixture
def store(sessions: sessionmaker[Session], seed: Dataset) -> sessionmaker[Session]:
    with transaction(sessions) as session:
        queries.load_seed(session, seed)
    return sessions


@pytest.fixture
def server(httpserver: HTTPServer) -> HTTPServer:
    httpserver.expect_request("/robots.txt").respond_with_data("User-agent: *\nAllow: /\n", content_type="text/plain")
    return httpserver


def serve(server: HTTPServer, body: bytes, *, etag: str | None = None, status: int = 200) -> None:
    headers = {"ETag": etag} if etag else {}
    server.expect_oneshot_request("/legal/privacy-policy").respond_with_data(body, status=status, headers=headers, content_type="text/html; charset=utf-8")


def counts(sessions: sessionmaker[Session]) -> dict[str, int]:
    with sessions() as session:
        return {
            table.__tablename__: int(session.scalar(select(func.count()).select_from(table)) or 0)
            for table in (SnapshotRow, DocumentVersionRow, ProposalRow)
        }


def source_row(sessions: sessionmaker[Session]) -> SourceDocumentRow:
    with sessions() as session:
        row = session.scalars(select(SourceDocumentRow)).one()
        session.expunge(row)
        return row


def facts_of(sessions: sessionmaker[Session]) -> list[tuple[object, ...]]:
    with sessions() as session:
        return sorted((f.key, f.level_id, f.revision_id) for f in queries.current_facts(session) if f.product_id == PRODUCT)  # type: ignore[misc]


def run(store: sessionmaker[Session], server: HTTPServer, book: RuleBook, settings: FetchSettings, **kwargs: object) -> refresh.RefreshReport:
    url = server.url_for("/legal/privacy-policy")
    return refresh.refresh(store, [declaration(url, **kwargs)], book, settings)  # type: ignore[arg-type]


def test_first_refresh_records_snapshot_version_and_proposals_but_no_fact(store, server, book, settings) -> None:  # type: ignore[no-untyped-def]
    serve(server, page("2020-07-29"), etag='"v1"')
    facts_before = facts_of(store)

    report = run(store, server, book, settings)

    [outcome] = report.outcomes
    assert outcome.status is FetchStatus.NEW
    assert counts(store)["snapshot"] == 1
    with store() as session:
        version = session.scalars(select(DocumentVersionRow)).one()
        proposals = session.scalars(select(ProposalRow)).all()
    assert "We use cookies." not in version.text
    assert "© WhatsApp LLC" not in version.text
    assert "Back to top" not in version.text
    assert outcome.proposals == len(proposals) > 0
    assert {p.status for p in proposals} == {ProposalStatus.PENDING}
    us_transfer = next(p for p in proposals if p.criterion_id == "eu-storage")
    assert us_transfer.level_id == "us-or-global"
    assert "transferred" in us_transfer.quote
    assert facts_of(store) == facts_before


def test_unchanged_page_costs_a_304_and_stores_nothing(store, server, book, settings) -> None:  # type: ignore[no-untyped-def]
    serve(server, page("2020-07-29"), etag='"v1"')
    run(store, server, book, settings)
    server.expect_oneshot_request("/legal/privacy-policy", headers={"If-None-Match": '"v1"'}).respond_with_data("", status=304)
    before = counts(store)

    [outcome] = run(store, server, book, settings).outcomes

    assert outcome.status is FetchStatus.UNCHANGED
    assert counts(store) == before


def test_vendor_change_adds_a_version_and_supersedes_open_proposals(store, server, book, settings) -> None:  # type: ignore[no-untyped-def]
    serve(server, page("2020-07-29"))
    run(store, server, book, settings)
    serve(server, page("2021-01-01"))

    [outcome] = run(store, server, book, settings).outcomes

    assert outcome.status is FetchStatus.CHANGED
    assert outcome.technical is False
    with store() as session:
        versions = session.scalars(select(DocumentVersionRow).order_by(DocumentVersionRow.id)).all()
        pending = session.scalars(select(ProposalRow).where(ProposalRow.status == ProposalStatus.PENDING)).all()
        superseded = session.scalars(select(ProposalRow).where(ProposalRow.status == ProposalStatus.SUPERSEDED)).all()
    assert len(versions) == 2
    assert "Facebook Companies" in versions[1].text
    assert pending
    assert all(p.version_id == versions[1].id and p.previous_version_id == versions[0].id for p in pending)
    assert superseded


def test_our_selector_change_is_a_technical_version_without_proposals(store, server, book, settings) -> None:  # type: ignore[no-untyped-def]
    body = page("2020-07-29")
    serve(server, body)
    run(store, server, book, settings)
    before = counts(store)
    serve(server, body)

    [outcome] = run(store, server, book, settings, select="#content-wrapper p").outcomes

    assert (outcome.status, outcome.technical, outcome.proposals) == (FetchStatus.CHANGED, True, 0)
    after = counts(store)
    assert after["snapshot"] == before["snapshot"]
    assert after["document_version"] == before["document_version"] + 1
    assert after["proposal"] == before["proposal"]


@pytest.mark.parametrize(
    ("status", "body", "reason"),
    [
        (500, b"Internal Server Error", "HTTP 500"),
        (404, b"Not found", "HTTP 404"),
        (200, b"<html><body><div id='other'>We moved things around.</div></body></html>", "has no match"),
    ],
)
def test_failure_keeps_the_last_good_snapshot_versions_and_facts(store, server, book, settings, status, body, reason) -> None:  # type: ignore[no-untyped-def]
    serve(server, page("2020-07-29"))
    run(store, server, book, settings)
    before, facts_before = counts(store), facts_of(store)
    for _ in range(2):  # a 5xx is retried once
        serve(server, body, status=status)

    [outcome] = run(store, server, book, settings).outcomes

    assert outcome.status is FetchStatus.FAILED
    assert reason in (outcome.reason or "")
    assert counts(store) == before
    assert facts_of(store) == facts_before
    row = source_row(store)
    assert row.status is FetchStatus.FAILED
    assert reason in (row.error or "")
    assert row.last_success_at is not None


def test_a_crash_while_recording_leaves_the_database_as_before_that_source(store, server, book, settings) -> None:  # type: ignore[no-untyped-def]
    serve(server, page("2020-07-29"))
    run(store, server, book, settings)
    before = counts(store)
    serve(server, page("2021-01-01"))

    def power_cut(*_args: object) -> None:
        raise RuntimeError("power cut")

    # Fault injection: the insert of the new version fails after the snapshot was written.
    event.listen(DocumentVersionRow, "before_insert", power_cut)
    try:
        [outcome] = run(store, server, book, settings).outcomes
    finally:
        event.remove(DocumentVersionRow, "before_insert", power_cut)

    assert outcome.status is FetchStatus.FAILED
    assert "power cut" in (outcome.reason or "")
    assert counts(store) == before
    assert source_row(store).status is FetchStatus.FAILED


def test_unknown_products_are_not_watched(store, server, book, settings) -> None:  # type: ignore[no-untyped-def]
    stray = SourceDeclaration.model_validate(
        {"product_id": "pager-2000", "documents": [{"id": "terms", "url": server.url_for("/t"), "type": "terms", "criteria": ["encryption"]}]}
    )

    report = refresh.refresh(store, [stray], book, settings)

    assert report.outcomes == []
