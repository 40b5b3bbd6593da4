"""The report an advisor attaches to a decision: HTML for printing, PDF printed by Chromium.

The report is built as a plain document (``report_document``) from the same presenters as the
pages, rendered by one Jinja template (``templates/report/report.html``) with autoescaping on,
and printed to PDF by the worker's shared Chromium without any network access: the only resources it may load are the charts,
inlined as ``data:`` URIs. Everything scraped (quotes, URLs, explanations) is escaped, and only
http(s) sources become links.
"""

from __future__ import annotations

import base64
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from functools import cache, partial
from typing import Any
from urllib.parse import urlsplit

from babel.dates import format_date, format_datetime
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from compare.exports.scope import Scope
from compare.exports.wording import translations
from compare.i18n import signed
from compare.rendering.browser import Browser
from compare.settings import PROJECT_ROOT

TEMPLATE = "report/report.html"


@dataclass(frozen=True)
class ChartImage:
    """A chart for the report: its title, a sentence for readers who cannot see it, and its image.

    SVG for the PDF and HTML (sharp at any zoom, fast to lay out); PNG for Word, which cannot
    place SVG through python-docx.
    """

    title: str
    description: str
    image: bytes
    media_type: str = "image/svg+xml"

    @property
    def data_uri(self) -> str:
        """The image as a ``data:`` URI (base64, so nothing in it can break out of the attribute)."""
        return f"data:{self.media_type};base64," + base64.b64encode(self.image).decode("ascii")


def web_link(url: str | None) -> str | None:
    """``url`` when it is an http(s) address we may link to, else None (shown as plain text)."""
    if not url:
        return None
    parts = urlsplit(url)
    return url if parts.scheme in ("http", "https") and parts.netloc else None


def long_date(value: date | None, language: str) -> str | None:
    """``24 November 2026`` / ``24 november 2026``."""
    return format_date(value, format="long", locale=language) if value else None


def numbered_sources(scope: Scope) -> tuple[list[dict[str, Any]], dict[str, int]]:
    """Every source URL once, numbered in order of first use, with the dates it was quoted at."""
    sources: list[dict[str, Any]] = []
    numbers: dict[str, int] = {}
    for criterion in scope.side_by_side["criteria"]:
        for cell in criterion["cells"]:
            evidence = cell["evidence"]
            if not evidence:
                continue
            url = evidence["source_url"]
            if url not in numbers:
                numbers[url] = len(sources) + 1
                sources.append(
                    {
                        "number": numbers[url],
                        "url": url,
                        "link": web_link(url),
                        "dates": [],
                        "seen_on": [],
                    }
                )
            entry = sources[numbers[url] - 1]
            if evidence["date"] not in entry["dates"]:
                entry["dates"].append(evidence["date"])
            if evidence["seen_on"] not in entry["seen_on"]:
                entry["seen_on"].append(evidence["seen_on"])
    return sources, numbers


def criterion_sections(scope: Scope, numbers: Mapping[str, int]) -> list[dict[str, Any]]:
    """Per criterion: each offer's level with its quote, source number and date."""
    sections = []
    labels = {row["offer"]: row["label"] for row in scope.overview["ranking"]}
    for entry, criterion in zip(
        scope.side_by_side["criteria"], scope.catalogue.criteria, strict=True
    ):
        rows = []
        for cell in entry["cells"]:
            evidence = cell["evidence"]
            rows.append(
                {
                    "label": labels[cell["offer"]],
                    "status": cell["status"],
                    "status_label": cell["status_label"],
                    "level_label": cell["level_label"],
                    "quote": evidence["quote"] if evidence else None,
                    "source_number": numbers[evidence["source_url"]] if evidence else None,
                    "source_url": evidence["source_url"] if evidence else None,
                    "source_link": web_link(evidence["source_url"]) if evidence else None,
                    "date": evidence["date"] if evidence else None,
                }
            )
        sections.append(
            {
                "id": entry["id"],
                "title": entry["title"],
                "weight": entry["weight"],
                "description": criterion.description.get(scope.language),
                "rows": rows,
            }
        )
    return sections


