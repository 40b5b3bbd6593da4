"""Admin pages for source health: the event log, its Atom feed, and webhooks with their deliveries.

- ``/admin/events``: sources failing now (since when, how many attempts) and every transition;
- ``/admin/events.atom``: the same transitions as an Atom feed, for a reviewer's feed reader,
  which cannot log in: it may use the reviewer's secret feed address (``?token=``, see
  ``compare.feed_tokens``), made and replaced on the events page;
- ``/admin/webhooks``: register or remove receivers; the delivery log shows each attempt's outcome.

A webhook address is checked with the fetcher's address guard when it is registered (and again
at every delivery), so no one can point our server at a private or loopback address.
"""

from __future__ import annotations

import asyncio
import secrets
from datetime import UTC, datetime

from flask import (
    Blueprint,
    Flask,
    Response,
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
from flask_babel import lazy_gettext
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy import select
from werkzeug.exceptions import NotFound
from wtforms import StringField
from wtforms.validators import DataRequired, Length, ValidationError

from compare import feed_tokens
from compare.jobs import notify
from compare.store.events import SourceEventRow, WebhookDeliveryRow, WebhookRow
from compare.store.session import transaction
from compare.store.setup import request_session, sessions_of
from compare.store.sources import SourceDocumentRow, UserRow
from compare.web.admin import reviewer_required
from compare.web.edge import split_url
from scrapers.addresses import AddressGuard, AddressRefused

bp = Blueprint("admin_events", __name__, url_prefix="/admin")
FEED_SIZE = 100


def check_address(url: str, allowed: tuple[str, ...]) -> None:
    """Refuse anything but http(s) to a public address (or an allow-listed network).

    Raises:
        ValidationError: with the reason, for the form.
    """
    parts = split_url(url)
    if parts is None or parts.scheme not in {"http", "https"} or not parts.hostname:
        raise ValidationError(_("Use an http:// or https:// address."))
    guard = AddressGuard.allowing(allowed)
    try:
        asyncio.run(guard.check(parts.hostname, parts.port or (443 if parts.scheme == "https" else 80)))
    except AddressRefused as exc:
        raise ValidationError(str(exc)) from exc


class WebhookForm(FlaskForm):  # type: ignore[misc]
    url = StringField(lazy_gettext("Receiver URL"), validators=[DataRequired(), Length(max=2000)])

    def validate_url(self, field: StringField) -> None:
        check_address(field.data.strip(), tuple(current_app.config["WEBHOOK_ALLOW_NETWORKS"]))


def _events_page(new_feed_url: str | None = None) -> ResponseReturnValue:
    session = request_session(current_app)
    failing = session.scalars(
        select(SourceDocumentRow).where(SourceDocumentRow.failing_since.is_not(None)).order_by(SourceDocumentRow.failing_since)
    ).all()
    log = session.scalars(select(SourceEventRow).order_by(SourceEventRow.id.desc()).limit(FEED_SIZE)).all()
    me = session.get(UserRow, current_user.id)
    return render_template(
        "admin/events.html", failing=failing, events=log, logout_form=FlaskForm(), token_form=FlaskForm(),
        feed_token_created_at=me.feed_token_created_at if me is not None else None, new_feed_url=new_feed_url,
    )


@bp.get("/events")
@reviewer_required
def events() -> ResponseReturnValue:
    """Failing sources and the event log, newest first; the reviewer's feed address."""
    return _events_page()


@bp.post("/events/feed-token")
@reviewer_required
def new_feed_token() -> ResponseReturnValue:
    """Make (or replace) this reviewer's secret feed address and show it, this once."""
    if not FlaskForm().validate_on_submit():
        flash(_("The form expired; try again."), "error")
        return redirect(url_for("admin_events.events"))
    with transaction(sessions_of(current_app)) as session:
        token = feed_tokens.issue(session, current_user.id)
    # Shown in this answer only (admin pages are never cached): the database keeps its hash.
    return _events_page(url_for("admin_events.events_feed", token=token, _external=True))


@bp.post("/events/feed-token/remove")
@reviewer_required
def remove_feed_token() -> ResponseReturnValue:
    """Close this reviewer's feed address."""
    if FlaskForm().validate_on_submit():
        with transaction(sessions_of(current_app)) as session:
            feed_tokens.revoke(session, current_user.id)
        flash(_("Feed address removed; feed readers using it are refused from now on."), "success")
    else:
        flash(_("The form expired; try again."), "error")
    return redirect(url_for("admin_events.events"))


@bp.get("/events.atom")
def events_feed() -> ResponseReturnValue:
    """Source failures and recoveries as Atom, for a logged-in reviewer or a valid feed token."""
    session = request_session(current_app)
    token = request.args.get("token")
    if token is not None:
        if len(token) > 200 or feed_tokens.reviewer_for(session, token) is None:
            abort(403, description=_("This feed address is not valid (any more); make a new one on the events page."))
    elif not current_user.is_authenticated:
        return current_app.login_manager.unauthorized()  # type: ignore[attr-defined,no-any-return]
    log = session.scalars(select(SourceEventRow).order_by(SourceEventRow.id.desc()).limit(FEED_SIZE)).all()
    updated = log[0].occurred_at if log else datetime(2026, 1, 1, tzinfo=UTC)
    body = render_template("admin/events.atom.xml", events=log, updated=updated)
    return Response(body, mimetype="application/atom+xml")


@bp.route("/webhooks", methods=["GET", "POST"])
@reviewer_required
def webhooks() -> ResponseReturnValue:
    """Registered receivers, the form to add one, and the delivery log."""
    form = WebhookForm()
    if form.validate_on_submit():
        with transaction(sessions_of(current_app)) as session:
            session.add(WebhookRow(
                url=form.url.data.strip(), secret=secrets.token_urlsafe(32), active=True,
                created_at=datetime.now(UTC), created_by=current_user.username,
            ))
        flash(_("Webhook registered. Check each delivery's signature with its secret."), "success")
        return redirect(url_for("admin_events.webhooks"))
    session = request_session(current_app)
    hooks = session.scalars(select(WebhookRow).where(WebhookRow.active.is_(True)).order_by(WebhookRow.id)).all()
    deliveries = session.execute(
        select(WebhookDeliveryRow, WebhookRow.url, SourceEventRow)
        .join(WebhookRow, WebhookRow.id == WebhookDeliveryRow.webhook_id)
        .join(SourceEventRow, SourceEventRow.id == WebhookDeliveryRow.event_id)
        .order_by(WebhookDeliveryRow.id.desc())
        .limit(FEED_SIZE)
    ).all()
    status = 400 if form.errors else 200
    return render_template(
        "admin/webhooks.html", form=form, hooks=hooks, deliveries=deliveries, remove_form=FlaskForm(), logout_form=FlaskForm(),
        retry_delays=[notify.retry_delay(current_app, n) for n in range(1, int(current_app.config["WEBHOOK_RETRIES"]) + 1)],
    ), status


@bp.post("/webhooks/<int:webhook_id>/remove")
@reviewer_required
def remove_webhook(webhook_id: int) -> ResponseReturnValue:
    """Stop sending to a receiver; its delivery log stays."""
    form = FlaskForm()
    if not form.validate_on_submit():
        flash(_("The form expired; try again."), "error")
        return redirect(url_for("admin_events.webhooks"))
    with transaction(sessions_of(current_app)) as session:
        hook = session.get(WebhookRow, webhook_id)
        if hook is None:
            raise NotFound()
        hook.active = False
    flash(_("Webhook removed."), "success")
    return redirect(url_for("admin_events.webhooks"))


def init_app(app: Flask) -> None:
    """Register the pages (after ``compare.web.admin``, whose login they use)."""
    app.register_blueprint(bp)
