"""``/data``: the open dataset (licence, downloads, schema, change log) and ``/changes.atom``.

The downloads are the whole dataset as ``msgcompare data export`` writes it and the facts in
force as CSV; the change log lists every accepted fact revision, newest first, paged. The Atom
feed carries the same changes plus vendor documents whose change awaits a reviewer, so a reader
can follow the data without visiting the site.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from flask import Blueprint, Flask, Response, current_app, render_template, request
from flask.typing import ResponseReturnValue
from werkzeug.exceptions import NotFound

from compare.changelog import Page
from compare.presenters.coverage import coverage_document
from compare.presenters.open_data import (
    change_document,
    document_change_document,
    facts_csv,
    open_data_document,
)
from compare.store import changes as stored_changes
from compare.store import queries, transfer
from compare.store.base import Base
from compare.store.setup import request_session
from compare.web.context import catalogue, comparison
from compare.web.errors import BadParameters
from compare.web.formats import render
from compare.web.i18n import current_language
from compare.web.wording import gettext as _

bp = Blueprint("open_data", __name__)
PAGE_SIZE = 50
FEED_SIZE = 50
DATASET_FILE = "msgcompare-dataset.json"


def page_number() -> int:
    """``page=N`` (1 when absent).

    Raises:
        BadParameters: not a positive whole number.
    """
    raw = request.args.get("page", "1")
    if not raw.isdigit() or int(raw) < 1:
        raise BadParameters([_("“page”: give a page number from 1 up.")])
    return int(raw)


def schema_tables() -> list[dict[str, Any]]:
    """Every exported table with its columns and their types, read from the table definitions."""
    tables = []
    for name in transfer.TABLES:
        table = Base.metadata.tables[name]
        tables.append(
            {
                "name": name,
                "columns": [{"name": c.name, "type": str(c.type).lower(), "nullable": bool(c.nullable)} for c in table.columns],
            }
        )
    return tables


@bp.get("/data.json", defaults={"fmt": "json"})
@bp.get("/data", defaults={"fmt": None})
def data_page(fmt: str | None = None) -> ResponseReturnValue:
    """Licence, downloads, how complete the data is, schema and one page of the change log."""
    language = current_language()
    number = page_number()
    session = request_session(current_app)
    changes = stored_changes.accepted_changes(session)
    page = Page(number=number, size=PAGE_SIZE, total=len(changes))
    if number > page.count:
        raise NotFound(_("There is no page %(number)s of the change log.", number=number))
    current = comparison()
    facts = {fact.key: fact for offer in current.offers for fact in offer.facts.values()}
    counts = {"products": len(current.products), "offers": len(current.offers), "facts": len(facts), "changes": len(changes)}
    document = open_data_document(changes, page, catalogue(), current.products, counts, language)
    document["schema"] = schema_tables()
    document["coverage"] = coverage_document(catalogue(), current.offers, language)
    return render(document, "pages/data.html", fmt)


@bp.get("/data/msgcompare-dataset.json")
def dataset() -> ResponseReturnValue:
    """The whole dataset, every revision included, exactly as ``msgcompare data export`` writes it."""
    document = transfer.export_document(request_session(current_app))
    body = current_app.json.dumps(document, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    response = current_app.response_class(body, mimetype="application/json")
    response.headers["Content-Disposition"] = f'attachment; filename="{DATASET_FILE}"'
    return response


@bp.get("/data/facts.csv")
def facts_download() -> ResponseReturnValue:
    """The facts in force (one row per product, edition and criterion) as CSV."""
    session = request_session(current_app)
    response = Response(facts_csv(queries.current_facts(session)), mimetype="text/csv")
    response.headers["Content-Disposition"] = 'attachment; filename="msgcompare-facts.csv"'
    return response


@bp.get("/changes.atom")
def changes_feed() -> ResponseReturnValue:
    """Accepted fact changes and vendor documents under review, newest first, as Atom."""
    language = current_language()
    session = request_session(current_app)
    names = {p.id: p.name for p in comparison().products}
    accepted = [change_document(c, catalogue(), names, language) for c in stored_changes.accepted_changes(session)[:FEED_SIZE]]
    reviewing = [document_change_document(d, catalogue(), names, language) for d in stored_changes.documents_under_review(session, FEED_SIZE)]
    stamps = [item["recorded_at"] for item in accepted] + [item["created_at"] for item in reviewing]
    updated = max(stamps) if stamps else datetime(2026, 1, 1, tzinfo=UTC).isoformat(timespec="seconds")
    body = render_template("pages/changes.atom.xml", accepted=accepted, reviewing=reviewing, updated=updated)
    return Response(body, mimetype="application/atom+xml")


def init_app(app: Flask) -> None:
    """Register the open-data pages."""
    app.register_blueprint(bp)
