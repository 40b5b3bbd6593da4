"""Change detection on real consecutive versions of vendor documents, fetched from a local server."""

from __future__ import annotations

import json

from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from scrapers.changes import ChangeKind, Row, TextDiff, diff
from scrapers.extract import Extract, extract
from scrapers.fetch import FetchRequest, FetchResult, FetchSettings, fetch_all
from tests.scrapers.vendor_site import declaration, policy, vendor_page


def versions(
    site: HTTPServer, settings: FetchSettings, first: str, second: str
) -> tuple[Extract, Extract]:
    """Serve ``first`` at one URL, fetch it, let the vendor publish ``second``, fetch again."""
    live = {"etag": '"1"', "page": vendor_page(policy(first))}

    def page(request: Request) -> Response:
        if request.headers.get("If-None-Match") == live["etag"]:
            return Response(status=304)
        return Response(
            live["page"], content_type="text/html; charset=utf-8", headers={"ETag": live["etag"]}
        )

    site.expect_request("/privacy").respond_with_handler(page)
    [old] = fetch_all([site.url_for("/privacy")], settings)
    assert isinstance(old, FetchResult)
    [same] = fetch_all([FetchRequest.revisit(old)], settings)
    assert isinstance(same, FetchResult)
    assert same.unchanged
    live.update(etag='"2"', page=vendor_page(policy(second)))
    [new] = fetch_all([FetchRequest.revisit(old)], settings)
    assert isinstance(new, FetchResult)
    assert not new.unchanged
    document = declaration(old.url)
    return extract(old.body, document, url=old.final_url), extract(
        new.body, document, url=new.final_url
    )


def test_telegram_2024_widened_ip_and_phone_disclosure(
    site: HTTPServer, settings: FetchSettings
) -> None:
    old, new = versions(
        site,
        settings,
        "telegram/privacy-policy/2024-07-15.md",
        "telegram/privacy-policy/2024-09-27.md",
    )
    changes = diff(old.text, new.text)
    assert changes.summary() == {"added": 0, "removed": 0, "changed": 2}
    disclosure = changes.changes[0]
    assert disclosure.kind is ChangeKind.CHANGED
    assert disclosure.removed_sentences == (
        "If Telegram receives a court order that confirms you're a terror suspect, we may disclose your IP address and phone number to the relevant authorities.",
        "So far, this has never happened.",
        "When it does, we will include it in a semiannual transparency report published at: https://t.me/transparency.",
    )
    assert disclosure.added_sentences == (
        "If Telegram receives a valid order from the relevant judicial authorities that confirms you're a suspect in a case involving criminal activities that violate the Telegram Terms of Service, we will perform a legal analysis of the request and may disclose your IP address and phone number to the relevant authorities.",
        "If any data is shared, we will include such occurrences in a quarterly transparency report published at: https://t.me/transparency.",
    )
    typo = changes.changes[1]
    assert typo.removed_sentences == (
        "Added information about Telegram Buisness chatbots to the Bot Messages section (6.2, 6.3, 6.5).",
    )
    assert typo.added_sentences == (
        "Added information about Telegram Business chatbots to the Bot Messages section (6.2, 6.3, 6.5).",
    )


def test_whatsapp_2021_update_adds_facebook_sharing_and_us_transfers(
    site: HTTPServer, settings: FetchSettings
) -> None:
    old, new = versions(
        site,
        settings,
        "whatsapp/privacy-policy/2020-07-29.md",
        "whatsapp/privacy-policy/2021-01-01.md",
    )
    changes = diff(old.text, new.text)
    added = [c.after for c in changes.changes if c.kind is ChangeKind.ADDED]
    assert any(
        a
        and a.startswith(
            "How WhatsApp Works With The Other Facebook Companies. WhatsApp is one of the Facebook Companies."
        )
        for a in added
    )
    assert (
        "To transfer, transmit, store, or process your data outside the EEA, including to within the United States and other countries; and"
        in added
    )
    assert (
        "To share information with the Facebook Companies to promote safety and security."
        in " ".join(a or "" for a in added)
    )
    renamed = [
        c
        for c in changes.changes
        if c.kind is ChangeKind.CHANGED and "WhatsApp LLC" in (c.after or "")
    ]
    assert next(c.removed_sentences for c in renamed)[0].startswith(
        "If you live in any other country, except those in the European Region, your Services are provided by WhatsApp Inc."
    )
    untouched = "We are part of the Facebook Companies."
    assert all(untouched not in (c.before or "") + (c.after or "") for c in changes.changes)


def test_same_text_has_no_changes() -> None:
    text = "First paragraph.\n\nSecond paragraph. With two sentences."
    result = diff(text, text)
    assert not result.changed
    assert result.rows(context=0) == [Row("skipped", None, None, 0, 0, skipped=2)]


def small_diff() -> TextDiff:
    before = "Intro.\n\nWe keep logs for 12 months. We never sell data.\n\nContact us.\n\nOld clause.\n\nEnd."
    after = "Intro.\n\nWe keep logs for 24 months. We never sell data.\n\nContact us.\n\nEnd.\n\nNew clause about sharing."
    return diff(before, after)


def test_changed_paragraph_is_compared_sentence_by_sentence() -> None:
    result = small_diff()
    assert [c.kind for c in result.changes] == [
        ChangeKind.CHANGED,
        ChangeKind.REMOVED,
        ChangeKind.ADDED,
    ]
    changed = result.changes[0]
    assert [(s.op, s.text) for s in changed.segments] == [
        ("removed", "We keep logs for 12 months."),
        ("added", "We keep logs for 24 months."),
        ("equal", "We never sell data."),
    ]


def test_side_by_side_rows_and_unified_text() -> None:
    result = small_diff()
    rows = result.rows(context=0)
    assert [(r.kind, r.before_index, r.after_index) for r in rows] == [
        ("skipped", 0, 0),
        ("changed", 1, 1),
        ("skipped", 2, 2),
        ("removed", 3, None),
        ("skipped", 4, 3),
        ("added", None, 4),
    ]
    assert result.unified(context=0).splitlines() == [
        "… 1 unchanged paragraph",
        "- We keep logs for 12 months. We never sell data.",
        "+ We keep logs for 24 months. We never sell data.",
        "… 1 unchanged paragraph",
        "- Old clause.",
        "… 1 unchanged paragraph",
        "+ New clause about sharing.",
    ]


def test_json_form_round_trips() -> None:
    data = small_diff().to_dict(context=1)
    assert json.loads(json.dumps(data)) == data
    assert data["summary"] == {"added": 1, "removed": 1, "changed": 1}
    assert data["changes"][0]["segments"][0] == {
        "op": "removed",
        "text": "We keep logs for 12 months.",
    }
    assert [row["kind"] for row in data["rows"]] == [
        "equal",
        "changed",
        "equal",
        "removed",
        "equal",
        "added",
    ]
