"""Dutch for readers who prefer it, a switch on every page, numbers in the locale's format."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po
from flask.testing import FlaskClient

from compare.i18n import TRANSLATIONS_DIR, compile_catalogues, number, signed, translator
from compare.settings import PROJECT_ROOT
from tests.web.conftest import PAGES, Pages

# The files whose texts this catalogue must cover (other owners' templates extract into it too).
OWN_SOURCES = {
    "python": [
        "compare/charts.py",
        "compare/charts_matrix.py",
        "compare/charts_sensitivity.py",
        "compare/presenters/evidence.py",
        "compare/presenters/explain.py",
        "compare/presenters/overview.py",
        "compare/presenters/product.py",
        "compare/presenters/register.py",
        "compare/presenters/profiles.py",
        "compare/presenters/sensitivity.py",
        "compare/presenters/side_by_side.py",
        "compare/web/errors.py",
        "compare/web/pages.py",
        "compare/web/weights.py",
    ],
    "jinja2": ["templates/base.html", "templates/_macros.html", "templates/_weights.html", "templates/errors/*.html", "templates/pages/*.html"],
}


def own_messages() -> set[str]:
    """Every msgid in the files the pages are made of."""
    method_map = [(pattern, method) for method, patterns in OWN_SOURCES.items() for pattern in patterns]
    ids = set()
    for _filename, _lineno, message, _comments, _context in extract_from_dir(PROJECT_ROOT, method_map=method_map):
        ids.add(message if isinstance(message, str) else message[0])
    return ids


def test_every_text_of_the_pages_has_a_dutch_translation() -> None:
    with (TRANSLATIONS_DIR / "nl" / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        catalog = read_po(handle)
    # a plural message is known by its singular, as own_messages names it; all its forms must be there
    translated = {m.id if isinstance(m.id, str) else m.id[0] for m in catalog if m.id and m.string and all(m.string) and not m.fuzzy}
    missing = sorted(own_messages() - translated)
    assert not missing, "run pybabel extract/update and translate: " + "; ".join(missing)


def test_placeholders_survive_translation() -> None:
    with (TRANSLATIONS_DIR / "nl" / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        catalog = read_po(handle)
    for message in catalog:
        if message.id and message.string and isinstance(message.id, str):
            for placeholder in ("%(", "{reason}"):
                assert message.id.count(placeholder) == message.string.count(placeholder), message.id


def test_compile_writes_mo_files_that_babel_reads(tmp_path: Path) -> None:
    target = tmp_path / "nl" / "LC_MESSAGES"
    target.mkdir(parents=True)
    (target / "messages.po").write_bytes((TRANSLATIONS_DIR / "nl" / "LC_MESSAGES" / "messages.po").read_bytes())
    assert compile_catalogues(tmp_path) == [target / "messages.mo"]
    assert compile_catalogues(tmp_path) == []  # up to date
    assert (target / "messages.mo").stat().st_size > 1000


def test_translator_and_numbers_follow_the_language() -> None:
    assert translator("nl").gettext("Ranking") == "Rangorde"
    assert translator("en").gettext("Ranking") == "Ranking"
    assert number(12.25, "nl") == "12,2" or number(12.25, "nl") == "12,3"
    assert number(62.5, "nl") == "62,5"
    assert number(62.5, "en") == "62.5"
    assert number(10000, "nl", 0) == "10.000"
    assert number(-0.01, "en") == "0.0"
    assert signed(61.9, "nl") == "+61,9"
    assert signed(-3.0, "en") == "-3.0"
    assert signed(0.0, "nl") == "+0,0"


@pytest.mark.parametrize("url", PAGES)
def test_browsers_preferring_dutch_get_dutch(pages: Pages, url: str) -> None:
    html = pages.html(url, **{"Accept-Language": "nl-NL,nl;q=0.9,en;q=0.5"})
    assert '<html lang="nl">' in html
    assert "Naar de inhoud" in html


def test_the_switch_is_remembered_in_a_cookie(client: FlaskClient) -> None:
    response = client.get("/criteria?lang=nl")
    assert "lang=nl" in response.headers["Set-Cookie"]
    assert "Criteria: wat we beoordelen en waarom" in response.get_data(as_text=True)
    later = client.get("/criteria", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert '<html lang="nl">' in later
    back = client.get("/criteria?lang=en").get_data(as_text=True)
    assert '<html lang="en">' in back


def test_switch_links_keep_the_view_state(pages: Pages) -> None:
    html = pages.html("/?profile=healthcare&w.encryption=5&eu=1")
    assert 'href="/?profile=healthcare&amp;w.encryption=5&amp;eu=1&amp;lang=nl"' in html


def test_dutch_pages_use_decimal_commas_and_dutch_criteria_texts(pages: Pages) -> None:
    document = pages.json("/index.json?lang=nl&profile=public-sector")
    assert "," in document["ranking"][0]["display"]["text"]
    assert document["profile"]["title"] == "Nederlandse overheid"
    html = pages.html("/?lang=nl&profile=public-sector")
    assert "Versleuteling van berichten" in html
    assert "Hoe elke score is opgebouwd" in html


def test_why_sentences_exist_in_dutch(pages: Pages) -> None:
    document = pages.json("/compare.json?lang=nl&products=element:self-hosted,whatsapp-business-app")
    sentences = document["explanations"][0]["sentences"]
    assert any("punten lager dan die van Element" in s for s in sentences)
    assert any("in het voordeel van" in s for s in sentences)


def test_untranslated_scraped_text_is_marked_as_english(pages: Pages) -> None:
    document = pages.json("/products/whatsapp-business-app.json?lang=nl")
    languages = {fact["explanation"]["language"] for c in document["criteria"] for fact in c["facts"] if fact["explanation"]}
    assert "nl" in languages
    html = pages.html("/products/whatsapp-business-app?lang=nl")
    assert '<span lang="en">' in html
