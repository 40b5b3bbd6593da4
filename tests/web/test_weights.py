"""The whole view state lives in the URL; weights and must-haves re-rank; profiles can be saved."""

from __future__ import annotations

import re
from urllib.parse import urlencode

from flask.testing import FlaskClient
from werkzeug.datastructures import MultiDict

from compare.web.weights import parse_state
from criteria.model import Catalogue
from tests.web.conftest import Pages


def no_saved(_profile_id: str) -> None:
    return None


def test_state_round_trips_through_its_query(catalogue: Catalogue) -> None:
    args = MultiDict([("profile", "healthcare"), ("w.encryption", "2.5"), ("must.encryption", ""), ("eu", "1"), ("hosting", "self-hosted")])
    state = parse_state(args, catalogue, no_saved, "core")
    again = parse_state(MultiDict(state.query()), catalogue, no_saved, "core")
    assert again.choice.effective == state.choice.effective
    assert again.filters == state.filters
    assert state.query()["w.encryption"] == "2.5"


def test_defaults_are_left_out_of_the_query(catalogue: Catalogue) -> None:
    state = parse_state(MultiDict([("profile", "core"), ("w.encryption", "1")]), catalogue, no_saved, "core")
    assert state.query() == {}
    assert not state.choice.adjusted


def test_an_empty_must_have_removes_the_profiles_own(catalogue: Catalogue) -> None:
    state = parse_state(MultiDict([("profile", "public-sector"), ("must.processor-agreement", "")]), catalogue, no_saved, "core")
    assert "processor-agreement" not in {m.criterion for m in state.choice.effective.must_haves}
    assert state.query() == {"profile": "public-sector", "must.processor-agreement": ""}
    assert state.choice.adjusted


def test_weights_change_the_ranking(pages: Pages) -> None:
    base = [row["offer"] for row in pages.json("/index.json")["ranking"]]
    tuned = [row["offer"] for row in pages.json("/index.json?w.encryption=10")["ranking"]]
    assert base != tuned
    document = pages.json("/index.json?w.encryption=10")
    assert document["profile"]["adjusted"] is True
    assert document["profile"]["weights"]["encryption"] == 10


def test_a_must_have_knocks_out_and_says_why(pages: Pages) -> None:
    document = pages.json("/index.json?must.encryption=e2ee-default")
    out = [row for row in document["ranking"] if row["standing"] == "knocked-out"]
    assert out
    assert all(any("Encryption of message content" in r for r in row["reasons"]) for row in out)


def test_the_panel_renders_the_state_it_was_given(pages: Pages) -> None:
    html = pages.html("/?profile=public-sector&w.encryption=3.5&must.encryption=e2ee-optional&eu=1")
    assert re.search(r'name="w\.encryption"[^>]*value="3\.5" data-default="7\.0"', html)
    assert '<option value="e2ee-optional" selected>' in html
    assert re.search(r'id="find-eu" name="eu" value="1" checked', html)
    assert '<input type="hidden" name="eu" value="1">' in html, "the weights form carries the filter"
    assert 'name="state" value="profile=public-sector&amp;w.encryption=3.5&amp;must.encryption=e2ee-optional&amp;eu=1"' in html


def test_links_between_pages_carry_the_weights(pages: Pages) -> None:
    html = pages.html("/?profile=healthcare&w.encryption=5")
    assert 'href="/compare?profile=healthcare&amp;w.encryption=5"' in html
    assert 'href="/sensitivity?profile=healthcare&amp;w.encryption=5"' in html


def _csrf(client: FlaskClient) -> str:
    html = client.get("/").get_data(as_text=True)
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match
    return match.group(1)


def test_a_named_profile_is_saved_and_reproduces_the_ranking(client: FlaskClient) -> None:
    state = urlencode({"profile": "public-sector", "w.encryption": "10", "must.eu-storage": "", "eu": "1"})
    tuned = client.get(f"/index.json?{state}").get_json()
    response = client.post("/profiles", data={"csrf_token": _csrf(client), "name": "Gemeente Één — zorg", "state": state})
    assert response.status_code == 303
    location = response.headers["Location"]
    assert re.fullmatch(r"/\?profile=gemeente-een-zorg-[0-9a-f]{8}&eu=1", location)
    saved = client.get(location.replace("/?", "/index.json?")).get_json()
    assert saved["profile"]["saved"] is True
    assert saved["profile"]["title"] == "Gemeente Één — zorg"
    assert [r["offer"] for r in saved["ranking"]] == [r["offer"] for r in tuned["ranking"]]
    assert [r["display"] for r in saved["ranking"]] == [r["display"] for r in tuned["ranking"]]
    html = client.get(location).get_data(as_text=True)
    assert "This is a saved custom profile" in html
    assert "Saved: Gemeente Één — zorg" in html


def test_saving_answers_json_when_asked(client: FlaskClient) -> None:
    response = client.post(
        "/profiles",
        data={"csrf_token": _csrf(client), "name": "Team A", "state": "w.encryption=4"},
        headers={"Accept": "application/json"},
    )
    assert response.status_code == 201
    document = response.get_json()
    assert document["profile"]["weights"]["encryption"] == 4.0
    assert response.headers["Location"] == document["url"]


def test_saving_needs_a_name_and_valid_weights(client: FlaskClient) -> None:
    token = _csrf(client)
    assert client.post("/profiles", data={"csrf_token": token, "name": " ", "state": ""}).status_code == 400
    assert client.post("/profiles", data={"csrf_token": token, "name": "x" * 81, "state": ""}).status_code == 400
    assert client.post("/profiles", data={"csrf_token": token, "name": "ok", "state": "w.encryption=x"}).status_code == 400
    assert client.post("/profiles", data={"csrf_token": token, "name": "ok", "state": "profile=nope"}).status_code == 404
