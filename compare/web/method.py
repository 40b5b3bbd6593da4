"""``/method``: how the service answers, in English and Dutch, with its tables read from the data."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Flask
from flask.typing import ResponseReturnValue

from compare.facts import FactStatus
from compare.presenters.method import method_document
from compare.presenters.overview import ranking_row
from compare.presenters.register import register_method_document
from compare.scoring.rank import rank
from compare.web.context import catalogue, comparison
from compare.web.formats import render
from compare.web.i18n import current_language
from criteria.register import default_register

bp = Blueprint("method", __name__)


@bp.get("/method.json", defaults={"fmt": "json"})
@bp.get("/method", defaults={"fmt": None})
def method(fmt: str | None = None) -> ResponseReturnValue:
    """Purpose, inclusion rule, scoring, verdicts, sources and review, independence, licence, errors."""
    language = current_language()
    current = comparison()
    profile = catalogue().profile("core")
    sheet = rank(current.matrix, profile)
    example: dict[str, Any] | None = ranking_row(sheet.rows[0], catalogue(), language) if sheet.rows else None
    facts = [fact for offer in current.offers for fact in offer.facts.values()]
    counts = {
        "products": len(current.products),
        "offers": len(current.offers),
        "criteria": len(catalogue().criteria),
        "verified": len({f.key for f in facts if f.status is FactStatus.VERIFIED}),
    }
    document = method_document(catalogue(), language, example, counts)
    document["register"] = register_method_document(default_register(), catalogue(), language)
    return render(document, f"method/{'nl' if language == 'nl' else 'en'}.html", fmt)


def init_app(app: Flask) -> None:
    """Register the method page."""
    app.register_blueprint(bp)
