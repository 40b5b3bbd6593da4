"""The view state of this request: profile, weights, must-haves, filters, reference and date.

Shared by the pages, the API, the exports and the embeds, so one URL means one view everywhere.
"""

from __future__ import annotations

from flask import current_app, request
from werkzeug.datastructures import MultiDict

from compare.store import profiles as saved_profiles
from compare.store.session import transaction
from compare.store.setup import request_session, sessions_of
from compare.web.context import catalogue
from compare.web.weights import ViewState, parse_state
from criteria.model import LocalizedText, MustHave, WeightProfile


def saved_profile(profile_id: str) -> WeightProfile | None:
    """A saved custom profile, with weights and must-haves the catalogue no longer knows dropped."""
    row = saved_profiles.load_profile(request_session(current_app), profile_id)
    if row is None:
        return None
    if saved_profiles.is_reopening(row):
        # Someone came back to the link: it is in use and never a candidate for pruning.
        with transaction(sessions_of(current_app)) as session:
            saved_profiles.note_opened(session, row)
    known = {c.id: c for c in catalogue().criteria}
    row_weights = {k: v for k, v in row.weights.items() if k in known}
    musts = tuple(
        MustHave(criterion=m["criterion"], minimum=m["minimum"])
        for m in row.must_haves
        if m["criterion"] in known and known[m["criterion"]].has_level(m["minimum"])
    )
    description = LocalizedText(
        en=f"A custom profile saved on {row.created_at:%Y-%m-%d}, starting from “{row.base_profile}”.",
        nl=f"Een eigen profiel, bewaard op {row.created_at:%Y-%m-%d}, op basis van “{row.base_profile}”.",
    )
    return WeightProfile(
        id=row.id, title=LocalizedText(en=row.name, nl=row.name), description=description, weights=row_weights, must_haves=musts
    )


def view_state(args: MultiDict[str, str] | None = None) -> ViewState:
    """The profile, weights, must-haves and filters of this request (404/400 on bad ones)."""
    return parse_state(
        args if args is not None else request.args, catalogue(), saved_profile, current_app.config["DEFAULT_PROFILE"]
    )
