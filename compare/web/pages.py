"""HTML pages. Views stay thin: they pick a profile, ask the comparison, render a template."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, render_template, request
from flask.typing import ResponseReturnValue

from compare.web.context import catalogue, comparison

bp = Blueprint("pages", __name__)


@bp.get("/")
def overview() -> ResponseReturnValue:
    """The ranking for the chosen (or default) profile."""
    profile_id = request.args.get("profile", current_app.config["DEFAULT_PROFILE"])
    try:
        profile = catalogue().profile(profile_id)
    except KeyError:
        abort(404, description=f"unknown profile {profile_id!r}")
    sheet = comparison().score(profile)
    return render_template("pages/overview.html", sheet=sheet, catalogue=catalogue(), language="en")