def matrix_groups(scope: Scope, size: int = 5) -> list[dict[str, Any]]:
    """The level matrix split into tables of at most ``size`` criteria, core criteria first.

    A table of thirteen criteria across cannot be read on A4; a handful per table, on a landscape
    page, can. Each cell keeps the overview's text (level, or "Unverified: level", or "Unknown").
    """
    matrix = scope.overview["matrix"]
    catalogue = scope.catalogue
    columns = list(enumerate(matrix["criteria"]))
    core = [(i, c) for i, c in columns if catalogue.criterion(c["id"]).core]
    rest = [(i, c) for i, c in columns if not catalogue.criterion(c["id"]).core]
    chunks = [core[k : k + size] for k in range(0, len(core), size)]
    chunks += [rest[k : k + size] for k in range(0, len(rest), size)]
    groups = []
    for chunk in chunks:
        groups.append(
            {
                "criteria": [c for _, c in chunk],
                "rows": [
                    {"label": row["label"], "cells": [row["cells"][i] for i, _ in chunk]}
                    for row in matrix["rows"]
                ],
            }
        )
    return groups


def report_document(
    scope: Scope,
    sensitivity: Mapping[str, Any],
    charts: list[ChartImage],
    links: Mapping[str, str],
    *,
    answer: Mapping[str, Any] | None = None,
    registers: list[dict[str, Any]] | None = None,
    register_scales: Mapping[str, Any] | None = None,
    appendix: Scope | None = None,
) -> dict[str, Any]:
    """Everything the report shows, in ``scope.language``.

    ``scope`` holds the report's offers (the reference, the top five and any chosen);
    ``sensitivity`` is the sensitivity presenter's document of the whole field; ``answer`` is
    page 1 (``compare.exports.answer``); ``registers`` the risk registers
    (``compare.presenters.register``); ``appendix``, when given, is the whole field, whose ranking,
    evidence per criterion and sources follow as an appendix. ``links`` holds absolute URLs back
    to the live comparison (``comparison``, ``permalink``).
    """
    overview = scope.overview
    ranking = overview["ranking"]
    evidence_scope = appendix
    sources, numbers = numbered_sources(evidence_scope) if evidence_scope else ([], {})
    return {
        "language": scope.language,
        "profile": scope.profile_document(),
        "generated_on": long_date(scope.generated_at.date(), scope.language),
        "generated_at": format_datetime(scope.generated_at, format="medium", locale=scope.language),
        "generated_iso": scope.generated_at.isoformat(timespec="seconds"),
        "as_of": long_date(scope.as_of, scope.language),
        "data_date": long_date(scope.data_date, scope.language),
        "offers": [row["label"] for row in ranking],
        "counts": overview["counts"],
        "ranking": ranking,
        "reference": overview["reference"],
        "excluded": [row for row in ranking if row["standing"] != "eligible"],
        "matrix_groups": matrix_groups(scope),
        "charts": charts,
        "sensitivity": sensitivity,
        "answer": answer,
        "registers": registers or [],
        "register_scales": register_scales,
        "appendix": (
            {
                "ranking": appendix.overview["ranking"],
                "criteria": criterion_sections(appendix, numbers),
                "sources": sources,
            }
            if appendix is not None
            else None
        ),
        "links": {key: web_link(value) for key, value in links.items()},
    }


@cache
def environment() -> Environment:
    """The Jinja environment for reports: our templates folder, autoescaping, strict undefineds."""
    return Environment(
        loader=FileSystemLoader(str(PROJECT_ROOT / "templates")),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render_html(document: Mapping[str, Any]) -> str:
    """The report as a standalone HTML page (styles inline, charts as data URIs)."""
    language = document["language"]
    gettext = translations(language).gettext
    return environment().get_template(TEMPLATE).render(doc=document, _=gettext, language=language, signed=partial(signed, language=language))


def render_pdf(html: str, browser: Browser) -> bytes:
    """The HTML report as PDF bytes, printed by the shared Chromium (see docs/decisions/0009).

    The browser prints with JavaScript off and aborts every request that is not a ``data:`` URI,
    so a report can load nothing from outside, whatever a scraped quote contains.

    Raises:
        RendererUnavailable: the browser is missing, failed, or took too long.
    """
    return browser.pdf(html)
