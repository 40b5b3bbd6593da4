"""Every text the exports, report, embeds and API word themselves has a Dutch translation."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_file
from babel.messages.pofile import read_po

from compare.exports.wording import catalogue_path, gettext
from compare.settings import PROJECT_ROOT

SOURCES = [
    "compare/exports/figures.py",
    "compare/exports/presets.py",
    "compare/exports/spreadsheet.py",
    "compare/exports/report.py",
    "compare/exports/answer.py",
    "compare/exports/requirements.py",
    "compare/exports/word.py",
    "compare/web/reports.py",
    "compare/web/embed.py",
    "compare/web/api.py",
    "compare/web/exports.py",
    "compare/web/selection.py",
    "templates/report/report.html",
    "templates/embed/chart.html",
    "templates/api/reference.html",
]
PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def used_messages() -> set[str]:
    """The msgids our code and templates pass to ``_`` or ``t``."""
    found: set[str] = set()
    for relative in SOURCES:
        path = PROJECT_ROOT / relative
        method = "jinja2" if path.suffix == ".html" else "python"
        for _line, message, _comments, _context in extract_from_file(
            method, str(path), keywords={"_": None, "t": None}
        ):
            found.add(message if isinstance(message, str) else message[0])
    return found


def dutch_catalogue() -> dict[str, str]:
    with Path(catalogue_path("nl")).open("rb") as handle:
        catalog = read_po(handle)
    assert not [m.id for m in catalog if m.id and m.fuzzy], "no fuzzy entries"
    return {str(m.id): str(m.string) for m in catalog if m.id}


def test_every_message_has_a_dutch_translation_with_the_same_placeholders() -> None:
    dutch = dutch_catalogue()
    used = used_messages()
    assert used, "the extraction found our messages"
    missing = sorted(used - set(dutch))
    assert not missing, f"add to {catalogue_path('nl')}: {missing}"
    for message in used:
        assert dutch[message], message
        assert sorted(PLACEHOLDER.findall(message)) == sorted(
            PLACEHOLDER.findall(dutch[message])
        ), message


def test_the_catalogue_has_no_stale_entries() -> None:
    stale = sorted(set(dutch_catalogue()) - used_messages())
    assert not stale, f"remove from {catalogue_path('nl')}: {stale}"


@pytest.mark.parametrize(("language", "expected"), [("nl", "Rangorde"), ("en", "Ranking")])
def test_gettext_answers_in_the_language(language: str, expected: str) -> None:
    assert gettext(language, "Ranking") == expected


def test_messages_we_do_not_have_fall_back_to_the_sites_catalogue() -> None:
    assert gettext("nl", "verified") == "geverifieerd"
