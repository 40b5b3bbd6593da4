"""The tender requirements (Excel and Word) read back: knock-outs per must-have, awards summing to 100 %."""

from __future__ import annotations

import io

import pytest
from docx import Document
from flask.testing import FlaskClient
from openpyxl import load_workbook

from criteria.model import Catalogue

SHEETS = {"en": ("Knock-out requirements", "Award criteria", "Scoring guide"), "nl": ("Knock-outeisen", "Gunningscriteria", "Beoordelingsschaal")}


@pytest.mark.parametrize("language", ["en", "nl"])
@pytest.mark.parametrize("profile", ["public-sector", "healthcare", "core"])
def test_xlsx_lists_every_must_have_as_a_knock_out_and_awards_that_add_up_to_100(
    client: FlaskClient, catalogue: Catalogue, language: str, profile: str
) -> None:
    response = client.get(f"/requirements.xlsx?profile={profile}&lang={language}")
    assert response.status_code == 200
    assert "attachment" in response.headers["Content-Disposition"]
    book = load_workbook(io.BytesIO(response.get_data()))
    knock_sheet, award_sheet, guide_sheet = SHEETS[language]
    assert book.sheetnames[:3] == [knock_sheet, award_sheet, guide_sheet]
    chosen = catalogue.profile(profile)
    knock_rows = list(book[knock_sheet].iter_rows(min_row=2, values_only=True))
    numbers = [row[0] for row in knock_rows]
    assert numbers == [f"K{i}" for i in range(1, len(knock_rows) + 1)]
    titles = [row[2] for row in knock_rows]
    for must in chosen.must_haves:
        criterion = catalogue.criterion(must.criterion)
        row = knock_rows[titles.index(criterion.title.get(language))]
        shown = next(level.id for level in criterion.levels if level.label.get(language) == row[3])
        assert criterion.rank_of(shown) >= criterion.rank_of(must.minimum), "at least the must-have"
        assert row[5], "how the vendor proves it"
    award_rows = [r for r in book[award_sheet].iter_rows(min_row=2, values_only=True) if r[0]]
    weighted = [c for c in catalogue.criteria if chosen.weight(c.id) > 0]
    assert [r[1] for r in award_rows] == [c.title.get(language) for c in weighted]
    assert round(sum(r[2] for r in award_rows), 6) == 100.0
    total = [r for r in book[award_sheet].iter_rows(min_row=2, values_only=True) if not r[0]]
    assert total[0][2] == 100.0
    guide = list(book[guide_sheet].iter_rows(min_row=2, values_only=True))
    assert len(guide) == sum(len(c.levels) for c in weighted), "each award criterion's whole level scale"


def test_knock_outs_follow_the_weights_the_user_set(client: FlaskClient, catalogue: Catalogue) -> None:
    response = client.get("/requirements.xlsx?profile=core&must.encryption=e2ee-default&w.encryption=0&lang=en")
    book = load_workbook(io.BytesIO(response.get_data()))
    knock_rows = list(book["Knock-out requirements"].iter_rows(min_row=2, values_only=True))
    encryption = catalogue.criterion("encryption")
    row = next(r for r in knock_rows if r[2] == encryption.title.en)
    assert row[3] == encryption.level("e2ee-default").label.en
    awards = [r[1] for r in book["Award criteria"].iter_rows(min_row=2, values_only=True) if r[0]]
    assert encryption.title.en not in awards


@pytest.mark.parametrize(("language", "heading"), [("en", "Knock-out requirements"), ("nl", "Knock-outeisen")])
def test_docx_has_named_headings_and_the_weights(client: FlaskClient, language: str, heading: str) -> None:
    response = client.get(f"/requirements.docx?profile=public-sector&lang={language}")
    assert response.status_code == 200
    doc = Document(io.BytesIO(response.get_data()))
    headings = [p.text for p in doc.paragraphs if p.style is not None and p.style.name == "Heading 1"]
    assert heading in headings
    awards = next(t for t in doc.tables if len(t.columns) == 3 and t.rows[0].cells[2].text.endswith("(%)"))
    weights = [float(row.cells[2].text) for row in awards.rows[1:-1]]
    assert round(sum(weights), 6) == 100.0
    assert awards.rows[-1].cells[2].text == "100.0"


@pytest.mark.parametrize(("language", "requirement", "basis"), [("en", "The offer reaches at least the level", "must-have of the profile"), ("nl", "De aanbieding haalt ten minste het niveau", "harde eis van het profiel")])
def test_weights_that_do_not_divide_evenly_still_add_up_to_exactly_100(
    client: FlaskClient, catalogue: Catalogue, language: str, requirement: str, basis: str
) -> None:
    """Three equal weights are 33.3 + 33.3 + 33.4, never 99.9; a must-have set in the URL is a knock-out."""
    query = "profile=core&w.central-control=0&w.retention-management=0&must.encryption=e2ee-default"
    book = load_workbook(io.BytesIO(client.get(f"/requirements.xlsx?{query}&lang={language}").get_data()))
    knock_sheet, award_sheet, _guide = SHEETS[language]
    awards = [r for r in book[award_sheet].iter_rows(min_row=2, values_only=True) if r[0]]
    assert [r[1] for r in awards] == [catalogue.criterion(c).title.get(language) for c in ("processor-agreement", "eu-storage", "encryption")]
    assert sorted(r[2] for r in awards) == [33.3, 33.3, 33.4]
    assert round(sum(r[2] for r in awards), 6) == 100.0
    encryption = catalogue.criterion("encryption")
    row = next(r for r in book[knock_sheet].iter_rows(min_row=2, values_only=True) if r[2] == encryption.title.get(language))
    assert str(row[1]).startswith(requirement)
    assert row[3] == encryption.level("e2ee-default").label.get(language)
    assert basis in str(row[7])
