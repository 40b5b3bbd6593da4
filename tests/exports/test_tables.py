"""The matrix as CSV, XLSX and JSON: every cell with level, quote, source and date, and no formulas."""

from __future__ import annotations

import csv
import io

import pytest
from flask.testing import FlaskClient
from openpyxl import load_workbook

from compare.exports.tables import COLUMNS, neutralise
from criteria.model import Catalogue
from tests.api.conftest import RecordFact, evidence, verified

WHATSAPP = "whatsapp-business-app"
CHOSEN = f"products=signal,{WHATSAPP},wire"
FORMULAS = [
    '=HYPERLINK("https://evil.example","click")',
    "+31 20 123",
    "-1+1",
    "@SUM(A1)",
    "\t=1",
    "＝1",
]


def csv_rows(client: FlaskClient, url: str) -> list[dict[str, str]]:
    response = client.get(url)
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    body = response.get_data()
    assert body.startswith(b"\xef\xbb\xbf"), (
        "UTF-8 with a byte-order mark, so Excel reads the accents"
    )
    text = body.decode("utf-8-sig")
    assert "\r\n" in text
    return list(csv.DictReader(io.StringIO(text, newline="")))


@pytest.mark.parametrize("text", FORMULAS)
def test_neutralise_prefixes_anything_a_spreadsheet_would_evaluate(text: str) -> None:
    assert neutralise(text) == "'" + text


@pytest.mark.parametrize(
    "text", ["Signal", "https://signal.org/legal/", "", "“quoted” – text", "1+1"]
)
def test_neutralise_leaves_ordinary_text_alone(text: str) -> None:
    assert neutralise(text) == text


def test_csv_has_one_row_per_offer_and_criterion_with_its_evidence(
    client: FlaskClient, catalogue: Catalogue
) -> None:
    response = client.get(f"/export/matrix.csv?{CHOSEN}&profile=public-sector")
    assert response.headers["Content-Type"].startswith("text/csv; charset=utf-8")
    assert response.headers["Content-Disposition"].startswith(
        'attachment; filename="msgcompare-matrix-public-sector-'
    )
    rows = csv_rows(client, f"/export/matrix.csv?{CHOSEN}&profile=public-sector")
    assert list(rows[0]) == list(COLUMNS)
    offers = {row["offer"] for row in rows}
    assert WHATSAPP in offers
    assert "signal" in offers
    assert len(rows) == len(offers) * len(catalogue.criteria)
    processor = next(
        r for r in rows if r["offer"] == WHATSAPP and r["criterion"] == "processor-agreement"
    )
    assert processor["status"] == "verified"
    assert processor["level"] == "terms-only"
    assert processor["quote"].startswith("instruct the WhatsApp entity")
    assert processor["source_url"] == "https://www.whatsapp.com/legal/business-terms"
    assert processor["source_date"] == "2024-02-16"
    assert processor["seen_on"] == "2026-08-06"
    assert processor["profile"] == "public-sector"
    assert processor["data_date"] == "2026-12-07"
    unknown = [r for r in rows if r["status"] == "unknown"]
    assert unknown
    assert all(r["quote"] == "" and r["level"] == "" for r in unknown)


def test_csv_neutralises_formulas_in_scraped_quotes(
    client: FlaskClient, record_fact: RecordFact
) -> None:
    for criterion, quote in zip(
        ("encryption", "cloud-backups", "eu-storage"), FORMULAS, strict=False
    ):
        record_fact(WHATSAPP, criterion, evidence=evidence(quote))
    rows = csv_rows(client, f"/export/matrix.csv?products={WHATSAPP}")
    quotes = {r["criterion"]: r["quote"] for r in rows}
    assert quotes["encryption"] == "'" + FORMULAS[0]
    assert quotes["cloud-backups"] == "'" + FORMULAS[1]
    assert quotes["eu-storage"] == "'" + FORMULAS[2]
    assert all(not value.startswith(("=", "+", "@")) for row in rows for value in row.values())


