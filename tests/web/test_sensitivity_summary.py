"""The robustness page opens with the answer it tests: the first recommendation, not the score leader."""

from __future__ import annotations

from tests.web.conftest import Pages


def test_when_the_leader_is_not_recommended_the_summary_leads_with_the_first_pick(pages: Pages) -> None:
    overview = pages.json("/index.json?profile=core")
    leader, pick = overview["ranking"][0], overview["top_picks"][0]
    assert leader["offer"] != pick["offer"], "the seed's core ranking has a leader that is not recommended"

    summary = pages.json("/sensitivity.json?profile=core")["summary"]

    assert summary[0].startswith(f"{pick['label']}, the first recommendation, is among the top three in ")
    assert f"{leader['label']} is first more often" in summary[0]
    assert f"its verdict is “{leader['verdict']['label']}”" in summary[0]
    html = pages.html("/sensitivity?profile=core")
    assert html.index(f"{pick['label']}, the first recommendation") < html.index('id="probabilities-heading"')


def test_in_dutch_the_summary_names_the_first_recommendation_too(pages: Pages) -> None:
    pick = pages.json("/index.json?profile=core&lang=nl")["top_picks"][0]
    summary = pages.json("/sensitivity.json?profile=core&lang=nl")["summary"]
    assert summary[0].startswith(f"{pick['label']}, de eerste aanbeveling, staat in ")
    assert "10.000" in summary[0]


def test_when_the_leader_is_the_first_pick_the_summary_says_how_often_it_leads(pages: Pages) -> None:
    overview = pages.json("/index.json?profile=healthcare")
    leader = overview["ranking"][0]
    assert overview["top_picks"][0]["offer"] == leader["offer"], "under the seed's healthcare profile the leader is the first pick"
    summary = pages.json("/sensitivity.json?profile=healthcare")["summary"]
    assert summary[0].startswith(f"{leader['label']} ranks first in ")
    assert "recommend" not in summary[0]
