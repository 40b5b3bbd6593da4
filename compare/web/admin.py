"""The admin area: reviewers log in, read proposals with their diff, accept or reject them.

Every form carries a CSRF token (Flask-WTF) and every view needs a logged-in reviewer
(Flask-Login). Views are thin: decisions go through ``compare.review``, in one transaction.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar, cast
from urllib.parse import urlsplit

from flask import (
    Blueprint,
    Flask,
    Response,
    abort,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask import session as cookie_session
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import lazy_gettext
from flask_login import (
    LoginManager,
    UserMixin,
    current_user,
    login_required,
    login_user,
    logout_user,
)
from flask_wtf import FlaskForm
from markupsafe import Markup, escape
from sqlalchemy import select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session
from wtforms import PasswordField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from compare import accounts, review
from compare.store import corrections
from compare.store.session import transaction
from compare.store.setup import request_session, sessions_of
from compare.store.sources import (
    DocumentVersionRow,
    ProposalRow,
    ProposalStatus,
    SnapshotRow,
    SourceDocumentRow,
    UserRow,
)
from compare.web.context import catalogue
from compare.web.edge import MAX_ID
from scrapers.changes import diff

bp = Blueprint("admin", __name__, url_prefix="/admin")


@dataclass
class Reviewer(UserMixin):  # type: ignore[misc]
    """The logged-in reviewer, as Flask-Login sees them."""

    id: int
    username: str
    session_version: int = 0

    def get_id(self) -> str:
        """``<id>:<session version>``: a cookie from before a logout or revocation no longer loads."""
        return f"{self.id}:{self.session_version}"


class LoginForm(FlaskForm):  # type: ignore[misc]
    username = StringField(lazy_gettext("User name"), validators=[DataRequired(), Length(max=100)])
    password = PasswordField(lazy_gettext("Password"), validators=[DataRequired(), Length(max=500)])


class AcceptForm(FlaskForm):  # type: ignore[misc]
    note = TextAreaField(lazy_gettext("Note for the fact's explanation (optional)"), validators=[Length(max=2000)])


class RejectForm(FlaskForm):  # type: ignore[misc]
    reason = TextAreaField(lazy_gettext("Why is this proposal wrong?"), validators=[DataRequired(), Length(max=2000)])


View = TypeVar("View", bound=Callable[..., ResponseReturnValue])


def reviewer_required(view: View) -> View:
    """Flask-Login's ``login_required`` with its type kept (the library ships no type hints)."""
    return cast(View, login_required(view))


def _load_user(user_id: str) -> Reviewer | None:
    """The reviewer of a session cookie, if the cookie's session version is still theirs."""
    user_part, _, version_part = user_id.partition(":")
    if not (user_part.isdigit() and version_part.isdigit()) or int(user_part) > MAX_ID:
        return None
    row = request_session(current_app).get(UserRow, int(user_part))
    if row is None or row.session_version != int(version_part):
        return None
    return Reviewer(row.id, row.username, row.session_version)


def _no_store(response: Response) -> Response:
    """Admin pages hold unpublished proposals and a logged-in state: never kept by any cache."""
    if request.path == "/admin" or request.path.startswith("/admin/"):
        response.headers["Cache-Control"] = "no-store"
    return response


def init_app(app: Flask) -> None:
    """Register the blueprint and the login manager."""
    manager = LoginManager()
    manager.login_view = "admin.login"
    manager.user_loader(_load_user)
    manager.init_app(app)
    app.register_blueprint(bp)
    app.after_request(_no_store)


def _safe_next(target: str | None) -> str:
    """Only same-site paths: a login link must not bounce a reviewer to another site."""
    if target and target.startswith("/") and not target.startswith("//") and not urlsplit(target).netloc:
        return target
    return url_for("admin.queue")


@bp.route("/login", methods=["GET", "POST"])
def login() -> ResponseReturnValue:
    """Log a reviewer in; a wrong name or password gets the same answer."""
    form = LoginForm()
    if form.validate_on_submit():
        user = accounts.authenticate(request_session(current_app), form.username.data, form.password.data)
        if user is not None:
            cookie_session.clear()  # a fresh session: nothing planted before the login survives it
            cookie_session.permanent = True  # expires after PERMANENT_SESSION_LIFETIME (8 hours)
            login_user(Reviewer(user.id, user.username, user.session_version))
            return redirect(_safe_next(request.args.get("next")))
        form.password.errors.append(_("Unknown user name or wrong password."))
    return render_template("admin/login.html", form=form), 200 if request.method == "GET" or form.errors == {} else 400