def test_xlsx_has_its_sheets_and_text_never_becomes_a_formula(
    client: FlaskClient, record_fact: RecordFact
) -> None:
    record_fact(
        WHATSAPP, "encryption", **verified("e2ee-default", FORMULAS[0], url="javascript:alert(1)")
    )
    response = client.get(f"/export/matrix.xlsx?{CHOSEN}")
    assert response.status_code == 200
    assert response.mimetype == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    workbook = load_workbook(io.BytesIO(response.get_data()))
    assert workbook.sheetnames == ["About", "Ranking", "Matrix", "Evidence"]
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{sheet.title}!{cell.coordinate} is a formula"
    evidence = workbook["Evidence"]
    header = [cell.value for cell in evidence[1]]
    assert header == list(COLUMNS)
    rows = [
        dict(zip(header, (c.value for c in row), strict=True))
        for row in evidence.iter_rows(min_row=2)
    ]
    evil = next(r for r in rows if r["offer"] == WHATSAPP and r["criterion"] == "encryption")
    assert evil["quote"] == FORMULAS[0], "kept verbatim, as text"
    url_column = header.index("source_url")
    links = {
        row[url_column].value: row[url_column].hyperlink for row in evidence.iter_rows(min_row=2)
    }
    assert links["javascript:alert(1)"] is None, "only http(s) sources become links"
    whatsapp_link = links["https://www.whatsapp.com/legal/business-terms"]
    assert whatsapp_link is not None
    assert whatsapp_link.target == "https://www.whatsapp.com/legal/business-terms"
    ranking = workbook["Ranking"]
    assert ranking["A2"].value == 1
    matrix = workbook["Matrix"]
    assert matrix.max_row == len({r["offer"] for r in rows}) + 1


def test_xlsx_in_dutch(client: FlaskClient) -> None:
    workbook = load_workbook(
        io.BytesIO(client.get(f"/export/matrix.xlsx?{CHOSEN}&lang=nl").get_data())
    )
    assert workbook.sheetnames == ["Over", "Rangorde", "Matrix", "Bewijs"]
    assert workbook["Over"]["A1"].value == "Vergelijking van zakelijke berichtenkanalen"


def test_json_export_has_the_same_cells_as_the_csv(client: FlaskClient) -> None:
    response = client.get(f"/export/matrix.json?{CHOSEN}&lang=nl")
    assert response.mimetype == "application/json"
    document = response.get_json()
    assert document["about"]["language"] == "nl"
    assert document["columns"] == list(COLUMNS)
    rows = csv_rows(client, f"/export/matrix.csv?{CHOSEN}&lang=nl")
    assert len(document["cells"]) == len(rows)
    fields = ("offer", "criterion", "status", "level", "quote", "source_url", "source_date")
    for cell, row in zip(document["cells"], rows, strict=True):
        assert tuple(cell[f] or "" for f in fields) == tuple(row[f] for f in fields)
    whatsapp = next(
        c
        for c in document["cells"]
        if c["offer"] == WHATSAPP and c["criterion"] == "processor-agreement"
    )
    assert whatsapp["level_label"] == "Voorwaarden zonder onderhandelingsruimte"
    assert [r["rank"] for r in document["ranking"]] == sorted(
        r["rank"] for r in document["ranking"]
    )


def test_exports_take_the_pages_parameters_and_report_bad_ones(client: FlaskClient) -> None:
    adjusted = client.get("/export/matrix.json?profile=core&w.hosting-control=4").get_json()
    assert adjusted["profile"]["adjusted"] is True
    assert next(c for c in adjusted["criteria"] if c["id"] == "hosting-control")["weight"] == 4
    assert client.get("/export/matrix.csv?w.encryption=-1").status_code == 400
    assert client.get("/export/matrix.csv?products=nope").status_code == 404
    old = client.get("/export/matrix.json?as_of=2020-01-01").get_json()
    assert {c["status"] for c in old["cells"]} == {"unknown"}
