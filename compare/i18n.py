"""Translations without Flask: catalogues, a translator per language, and locale-aware numbers.

Presenters and charts build sentences and axis titles in the reader's language, and the embeds,
exports and PDF reports call them outside a request. So the catalogue is read here through Babel
alone; the web layer (``compare.web.i18n``) points Flask-Babel at the same directory.

The compiled ``.mo`` files are build products (git ignores them). ``compile_catalogues`` turns
every ``.po`` into its ``.mo`` when the ``.mo`` is missing or older; the app calls it at start-up
and ``msgcompare translations compile`` calls it by hand.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal, get_decimal_symbol
from babel.support import NullTranslations, Translations

from compare.settings import PROJECT_ROOT

TRANSLATIONS_DIR = PROJECT_ROOT / "translations"
DOMAIN = "messages"


class CatalogueCompileError(Exception):
    """A ``.po`` file could not be compiled; the message names the file."""


def catalogue_files(root: Path = TRANSLATIONS_DIR) -> list[Path]:
    """Every ``<lang>/LC_MESSAGES/messages.po`` under ``root``."""
    return sorted(root.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))


def compile_catalogues(root: Path = TRANSLATIONS_DIR, *, force: bool = False) -> list[Path]:
    """Compile stale or missing ``.mo`` files (what ``pybabel compile`` does); returns those written.

    Fuzzy entries are left out, as pybabel does by default: a guessed translation must not reach
    a page that people rely on.

    Raises:
        CatalogueCompileError: a catalogue cannot be read or its ``.mo`` cannot be written.
    """
    written = []
    for po_path in catalogue_files(root):
        mo_path = po_path.with_suffix(".mo")
        if not force and mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        try:
            with po_path.open("rb") as po_file:
                catalog = read_po(po_file, domain=DOMAIN)
            temporary = mo_path.with_suffix(f".mo.{os.getpid()}.tmp")  # parallel test workers compile too
            with temporary.open("wb") as mo_file:
                write_mo(mo_file, catalog, use_fuzzy=False)
            temporary.replace(mo_path)
        except (OSError, ValueError) as exc:
            raise CatalogueCompileError(f"{po_path}: cannot compile ({exc})") from exc
        written.append(mo_path)
    translator.cache_clear()
    return written


@cache
def translator(language: str) -> NullTranslations:
    """The compiled catalogue for ``language`` (English needs none: msgids are English)."""
    if language == "en":
        return NullTranslations()
    return Translations.load(str(TRANSLATIONS_DIR), [language], DOMAIN)


@cache
def decimal_symbol(language: str) -> str:
    """The locale's decimal separator ("." in English, "," in Dutch)."""
    return str(get_decimal_symbol(language))


def number(value: float, language: str, digits: int = 1) -> str:
    """``12.5`` → ``12.5`` (en) or ``12,5`` (nl), always with ``digits`` decimals.

    Pages print hundreds of scores, and Babel's general formatter costs about 0.1 ms a call, so
    numbers below 1000 (every score and weight) take a fast path with the locale's separator.
    """
    if abs(value) >= 1000:
        pattern = "#,##0." + "0" * digits if digits else "#,##0"
        return str(format_decimal(value, format=pattern, locale=language))
    text = f"{value:.{digits}f}"
    if text.startswith("-") and not text.strip("-0."):
        text = text[1:]
    return text.replace(".", decimal_symbol(language)) if digits else text


def signed(value: float, language: str, digits: int = 1) -> str:
    """``number`` with its sign always shown (``+12,5``, ``-3,0``): a gain or loss against the reference."""
    text = number(value, language, digits)
    return text if text.startswith("-") else f"+{text}"


def percent(share: float, language: str) -> str:
    """``0.5`` → ``50 %`` in the locale's style, rounded to whole percents."""
    return f"{number(100 * share, language, 0)}\N{NO-BREAK SPACE}%"
