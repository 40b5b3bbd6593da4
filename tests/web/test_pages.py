"""Every page and its JSON twin, on the real seed data (17 products, 23 offers, 12 criteria)."""

from __future__ import annotations

import re
from html import unescape

import pytest
from flask.testing import FlaskClient

from compare.dataset import Dataset
from tests.web.conftest import JSON_TWINS, PAGES, Pages

PROFILES = ["core", "public-sector", "healthcare", "sme-customer-contact"]


@pytest.mark.parametrize("url", PAGES)
def test_every_page_renders_with_a_title_and_language_switch(pages: Pages, url: str) -> None:
    html = pages.html(url)
    assert "<h1" in html
    assert 'hreflang="nl"' in html
    assert 'hreflang="en"' in html
    assert 'id="main"' in html


@pytest.mark.parametrize(("url", "twin"), JSON_TWINS.items())
def test_json_twin_by_suffix_and_by_accept_header_are_the_same_document(pages: Pages, url: str, twin: str) -> None:
    by_suffix = pages.json(twin)
    by_accept = pages.json(url, Accept="application/json")
    assert by_suffix["ok"] is True
    assert by_suffix == by_accept

CRITERIA = 13  # the five core criteria, seven from the source article, and who runs it


def test_browsers_asking_for_html_get_html_even_when_json_is_acceptable(pages: Pages) -> None:
    html = pages.html("/", Accept="text/html,application/xhtml+xml,application/json;q=0.9,*/*;q=0.8")
    assert "<table" in html


def test_overview_ranks_every_offer_with_charts(pages: Pages) -> None:
    document = pages.json("/index.json")
    offers = len(document["ranking"])
    assert offers > 20
    assert len(document["matrix"]["rows"]) == offers
    assert len(document["matrix"]["criteria"]) == CRITERIA
    html = pages.html("/")
    assert html.count("data-figure=") == 2
    assert re.search(r'<meta name="msgcompare-plotly" content="/assets/plotly-[0-9a-f]{16}\.min\.js">', html)
    assert html.count('<tr class="standing-') == offers


@pytest.mark.parametrize("profile", PROFILES)
def test_displayed_parts_add_up_to_displayed_totals_for_every_offer(pages: Pages, profile: str) -> None:
    document = pages.json(f"/index.json?profile={profile}")
    offers = {row["offer"] for row in document["ranking"]}
    assert "whatsapp-business-app" in offers
    for row in document["ranking"]:
        parts = row["contributions"]
        assert round(sum(p["display"]["low"] for p in parts), 1) == row["display"]["low"], row["offer"]
        assert round(sum(p["display"]["high"] for p in parts), 1) == row["display"]["high"], row["offer"]
        assert abs(row["display"]["low"] - row["score"]["low"]) <= 0.05 + 1e-9
        assert abs(row["display"]["high"] - row["score"]["high"]) <= 0.05 + 1e-9
        for part in parts:
            if part["status"] == "verified":
                assert part["display"]["low"] == part["display"]["high"]
            assert abs(part["display"]["low"] - part["low"]) <= 0.1 + 1e-9


def test_breakdown_table_shows_every_contribution_of_whatsapp(pages: Pages) -> None:
    html = pages.html("/?profile=public-sector")
    table = html[html.index('class="breakdown'): html.index("</table>", html.index('class="breakdown'))]
    row = table[table.index("<th scope=\"row\">WhatsApp Business app"):]
    row = row[: row.index("</tr>")]
    assert "Baseline" in row
    assert row.count("<td") == 13  # 12 criteria the public-sector profile weighs + total


def test_overview_marks_knocked_out_offers_with_their_reason(pages: Pages) -> None:
    document = pages.json("/index.json?profile=public-sector")
    whatsapp = next(r for r in document["ranking"] if r["offer"] == "whatsapp-business-app")
    assert whatsapp["standing"] == "knocked-out"
    assert any("Processor agreement" in reason for reason in whatsapp["reasons"])
    html = pages.html("/?profile=public-sector")
    assert "Not suitable" in html
    assert "below" in html


