"""The report: its PDF's text read back (pypdf) for products, levels, sources and sections; escaping."""

from __future__ import annotations

import io
import re

import pytest
from flask.testing import FlaskClient
from pypdf import PdfReader

from criteria.model import Catalogue
from tests.api.conftest import RecordFact, verified

WHATSAPP = "whatsapp-business-app"
CHOSEN = f"products=signal,{WHATSAPP},wire:cloud,threema-work:cloud"


def pdf_text(client: FlaskClient, url: str) -> tuple[str, int]:
    """The PDF's text with whitespace folded, and its page count."""
    response = client.get(url)
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    assert response.mimetype == "application/pdf"
    body = response.get_data()
    assert body.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(body))
    text = " ".join(page.extract_text() for page in reader.pages)
    return re.sub(r"\s+", " ", text), len(reader.pages)


def test_pdf_report_names_products_levels_sources_and_risks(
    client: FlaskClient, catalogue: Catalogue
) -> None:
    text, pages = pdf_text(
        client, f"/report.pdf?{CHOSEN}&profile=public-sector&focus={WHATSAPP}&lang=en"
    )
    assert pages >= 5
    squeezed = text.replace(" ", "")
    for heading in (
        "Comparison of business messaging channels",
        "Ranking",
        "Must-haves: knocked out and undetermined",
        "Charts",
        "Evidence per criterion",
        "Sensitivity to the weights",
        "Remaining risks: WhatsApp Business app",
        "Sources",
    ):
        assert heading in text, heading
    assert catalogue.profile("public-sector").title.en in text
    assert "Newest fact recorded on December 7, 2026" in text
    for label in (
        "Signal",
        "WhatsApp Business app",
        "Wire cloud",
        "Threema Work",
    ):
        assert label.replace(" ", "") in squeezed, label
    processor = catalogue.criterion("processor-agreement")
    assert processor.title.en in text
    assert processor.level("terms-only").label.en in text, (
        "WhatsApp's level on the processor agreement"
    )
    assert "https://www.whatsapp.com/legal/business-terms" in squeezed
    assert "2024-02-16" in text
    assert "instruct the WhatsApp entity" in text, "the evidence quote itself"
    assert "knocked out" in text
    assert "Carry out a Data Protection Impact Assessment (DPIA)" in text, (
        "the article's first governance topic"
    )
    assert "☐" in text, "the measures are a checklist"
    assert "Score (0–100)" in text, "the ranking chart is drawn into the PDF as vector text"


def test_pdf_report_in_dutch(client: FlaskClient, catalogue: Catalogue) -> None:
    text, _pages = pdf_text(client, f"/report.pdf?{CHOSEN}&profile=healthcare&lang=nl&charts=0")
    for heading in (
        "Vergelijking van zakelijke berichtenkanalen",
        "Rangorde",
        "Bewijs per criterium",
        "Gevoeligheid voor de gewichten",
        "Bronnen",
    ):
        assert heading in text, heading
    assert "Resterende risico's" in text
    assert catalogue.profile("healthcare").title.nl in text
    assert catalogue.criterion("processor-agreement").level("terms-only").label.nl in text
    assert "7 december 2026" in text
    assert "Grafieken" not in text, "charts=0 leaves the chart section out"


def test_report_html_is_the_same_report_for_printing(client: FlaskClient) -> None:
    response = client.get(f"/report.html?{CHOSEN}&charts=0&lang=en")
    assert response.status_code == 200
    assert response.mimetype == "text/html"
    html = response.get_data(as_text=True)
    assert "<script" not in html
    assert html.count('class="checklist"') == 2
    assert 'href="https://www.whatsapp.com/legal/business-terms"' in html
    assert re.search(r'<a href="#source-\d+">\[\d+\]</a>', html)


def test_scraped_text_is_escaped_and_unsafe_links_are_not_made(
    client: FlaskClient, record_fact: RecordFact
) -> None:
    record_fact(
        WHATSAPP,
        "encryption",
        **verified(
            "e2ee-default",
            '<script>alert("x")</script><img src=x onerror=alert(1)>',
            url="javascript:alert(1)",
        ),
    )
    html = client.get(f"/report.html?{CHOSEN}&charts=0").get_data(as_text=True)
    assert "<script" not in html
    assert "<img src=x" not in html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html
    assert 'href="javascript:' not in html
    assert "javascript:alert(1)" in html, "shown as text in the sources list"
    text, _pages = pdf_text(client, f"/report.pdf?products={WHATSAPP},signal&charts=0")
    assert '<script>alert("x")</script>' in text, "the PDF shows the quote verbatim, as text"


def test_focus_defaults_to_the_leader_and_can_be_left_out(client: FlaskClient) -> None:
    leader = client.get(f"/api/v1/scores?{CHOSEN}").get_json()["ranking"][0]["label"]
    default = client.get(f"/report.html?{CHOSEN}&charts=0&lang=en").get_data(as_text=True)
    assert f"Remaining risks: {leader}" in default
    none = client.get(f"/report.html?{CHOSEN}&charts=0&focus=none").get_data(as_text=True)
    assert 'id="remaining-risks"' not in none
    product_wide = client.get(f"/report.html?{CHOSEN}&charts=0&focus=wire&lang=en").get_data(
        as_text=True
    )
    assert "Remaining risks: Wire" in product_wide


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/report.pdf?focus=nope", 404),
        ("/report.html?products=nope", 404),
        ("/report.pdf?as_of=soon", 400),
    ],
)
def test_bad_report_requests(client: FlaskClient, url: str, status: int) -> None:
    response = client.get(url, headers={"Accept": "application/json"})
    assert response.status_code == status
    assert response.get_json()["ok"] is False


def test_a_report_as_of_a_day_rebuilds_that_days_facts(
    client: FlaskClient, record_fact: RecordFact
) -> None:
    record_fact(
        WHATSAPP, "processor-agreement", **verified("standard-dpa", "A new processor agreement.")
    )
    today = client.get(f"/report.html?products={WHATSAPP},signal&charts=0&lang=en").get_data(
        as_text=True
    )
    assert "A new processor agreement." in today
    then = client.get(
        f"/report.html?products={WHATSAPP},signal&charts=0&lang=en&as_of=2026-11-24"
    ).get_data(as_text=True)
    assert "A new processor agreement." not in then
    assert "November 24, 2026" in then
