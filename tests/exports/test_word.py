"""The Word report carries the PDF's sensitivity section and register notes, read back with python-docx.

The PDF and HTML report come from one template and the Word file from ``compare.exports.word``;
both start from the same report document, so the test holds the .docx against ``/report.html``
of the same parameters: the same products, shares and intervals in the same order, in English
and in Dutch.
"""

from __future__ import annotations

import io
import re
import shutil
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest
from docx import Document
from docx.document import Document as WordDocument
from docx.oxml.ns import qn
from flask import Flask
from flask.testing import FlaskClient

from compare.app import create_app
from tests.exports.reports import fetch

HEADERS = {
    "en": ["Product", "Ranks first", "In the top three", "Rank (90 % interval)"],
    "nl": ["Product", "Staat bovenaan", "In de top drie", "Positie (90%-interval)"],
}
METHOD = {"en": "Method: ", "nl": "Methode: "}
REGISTER_NOTE = {"en": "Before measures: ", "nl": "Vóór maatregelen: "}


def folded(text: str) -> str:
    """Runs of ASCII white space as one space; no-break spaces (in "72 %") are kept."""
    return re.sub(r"[ \t\r\n]+", " ", text).strip()


class SensitivityRows(HTMLParser):
    """The rows of the table inside ``<section id="sensitivity">`` of the HTML report."""

    def __init__(self) -> None:
        super().__init__()
        self.inside = False
        self.rows: list[list[str]] = []
        self.cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "section":
            self.inside = ("id", "sensitivity") in attrs
        elif self.inside and tag == "tr":
            self.rows.append([])
        elif self.inside and tag in ("td", "th"):
            self.cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "section":
            self.inside = False
        elif self.inside and tag in ("td", "th") and self.cell is not None:
            self.rows[-1].append(folded("".join(self.cell)))
            self.cell = None

    def handle_data(self, data: str) -> None:
        if self.cell is not None:
            self.cell.append(data)


@pytest.fixture(scope="module")
def reader(tmp_path_factory: pytest.TempPathFactory, seeded_sqlite_template: Path) -> Iterator[FlaskClient]:
    """One app on a copy of the seed; jobs run in the caller (``memory://`` queue)."""
    database = tmp_path_factory.mktemp("word") / "app.sqlite3"
    shutil.copyfile(seeded_sqlite_template, database)
    app: Flask = create_app({"TESTING": True, "DATABASE_URL": f"sqlite:///{database}", "SECRET_KEY": "test-secret", "QUEUE_URL": "memory://"})
    yield app.test_client()
    app.extensions["msgcompare.engine"].dispose()


def word(client: FlaskClient, query: str) -> WordDocument:
    response = fetch(client, f"/report.docx?{query}")
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    return Document(io.BytesIO(response.get_data()))


def html_sensitivity(client: FlaskClient, query: str) -> tuple[list[list[str]], str]:
    response = fetch(client, f"/report.html?{query}")
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    page = response.get_data(as_text=True)
    parser = SensitivityRows()
    parser.feed(page)
    section = page[page.index('<section id="sensitivity">') :]
    method = re.search(r'<p class="note">([^<]*)</p>', section)
    assert method is not None
    return parser.rows, folded(method.group(1))


@pytest.mark.parametrize(("language", "profile"), [("en", "public-sector"), ("nl", "healthcare")])
def test_the_word_report_has_the_pdfs_sensitivity_table_and_method(reader: FlaskClient, language: str, profile: str) -> None:
    query = f"profile={profile}&lang={language}&charts=0"
    doc = word(reader, query)
    expected_rows, expected_method = html_sensitivity(reader, query)
    assert expected_rows[0] == HEADERS[language]
    tables = [[[cell.text for cell in row.cells] for row in table.rows] for table in doc.tables]
    sensitivity = next(t for t in tables if t[0] == HEADERS[language])
    assert sensitivity == expected_rows, "same products, shares and intervals as the PDF, in its order"
    assert 2 <= len(sensitivity) <= 9, "the leading products, at most eight"
    paragraphs = [folded(p.text) for p in doc.paragraphs]
    assert expected_method.startswith(METHOD[language])
    assert expected_method in paragraphs