def test_unknown_and_unverified_cells_are_labelled_in_the_matrix(pages: Pages) -> None:
    document = pages.json("/index.json")
    texts = [cell["text"] for row in document["matrix"]["rows"] for cell in row["cells"]]
    statuses = [cell["status"] for row in document["matrix"]["rows"] for cell in row["cells"]]
    assert "unknown" in statuses
    assert "unverified" in statuses
    assert "Unknown" in texts
    assert any(text.startswith("Unverified: ") for text in texts)
    html = pages.html("/")
    assert re.search(r'class="open unknown"><a href="/products/[a-z0-9-]+#fact-[a-z-]+">\? Unknown</a>', html)
    assert re.search(r'class="open unverified"><a href="/products/[a-z0-9-]+#fact-[a-z-]+">≈ Unverified:', html)
    assert 'href="/products/whatsapp-business-app#fact-processor-agreement"' in html, "each cell links to its evidence"


@pytest.mark.parametrize(
    ("query", "check"),
    [
        ("eu=1", lambda row: row["eu"]),
        ("hosting=self-hosted", lambda row: row["hosting"] == "self-hosted"),
        ("category=consumer-app", lambda row: row["category"] == "consumer-app"),
    ],
)
def test_filters_keep_only_matching_offers_and_rank_among_them(pages: Pages, query: str, check: object) -> None:
    document = pages.json(f"/index.json?{query}")
    rows = document["ranking"]
    assert 0 < len(rows) < 23
    assert all(check(row) for row in rows)  # type: ignore[operator]
    assert rows[0]["rank"] == 1
    assert document["filters"]["active"] is True


def test_filters_that_match_nothing_say_so(pages: Pages) -> None:
    html = pages.html("/?category=consumer-app&hosting=on-premises")
    assert "No product matches these filters." in html


def test_compare_defaults_to_the_two_best_and_whatsapp(pages: Pages) -> None:
    document = pages.json("/compare.json")
    offers = [row["offer"] for row in document["offers"]]
    assert "whatsapp-business-app" in offers
    assert len(offers) == 3
    assert document["chosen_by_default"] is True


def test_compare_shows_levels_evidence_sources_and_why(pages: Pages) -> None:
    url = "/compare?products=element:self-hosted,signal,whatsapp-business-app&profile=public-sector"
    document = pages.json(url.replace("/compare", "/compare.json"))
    assert [row["offer"] for row in document["offers"]] == ["element:self-hosted", "signal", "whatsapp-business-app"]
    assert len(document["criteria"]) == CRITERIA
    assert any(criterion["differs"] for criterion in document["criteria"])
    quotes = [cell["evidence"]["quote"] for c in document["criteria"] for cell in c["cells"] if cell["evidence"]]
    assert len(quotes) > 20
    why = {item["lower"]: item["sentences"] for item in document["explanations"]}
    assert set(why) == {"signal", "whatsapp-business-app"}
    assert any("points lower than that of Element" in s for s in why["whatsapp-business-app"])
    assert any("knocked out by a must-have" in s for s in why["whatsapp-business-app"])
    html = pages.html(url)
    assert html.count("<blockquote>") == len(quotes)
    assert 'rel="noopener noreferrer external"' in html
    assert "Why WhatsApp Business app scores lower than Element" in html
    assert 'class="radar' not in html  # the radar is a Plotly figure, not markup
    assert html.count("data-figure=") == 1


def test_compare_accepts_repeated_parameters_and_whole_products(pages: Pages) -> None:
    document = pages.json("/compare.json?products=element&products=signal")
    assert {row["offer"] for row in document["offers"]} == {"element:self-hosted", "element:cloud", "signal"}


