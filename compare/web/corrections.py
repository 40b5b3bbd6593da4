"""“Suggest a correction”: a reader's form on every product page, and its place in the review queue.

Suggestions never reach a public page: they wait for a reviewer in ``/admin/``. The form is
checked like any other (CSRF token, sizes, an http(s) source), and one address may send only a
few an hour, counted in the database so the limit holds across web servers.
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import UTC, datetime
from typing import Any

from flask import (
    Blueprint,
    Flask,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm

from compare.store import corrections
from compare.store.session import transaction
from compare.store.setup import sessions_of
from compare.web.admin import reviewer_required
from compare.web.context import catalogue, comparison
from compare.web.edge import split_url
from compare.web.i18n import current_language
from compare.web.public_forms import FormRefused, check_form_token, form_token

bp = Blueprint("corrections", __name__)
MESSAGE_MAX = 2000
URL_MAX = 2000
EMAIL_MAX = 254
NOTE_MAX = 2000


def client_key() -> str:
    """The reader's address as a keyed hash: enough to count, nothing to leak."""
    secret = str(current_app.config["SECRET_KEY"]).encode()
    address = (request.remote_addr or "unknown").encode()
    return hmac.new(secret, address, hashlib.sha256).hexdigest()[:32]


def is_web_url(value: str) -> bool:
    """An absolute http(s) URL with a host: the only kind of source a reviewer can open safely."""
    parts = split_url(value)
    return (
        parts is not None
        and parts.scheme in ("http", "https")
        and bool(parts.hostname)
        and not any(c.isspace() for c in value)
    )


def check_form(form: dict[str, str], criteria: set[str]) -> list[str]:
    """Every problem with a submitted suggestion, in the reader's language."""
    errors = []
    if form["criterion"] and form["criterion"] not in criteria:
        errors.append(_("Choose the fact from the list."))
    if not form["message"]:
        errors.append(_("Say what is wrong."))
    elif len(form["message"]) > MESSAGE_MAX:
        errors.append(_("Say what is wrong in at most %(max)s characters.", max=MESSAGE_MAX))
    if not form["source_url"]:
        errors.append(_("Give the source that shows the right fact."))
    elif len(form["source_url"]) > URL_MAX or not is_web_url(form["source_url"]):
        errors.append(_("The source must be a web address starting with http:// or https://."))
    if form["email"] and (len(form["email"]) > EMAIL_MAX or "@" not in form["email"] or any(c.isspace() for c in form["email"])):
        errors.append(_("The e-mail address does not look right; you may leave it empty."))
    return errors


@bp.post("/products/<slug:product_id>/corrections")
def suggest(product_id: str) -> ResponseReturnValue:
    """Store a reader's suggestion for the reviewers, or show the form again with what to fix."""
    try:
        product = comparison().product(product_id)
    except KeyError:
        abort(404)
    form = {key: request.form.get(key, "").strip() for key in ("criterion", "message", "source_url", "email")}
    errors: list[str] = []
    try:
        check_form_token(request.form.get("csrf_token"))
    except FormRefused:
        errors.append(_("The form has expired. Send it again."))
    errors += check_form(form, {c.id for c in catalogue().criteria})
    now = datetime.now(UTC)
    client = client_key()
    with transaction(sessions_of(current_app)) as session:
        if not errors and corrections.recent_count(session, client, now - corrections.RATE_WINDOW) >= corrections.RATE_LIMIT:
            return page(product.id, product.name, form, [_("You have sent several suggestions in the last hour. Please try again later.")]), 429
        if errors:
            return page(product.id, product.name, form, errors), 400
        corrections.add_correction(
            session,
            product_id=product.id,
            criterion_id=form["criterion"] or None,
            message=form["message"],
            source_url=form["source_url"],
            email=form["email"] or None,
            client=client,
            now=now,
        )
    return redirect(url_for("pages.product", product_id=product.id, correction="sent", _anchor="correction"), code=303)


def page(product_id: str, name: str, form: dict[str, str], errors: list[str]) -> str:
    """The form again, with the reader's input kept and every problem listed."""
    return render_template(
        "pages/correction.html",
        product_id=product_id,
        name=name,
        form=form,
        errors=errors,
        criteria=criteria_choices(),
        csrf_token=form_token,
    )


def criteria_choices() -> list[dict[str, Any]]:
    """The facts a reader can point at, one per criterion, in the reader's language."""
    language = current_language()
    return [{"id": c.id, "title": c.title.get(language)} for c in catalogue().criteria]


@bp.post("/admin/corrections/<int:correction_id>/close")
@reviewer_required
def close(correction_id: int) -> ResponseReturnValue:
    """A reviewer has handled a suggestion (and recorded any new fact the usual way)."""
    form = FlaskForm()
    if not form.validate_on_submit():
        abort(400)
    note = request.form.get("note", "").strip()[:NOTE_MAX]
    with transaction(sessions_of(current_app)) as session:
        row = corrections.close_correction(session, correction_id, current_user.username, note, datetime.now(UTC))
        if row is None:
            abort(404)
    flash(_("Suggestion %(id)s closed.", id=correction_id), "success")
    return redirect(url_for("admin.queue"))


def init_app(app: Flask) -> None:
    """Register the form's routes."""
    app.register_blueprint(bp)
