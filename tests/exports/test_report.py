"""The report read back as a reader gets it: PDF (pypdf) and Word (python-docx), English and Dutch.

Page 1 must be the answer (verdict on WhatsApp Business, recommendation, sensitivity, permalink);
the default report fits a procurement file; the risk register has its DPIA columns.
"""

from __future__ import annotations

import io
import re
import shutil
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from docx import Document
from flask import Flask
from flask.testing import FlaskClient

from compare.app import create_app
from compare.exports.answer import sensitivity_sentence
from tests.conftest import RecordFact, verified
from tests.exports.reports import fetch, pdf_pages

WHATSAPP = "whatsapp-business-app"
REGISTER_COLUMNS = ["Risk", "Fact", "Likelihood", "Impact", "Risk", "Mitigation", "Residual risk"]


def app_on_copy(folder: Path, template: Path, **settings: str) -> Flask:
    """An app on its own copy of the seeded database."""
    database = folder / "app.sqlite3"
    shutil.copyfile(template, database)
    return create_app({"TESTING": True, "DATABASE_URL": f"sqlite:///{database}", "SECRET_KEY": "test-secret", **settings})


@pytest.fixture(scope="module")
def shared_app(tmp_path_factory: pytest.TempPathFactory, seeded_sqlite_template: Path) -> Iterator[Flask]:
    """One app for the tests that only read; jobs run in the caller (``memory://`` queue)."""
    app = app_on_copy(tmp_path_factory.mktemp("reports"), seeded_sqlite_template, QUEUE_URL="memory://")
    yield app
    app.extensions["msgcompare.engine"].dispose()


@pytest.fixture
def reader(shared_app: Flask) -> FlaskClient:
    return shared_app.test_client()


@pytest.fixture
def app(tmp_path: Path, seeded_sqlite_template: Path) -> Iterator[Flask]:
    """This module's per-test app (for tests that add facts): jobs run in the caller."""
    app = app_on_copy(tmp_path, seeded_sqlite_template, QUEUE_URL="memory://")
    yield app
    app.extensions["msgcompare.engine"].dispose()


@pytest.fixture
def own_workers(app: Flask) -> Flask:
    return app


def test_page_one_is_the_answer_and_the_default_report_fits_a_procurement_file(reader: FlaskClient) -> None:
    overview = reader.get("/index.json?profile=public-sector&lang=en").get_json()
    pages = pdf_pages(reader, "/report.pdf?profile=public-sector&lang=en")
    first = pages[0]
    assert len(pages) <= 15
    reference = overview["reference"]
    assert f"Verdict on WhatsApp Business app: {reference['verdict']['label'].upper()}" in first
    assert reference["verdict"]["decisive"][0]["text"][:60] in first, "the verdict's first reason"
    assert "Recommendation" in first
    for pick in overview["top_picks"]:
        assert pick["label"].split(" — ")[0] in first
        assert pick["verdict"]["label"] in first
    flat = " ".join(first.split())
    recommended = overview["top_picks"][0]["label"]
    assert f"{recommended}, the first recommendation, is among the top three in" in flat, (
        "the sensitivity is said about the offer recommended, not only the score leader"
    )
    assert "Permalink pinned to the facts of" in first
    assert "as_of=" in first.replace(" ", "")
    assert "Ranking" not in first, "the detail starts on page 2"
    everything = " ".join(pages)
    assert "Risk register: WhatsApp Business app" in everything
    assert "Risk Fact Likelihood Impact Risk Mitigation Residual risk" in everything
    assert "G1 Carry out a Data Protection Impact Assessment (DPIA)" in everything, "the measures legend"
    assert "Appendix B" not in everything, "evidence of the whole field only with appendix=1"


def test_page_one_in_dutch(reader: FlaskClient) -> None:
    pages = pdf_pages(reader, "/report.pdf?profile=healthcare&lang=nl&charts=0")
    assert len(pages) <= 15
    assert "Oordeel over WhatsApp Business app" in pages[0]
    assert "Aanbeveling" in pages[0]
    assert "Vaste link naar de feiten van" in pages[0]
    assert "Risicoregister: WhatsApp Business app" in " ".join(pages)
    # gains over WhatsApp are Dutch numbers, like the scores beside them
    assert re.search(r"\+\d+,\d punten", pages[0])
    assert not re.search(r"[+-]\d+\.\d punten", pages[0])
    # and so is the number of weightings the robustness sentence counts
    assert re.search(r"van 10\.000 aannemelijke wegingen", pages[0])


def test_the_dutch_word_report_writes_gains_over_whatsapp_as_dutch_numbers(reader: FlaskClient) -> None:
    response = fetch(reader, "/report.docx?profile=healthcare&lang=nl")
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    doc = Document(io.BytesIO(response.get_data()))
    cells = [cell.text for table in doc.tables for row in table.rows for cell in row.cells]
    assert any(re.search(r"\(\+\d+,\d punten\)", text) for text in cells)
    assert not any(re.fullmatch(r"[+-]\d+\.\d", text) or re.search(r"[+-]\d+\.\d punten", text) for text in cells)