@pytest.mark.parametrize("language", ["en", "nl"])
def test_each_register_in_word_says_its_counts_and_the_scales(reader: FlaskClient, language: str) -> None:
    doc = word(reader, f"profile=public-sector&lang={language}&charts=0")
    paragraphs = [p.text for p in doc.paragraphs]
    registers = [p for p in doc.paragraphs if p.style is not None and p.style.name == "Heading 2" and p.text.startswith(("Risk register: ", "Risicoregister: "))]
    counts = [text for text in paragraphs if text.startswith(REGISTER_NOTE[language])]
    assert len(registers) >= 2, "the reference and the recommended offer"
    assert len(counts) == len(registers)
    scale_lines = [text for text in paragraphs if re.match(r"^\w+: 1 .+; 2 .+; 3 .+\.$", text)]
    assert len(scale_lines) == 2, "the likelihood and impact scales, each 1–3 with its meaning"


REGISTER_COLUMNS = {
    "en": ["Risk", "Fact", "Likelihood", "Impact", "Risk", "Mitigation", "Residual risk"],
    "nl": ["Risico", "Feit", "Kans", "Impact", "Risico", "Maatregelen", "Restrisico"],
}
PAGE_ONE = {
    "en": ("Verdict on WhatsApp Business app: ", "Recommendation", "Permalink pinned to the facts of "),
    "nl": ("Oordeel over WhatsApp Business app: ", "Aanbeveling", "Vaste link naar de feiten van "),
}


def body(doc: WordDocument) -> list[tuple[str, object]]:
    """The document's paragraphs and tables in order, and a ``page-break`` marker where a page ends."""
    items: list[tuple[str, object]] = []
    paragraphs = iter(doc.paragraphs)
    tables = iter(doc.tables)
    for child in doc.element.body.iterchildren():
        if child.tag.endswith("}p"):
            paragraph = next(paragraphs)
            if any(br.get(qn("w:type")) == "page" for br in child.iter(qn("w:br"))):
                items.append(("page-break", None))
            items.append(("paragraph", paragraph))
        elif child.tag.endswith("}tbl"):
            items.append(("table", next(tables)))
    return items


@pytest.mark.parametrize(("language", "profile"), [("en", "public-sector"), ("nl", "healthcare")])
def test_word_page_one_is_the_answer(reader: FlaskClient, language: str, profile: str) -> None:
    overview = reader.get(f"/index.json?profile={profile}&lang={language}").get_json()
    doc = word(reader, f"profile={profile}&lang={language}&charts=0")
    items = body(doc)
    first_page = items[: next(i for i, (kind, _item) in enumerate(items) if kind == "page-break")]
    texts = [item.text for kind, item in first_page if kind == "paragraph"]  # type: ignore[attr-defined]
    verdict, recommendation, permalink = PAGE_ONE[language]
    assert f"{verdict}{overview['reference']['verdict']['label']}" in texts
    assert recommendation in texts
    picks = next(item for kind, item in first_page if kind == "table")
    offers = [row.cells[1].text for row in picks.rows[1:]]  # type: ignore[attr-defined]
    assert offers == [pick["label"] for pick in overview["top_picks"]], "the top three, in order"
    pinned = next(text for text in texts if text.startswith(permalink))
    assert re.search(r"as_of=\d{4}-\d{2}-\d{2}", pinned)


@pytest.mark.parametrize("language", ["en", "nl"])
def test_the_reference_offers_register_has_the_dpia_columns(reader: FlaskClient, language: str) -> None:
    items = body(word(reader, f"profile=public-sector&lang={language}&charts=0"))
    heading = next(
        i for i, (kind, item) in enumerate(items)
        if kind == "paragraph" and item.text.startswith(("Risk register: WhatsApp Business app", "Risicoregister: WhatsApp Business app"))  # type: ignore[attr-defined]
    )
    table = next(item for kind, item in items[heading:] if kind == "table")
    rows = [[cell.text for cell in row.cells] for row in table.rows]  # type: ignore[attr-defined]
    assert rows[0] == REGISTER_COLUMNS[language]
    assert len(rows) > 10, "one row per risk of the register"
    for row in rows[1:]:
        likelihood, impact, residual = row[2], row[3], row[6]
        assert re.match(r"^[123] ", likelihood), row
        assert re.match(r"^[123] ", impact), row
        assert re.match(r"^\d ", residual), row