def test_why_sentences_list_the_largest_difference_first(pages: Pages) -> None:
    document = pages.json("/compare.json?products=element:self-hosted,whatsapp-business-app")
    rows = {row["offer"]: row for row in document["offers"]}
    upper = {p["criterion"]: p["display"]["low"] for p in rows["element:self-hosted"]["contributions"]}
    lower = {p["criterion"]: p["display"]["low"] for p in rows["whatsapp-business-app"]["contributions"]}
    gaps = sorted((abs(upper[c] - lower[c]) for c in upper if abs(upper[c] - lower[c]) >= 0.05), reverse=True)
    sentences = document["explanations"][0]["sentences"]
    listed = [float(m.group(1)) for s in sentences if (m := re.search(r"; ([0-9.]+) points in favour", s))]
    assert listed == gaps[: len(listed)]


@pytest.mark.parametrize("product_id", ["whatsapp-business-app", "element", "signal", "olvid", "aws-wickr"])
def test_product_page_lists_every_criterion_with_evidence_and_history(pages: Pages, product_id: str) -> None:
    document = pages.json(f"/products/{product_id}.json")
    assert document["product"]["id"] == product_id
    assert len(document["criteria"]) == CRITERIA
    for criterion in document["criteria"]:
        for fact in criterion["facts"]:
            if fact["status"] == "verified":
                assert fact["evidence"]["source_url"].startswith("http")
                assert fact["revisions"], (criterion["id"], "a recorded fact has at least one revision")
    html = pages.html(f"/products/{product_id}")
    assert "Revisions of this fact in msgcompare" in html


def test_every_seed_product_has_a_page(pages: Pages, seed: Dataset) -> None:
    for product in seed.products:
        pages.html(f"/products/{product.id}")


def test_whatsapp_page_shows_the_if_you_use_it_anyway_checklist(pages: Pages) -> None:
    document = pages.json("/products/whatsapp-business-app.json")
    governance = [item["number"] for item in document["checklist"]["governance"]]
    hardening = [item["number"] for item in document["checklist"]["hardening"]]
    assert governance == list(range(1, 12))
    assert hardening
    assert hardening == sorted(hardening)
    short = {item["criterion"] for item in document["shortfalls"]}
    assert {"processor-agreement", "eu-storage", "central-control"} <= short
    assert "encryption" not in short  # end-to-end encrypted by default: no shortfall
    html = pages.html("/products/whatsapp-business-app")
    assert "If you use it anyway: checklist" in html
    assert "Carry out a Data Protection Impact Assessment (DPIA)" in html
    assert 'value="1"' in html


def test_product_page_marks_unverified_and_unknown_facts(pages: Pages) -> None:
    document = pages.json("/products/whatsapp-business-app.json")
    statuses = {fact["status"] for c in document["criteria"] for fact in c["facts"]}
    assert "unverified" in statuses
    html = pages.html("/products/whatsapp-business-app")
    assert 'class="fact status-unverified"' in html
    assert "≈</span> unverified" in html


def test_product_history_events_are_on_the_timeline(pages: Pages) -> None:
    document = pages.json("/products/whatsapp-business-app.json")
    processor = next(c for c in document["criteria"] if c["id"] == "processor-agreement")
    events = processor["facts"][0]["events"]
    assert any(event["date"] == "2021-09-27" for event in events)


def test_product_with_editions_says_which_edition_a_fact_covers(pages: Pages) -> None:
    document = pages.json("/products/element.json")
    assert document["single_edition"] is False
    applies = [len(fact["applies_to"]) for c in document["criteria"] for fact in c["facts"]]
    assert 1 in applies


def test_criteria_page_lists_levels_risks_and_profile_weights(pages: Pages) -> None:
    document = pages.json("/criteria.json")
    assert len(document["criteria"]) == CRITERIA
    encryption = next(c for c in document["criteria"] if c["id"] == "encryption")
    assert encryption["levels"][0]["id"] == "e2ee-default"  # best first
    assert encryption["risks"]
    assert "Art. 32" in encryption["gdpr"]
    html = pages.html("/criteria")
    assert html.count('class="criterion"') == CRITERIA
    assert 'id="encryption"' in html


