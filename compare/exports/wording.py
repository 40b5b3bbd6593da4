"""The Dutch texts of the exports, the report, the embeds and the API reference page.

They live in their own catalogue (``compare/exports/locale/nl.po``), read straight from the
``.po`` file and compiled in memory, so nothing has to be built before a report can be made.
Messages not found there fall back to the site's catalogue (``compare.i18n.translator``), which
carries the shared words (statuses, standings, chart labels).
"""

from __future__ import annotations

from functools import cache
from io import BytesIO
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations

from compare.i18n import translator

LOCALE_DIR = Path(__file__).resolve().parent / "locale"


def catalogue_path(language: str) -> Path:
    """Where the exports' catalogue for ``language`` lives."""
    return LOCALE_DIR / f"{language}.po"


@cache
def translations(language: str) -> NullTranslations:
    """Our catalogue for ``language`` in front of the site's (English needs none: msgids are English).

    Fuzzy entries are left out, as ``pybabel compile`` does: a guessed translation must not reach
    a report that people rely on.
    """
    site = translator(language)
    path = catalogue_path(language)
    if language == "en" or not path.exists():
        return site
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=language)
    compiled = BytesIO()
    write_mo(compiled, catalog, use_fuzzy=False)
    compiled.seek(0)
    ours = Translations(compiled)
    ours.add_fallback(site)
    return ours


def gettext(language: str, message: str) -> str:
    """``message`` in ``language``."""
    return translations(language).gettext(message)