@bp.post("/logout")
@reviewer_required
def logout() -> ResponseReturnValue:
    """Log out (POST with a CSRF token, so no other site can do it for you)."""
    form = FlaskForm()
    if not form.validate_on_submit():
        abort(400)
    with transaction(sessions_of(current_app)) as db_session:
        accounts.revoke_sessions(db_session, current_user.username)  # copies of the cookie die too
    logout_user()
    return redirect(url_for("admin.login"))


@bp.get("/")
@reviewer_required
def queue() -> ResponseReturnValue:
    """Open proposals, oldest first, and the latest decisions."""
    session = request_session(current_app)
    pending = session.scalars(
        select(ProposalRow).where(ProposalRow.status == ProposalStatus.PENDING).order_by(ProposalRow.created_at, ProposalRow.id)
    ).all()
    decided = session.scalars(
        select(ProposalRow).where(ProposalRow.status != ProposalStatus.PENDING).order_by(ProposalRow.decided_at.desc()).limit(20)
    ).all()
    suggestions = corrections.open_corrections(session)
    return render_template(
        "admin/queue.html",
        pending=pending,
        decided=decided,
        suggestions=suggestions,
        catalogue=catalogue(),
        logout_form=FlaskForm(),
        close_form=FlaskForm(),
    )


def highlight(text: str, quote: str) -> Markup:
    """The version's text, escaped, with the proposal's quote marked (first occurrence)."""
    at = text.find(quote)
    if at < 0:
        return escape(text)
    return escape(text[:at]) + Markup("<mark id='evidence'>") + escape(quote) + Markup("</mark>") + escape(text[at + len(quote) :])


@bp.get("/proposals/<int:proposal_id>")
@reviewer_required
def proposal(proposal_id: int) -> ResponseReturnValue:
    """A proposal with the document diff that produced it and the evidence highlighted."""
    session = request_session(current_app)
    row = session.get(ProposalRow, proposal_id)
    if row is None:
        abort(404, description=_("there is no proposal %(id)s", id=proposal_id))
    return render_template("admin/proposal.html", **_proposal_context(row))


def _proposal_context(row: ProposalRow) -> dict[str, Any]:
    session = request_session(current_app)
    version = session.get(DocumentVersionRow, row.version_id)
    previous = session.get(DocumentVersionRow, row.previous_version_id) if row.previous_version_id else None
    source = session.get(SourceDocumentRow, row.source_id)
    criterion = catalogue().criterion(row.criterion_id)
    text = version.text if version else ""
    return {
        "proposal": row,
        "source": source,
        "criterion": criterion,
        "changes": diff(previous.text if previous else "", text).rows(context=1),
        "highlighted": highlight(text, row.quote),
        "accept_form": AcceptForm(),
        "reject_form": RejectForm(),
        "logout_form": FlaskForm(),
    }


@bp.post("/proposals/<int:proposal_id>/accept")
@reviewer_required
def accept(proposal_id: int) -> ResponseReturnValue:
    """Accept: a new fact revision pointing at this proposal and its snapshot."""
    form = AcceptForm()
    return _decide(
        proposal_id,
        form,
        "accept_form",
        lambda session: review.accept(session, proposal_id, current_user.username, form.note.data or ""),
        _("Proposal %(id)s accepted; the fact has a new revision.", id=proposal_id),
    )


@bp.post("/proposals/<int:proposal_id>/reject")
@reviewer_required
def reject(proposal_id: int) -> ResponseReturnValue:
    """Reject with a reason; the fact stays as it was."""
    form = RejectForm()
    return _decide(
        proposal_id,
        form,
        "reject_form",
        lambda session: review.reject(session, proposal_id, current_user.username, form.reason.data or ""),
        _("Proposal %(id)s rejected.", id=proposal_id),
    )