def test_sensitivity_gives_probabilities_that_sum_to_one_and_thresholds(pages: Pages) -> None:
    document = pages.json("/sensitivity.json?profile=public-sector")
    assert document["samples"] == 10_000
    for row in document["distributions"]:
        assert abs(sum(row["probabilities"]) - 1) < 1e-6
    assert document["tornado"]
    assert document["left_out"]
    html = pages.html("/sensitivity?profile=public-sector")
    assert html.count("data-figure=") == 2
    assert "probability-table" in html


def test_sensitivity_is_computed_once_per_weights_and_data_version(client: FlaskClient) -> None:
    first = client.get("/sensitivity.json?profile=healthcare").get_json()
    second = client.get("/sensitivity.json?profile=healthcare").get_json()
    assert first == second
    caches = client.application.extensions["msgcompare.caches"]
    assert len(caches.sensitivity) == 1


def test_a_new_fact_revision_shows_on_the_next_request(client: FlaskClient) -> None:
    from compare.facts import Confidence, Fact, FactStatus
    from compare.store import queries
    from compare.store.session import transaction
    from compare.store.setup import sessions_of

    before = client.get("/index.json").get_json()
    with transaction(sessions_of(client.application)) as session:
        queries.record_revision(
            session,
            Fact("telegram", None, "central-control", FactStatus.UNKNOWN, None, Confidence.LOW),
            author="reviewer",
            reason="test",
        )
    after = client.get("/index.json").get_json()
    assert before != after


def test_pages_stay_light_on_the_wire(client: FlaskClient) -> None:
    """What a reader downloads: pages travel compressed, so the budget is on compressed bytes.

    The uncompressed ceiling still catches a page that balloons (every matrix cell links to its
    evidence, which costs ~16 KB raw and ~2 KB compressed). The overview lists every offer, so it
    grows with the data: its raw ceiling is per offer (about 5.5 KB each with 34 offers).
    """
    offers = len(client.get("/index.json?profile=public-sector").get_json()["ranking"])
    raw_ceiling = {"/?profile=public-sector": max(160_000, 7_000 * offers)}
    for url in (
        "/?profile=public-sector",
        "/compare?profile=public-sector&products=element:self-hosted,mattermost:self-hosted,nextcloud-talk,signal,whatsapp-business-app",
        "/products/element",
        "/sensitivity?profile=public-sector",
        "/criteria",
    ):
        sent = client.get(url, headers={"Accept-Encoding": "gzip"})
        assert sent.headers.get("Content-Encoding") == "gzip", url
        assert len(sent.data) < 30_000, url
        assert len(client.get(url, headers={"Accept-Encoding": "identity"}).data) < raw_ceiling.get(url, 160_000), url


def test_the_server_draws_the_ranking_chart_so_it_shows_before_plotly_loads(pages: Pages) -> None:
    html = pages.html("/?profile=healthcare")
    document = pages.json("/index.json?profile=healthcare")

    static = html[html.index('<div class="chart-static"') : html.index("</ol>", html.index('<div class="chart-static"'))]
    labels = [unescape(label) for label in re.findall(r'<span class="bar-label"[^>]*>([^<]*)</span>', static)]
    texts = [unescape(text) for text in re.findall(r'<span class="bar-text">([^<]*)</span>', static)]
    widths = [float(w) for w in re.findall(r'class="bar-low" style="width: ([0-9.]+)%"', static)]
    rows = document["ranking"]
    assert labels == [f"{row['rank']}. {row['label']}" for row in rows]
    assert texts == [row["display"]["text"] for row in rows]
    assert widths == [round(row["display"]["low"] * 100 / 130, 2) for row in rows], "bars to scale: the track spans 0–130"
    assert static.count('class="bar-open"') == sum(row["display"]["high"] > row["display"]["low"] for row in rows)
    assert 'elementtiming="first-chart"' in static
    # plotly.js is named for the page's script to fetch after the load event, not loaded by the parser
    assert re.search(r'<meta name="msgcompare-plotly" content="/assets/plotly-[0-9a-f]{16}\.min\.js">', html)
    assert not re.search(r"<script[^>]+plotly", html)