def test_the_appendix_adds_the_whole_field_and_every_quote(reader: FlaskClient) -> None:
    default = pdf_pages(reader, "/report.pdf?charts=0&lang=en")
    full = pdf_pages(reader, "/report.pdf?charts=0&lang=en&appendix=1")
    assert len(full) > len(default)
    text = " ".join(full)
    assert "Appendix B. Evidence per criterion" in text
    assert "instruct the WhatsApp entity" in text, "a quote of the reference's evidence"


def test_word_report_has_the_same_answer_named_headings_a_register_table_and_charts(reader: FlaskClient) -> None:
    response = fetch(reader, "/report.docx?profile=public-sector&lang=en&focus=signal")
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    assert "attachment" in response.headers["Content-Disposition"]
    doc = Document(io.BytesIO(response.get_data()))
    paragraphs = [(p.style.name if p.style is not None else "", p.text) for p in doc.paragraphs]
    assert paragraphs[0] == ("Title", "Replacing WhatsApp Business: the answer")
    headings = [text for style, text in paragraphs if style.startswith("Heading")]
    assert any(h.startswith("Verdict on WhatsApp Business app:") for h in headings)
    assert "Recommendation" in headings
    assert "Risk register (DPIA)" in headings
    assert any(h.startswith("Risk register: Signal") for h in headings), "the focus offer's register"
    registers = [t for t in doc.tables if [c.text for c in t.rows[0].cells] == REGISTER_COLUMNS]
    assert len(registers) >= 3, "reference, recommended and focus"
    assert len(registers[0].rows) > 10
    assert doc.inline_shapes, "charts are pictures"


@pytest.mark.parametrize(
    ("url", "status"),
    [("/report.pdf?focus=nope", 404), ("/report.docx?products=nope", 404), ("/report.pdf?as_of=soon", 400)],
)
def test_bad_report_requests_are_refused_at_once(reader: FlaskClient, url: str, status: int) -> None:
    response = reader.get(url, headers={"Accept": "application/json"})
    assert response.status_code == status
    assert response.get_json()["ok"] is False


def test_the_permalink_on_page_one_reproduces_the_ranking_after_new_facts(own_workers: Flask, record_fact: RecordFact) -> None:
    client = own_workers.test_client()
    first = pdf_pages(client, "/report.pdf?profile=core&charts=0&lang=en")[0].replace(" ", "")
    found = re.search(r"http://localhost/\?([^\s]*?as_of=\d{4}-\d{2}-\d{2})", first)
    assert found, first[-400:]
    pinned = "/index.json?" + found.group(1)
    before = client.get(pinned).get_json()["ranking"]
    later = datetime.now(UTC) + timedelta(days=2)
    for criterion, level in (("vendor-data-use", "no-secondary-use"), ("eu-storage", "eu-only"), ("central-control", "full")):
        record_fact(WHATSAPP, criterion, recorded_at=later, **verified(level, "A later, better fact."))
    live = client.get("/index.json?profile=core&as_of=" + later.date().isoformat()).get_json()["ranking"]
    after = client.get(pinned).get_json()["ranking"]
    order = [(r["offer"], r["display"]["text"]) for r in before]
    assert [(r["offer"], r["display"]["text"]) for r in after] == order
    assert [(r["offer"], r["display"]["text"]) for r in live] != order, "the new facts do change today's ranking"


def test_scraped_text_in_the_register_is_escaped(own_workers: Flask, record_fact: RecordFact) -> None:
    record_fact(
        WHATSAPP,
        "encryption",
        **verified("e2ee-default", '<script>alert("x")</script><img src=x onerror=alert(1)>', url="javascript:alert(1)"),
    )
    client = own_workers.test_client()
    html = fetch(client, "/report.html?charts=0&appendix=1").get_data(as_text=True)
    assert "<script" not in html
    assert "<img src=x" not in html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html
    assert 'href="javascript:' not in html
    assert "javascript:alert(1)" in html, "shown as text in the sources list"


def test_the_sensitivity_sentence_explains_a_leader_that_is_not_recommended() -> None:
    sensitivity = {
        "samples": 10_000,
        "samples_text": "10,000",
        "distributions": [
            {"offer": "a", "label": "Alpha", "first_text": "72 %", "top_text": "99 %"},
            {"offer": "b", "label": "Beta", "first_text": "20 %", "top_text": "90 %"},
        ],
    }
    ranking = [{"offer": "a", "verdict": {"label": "Undetermined"}}, {"offer": "b", "verdict": {"label": "Suitable"}}]
    sentence = sensitivity_sentence(sensitivity, "en", "b", ranking)
    assert sentence.startswith("Beta, the first recommendation, is among the top three in 90 % of 10,000")
    assert "Alpha is first more often (72 %) but is not recommended: its verdict is “Undetermined”." in sentence
    assert sensitivity_sentence(sensitivity, "en", "a", ranking).count(".") == 1, "no second sentence when they agree"
    assert "Alpha stays first in 72 %" in sensitivity_sentence(sensitivity, "en", None, ranking)
    assert "Beta, de eerste aanbeveling" in sensitivity_sentence(sensitivity, "nl", "b", ranking)