def _decide(
    proposal_id: int, form: FlaskForm, form_name: str, decision: Callable[[Session], object], done: str
) -> ResponseReturnValue:
    """Validate the form, take the decision in one transaction, and say how it went."""
    if not form.validate_on_submit():
        return _rerender(proposal_id, **{form_name: form})
    try:
        with transaction(sessions_of(current_app), immediate=True) as session:
            decision(session)
    except review.AlreadyDecided as exc:  # the loser of a race, or a second click: 409 Conflict
        flash(str(exc), "error")
        return _rerender(proposal_id, status=409)
    except OperationalError:  # SQLite still locked after its busy timeout: the other decision wins
        flash(_("Proposal %(id)s is being decided by someone else right now; reload to see the outcome.", id=proposal_id), "error")
        return _rerender(proposal_id, status=409)
    except review.ReviewError as exc:
        flash(str(exc), "error")
        return redirect(url_for("admin.proposal", proposal_id=proposal_id))
    flash(done, "success")
    return redirect(url_for("admin.queue"))


def _rerender(proposal_id: int, status: int = 400, **forms: FlaskForm) -> ResponseReturnValue:
    """An invalid form comes back with its messages, and what the reviewer typed kept."""
    row = request_session(current_app).get(ProposalRow, proposal_id)
    if row is None:
        abort(404, description=_("there is no proposal %(id)s", id=proposal_id))
    context = _proposal_context(row)
    context.update(forms)
    return render_template("admin/proposal.html", **context), status


@bp.get("/sources")
@reviewer_required
def sources() -> ResponseReturnValue:
    """Every watched document: last fetch, status and the error that stopped it."""
    rows = request_session(current_app).scalars(
        select(SourceDocumentRow).order_by(SourceDocumentRow.product_id, SourceDocumentRow.document_id)
    ).all()
    return render_template("admin/sources.html", sources=rows, logout_form=FlaskForm())


def _versions(source_id: int) -> tuple[SourceDocumentRow, list[DocumentVersionRow]]:
    session = request_session(current_app)
    source = session.get(SourceDocumentRow, source_id)
    if source is None:
        abort(404, description=_("there is no source %(id)s", id=source_id))
    versions = session.scalars(
        select(DocumentVersionRow).where(DocumentVersionRow.source_id == source_id).order_by(DocumentVersionRow.id)
    ).all()
    return source, list(versions)


@bp.get("/sources/<int:source_id>")
@reviewer_required
def source(source_id: int) -> ResponseReturnValue:
    """One document's versions (vendor changes and our technical re-extractions) and snapshots."""
    found, versions = _versions(source_id)
    snapshots = request_session(current_app).scalars(
        select(SnapshotRow).where(SnapshotRow.source_id == source_id).order_by(SnapshotRow.id)
    ).all()
    return render_template("admin/source.html", source=found, versions=versions, snapshots=snapshots, logout_form=FlaskForm())


def _version_pair(source_id: int) -> tuple[SourceDocumentRow, DocumentVersionRow, DocumentVersionRow]:
    found, versions = _versions(source_id)
    by_id = {v.id: v for v in versions}
    pair = []
    for name in ("from", "to"):
        value = request.args.get(name, "")
        if not value.isdigit() or int(value) not in by_id:
            abort(400, description=_("parameter '%(name)s' must be the id of a version of source %(id)s", name=name, id=source_id))
        pair.append(by_id[int(value)])
    return found, pair[0], pair[1]


@bp.get("/sources/<int:source_id>/diff")
@reviewer_required
def version_diff(source_id: int) -> ResponseReturnValue:
    """The difference between two versions of a document, as a page."""
    found, before, after = _version_pair(source_id)
    rows = diff(before.text, after.text).rows(context=2)
    return render_template("admin/diff.html", source=found, before=before, after=after, rows=rows, logout_form=FlaskForm())


@bp.get("/sources/<int:source_id>/diff.json")
@reviewer_required
def version_diff_json(source_id: int) -> ResponseReturnValue:
    """The same difference as JSON: summary, changed passages, and the versions compared."""
    found, before, after = _version_pair(source_id)
    return jsonify(
        {
            "source": {"id": found.id, "product": found.product_id, "document": found.document_id, "url": found.url},
            "from": {"id": before.id, "recorded_at": before.recorded_at.isoformat(), "technical": before.technical},
            "to": {"id": after.id, "recorded_at": after.recorded_at.isoformat(), "technical": after.technical},
            "diff": diff(before.text, after.text).to_dict(context=2),
        }
    )
