"""The answer first: the verdict on WhatsApp Business, top picks, the baseline row, as_of, method, corrections."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from bs4 import BeautifulSoup
from flask import Flask
from flask.testing import FlaskClient

from compare import accounts
from compare.store import corrections
from compare.store.session import transaction
from compare.store.setup import sessions_of
from tests.admin.test_review_flow import PASSWORD, csrf
from tests.conftest import RecordFact, verified
from tests.web.conftest import Pages


def soup(html: str) -> BeautifulSoup:
    return BeautifulSoup(html, "lxml")


def test_overview_opens_with_the_verdict_on_whatsapp_and_three_top_picks(pages: Pages) -> None:
    page = soup(pages.html("/"))

    answer = page.select_one("section.answer")
    assert answer is not None
    sentence = answer.select_one(".verdict-sentence").get_text(" ", strip=True)
    assert "WhatsApp Business app" in sentence
    assert "not suitable" in sentence.lower()
    assert answer.select(".verdict-reasons li")
    picks = answer.select("ol.picks > li")
    assert len(picks) == 3
    for pick in picks:
        text = pick.get_text(" ", strip=True)
        assert "Why:" in text
        assert "Watch out:" in text
        assert "WhatsApp Business app" in text
        assert pick.select_one("a[href*='compare?products=']")
    baseline = page.select("tr.is-reference")
    assert baseline
    assert "whatsapp-business-app" in baseline[0]["data-offer"]


def test_the_answer_comes_before_the_weights_panel_in_the_page(pages: Pages) -> None:
    html = pages.html("/")

    assert html.index('class="answer"') < html.index('id="weights-panel"')
    assert html.index('id="ranking-table"') > html.index('class="answer"')


def test_overview_in_dutch_gives_the_same_answer(pages: Pages) -> None:
    page = soup(pages.html("/?lang=nl"))

    sentence = page.select_one(".verdict-sentence").get_text(" ", strip=True)
    assert "niet geschikt" in sentence.lower()
    assert "Beste keuzes" in page.get_text()


def test_baseline_row_stays_when_filters_hide_it(pages: Pages) -> None:
    page = soup(pages.html("/?hosting=self-hosted"))

    rows = page.select("#ranking-table tbody tr")
    assert "is-reference" in rows[0]["class"]
    assert "outside your filters" in rows[0].get_text(" ", strip=True)


def test_search_and_verdict_filters_are_kept_in_the_url(pages: Pages) -> None:
    page = soup(pages.html("/?q=wire&verdict=suitable_with_measures"))

    rows = [row for row in page.select("#ranking-table tbody tr") if "is-reference" not in row.get("class", [])]
    assert rows
    assert all("Wire" in row.get_text() for row in rows)
    assert page.select_one("#find-q")["value"] == "wire"
    hidden = {field["name"]: field["value"] for field in page.select("#weights input[type=hidden]")}
    assert hidden["q"] == "wire"
    assert hidden["verdict"] == "suitable_with_measures"


@pytest.mark.parametrize("url", ["/?as_of=not-a-date", "/?as_of=2026-W01-1", "/compare?as_of=2026-13-01", "/products/signal?as_of=yesterday"])
def test_a_bad_as_of_is_a_400_naming_the_parameter(client: FlaskClient, url: str) -> None:
    response = client.get(url)

    assert response.status_code == 400
    assert "as_of" in response.get_data(as_text=True)


def test_pages_show_the_ranking_of_a_past_day(pages: Pages, record_fact: RecordFact) -> None:
    record_fact(
        "signal",
        "processor-agreement",
        recorded_at=datetime(2026, 12, 2, 12, tzinfo=UTC),
        **verified("standard-dpa", "Signal offers a data processing addendum to business customers."),
    )

    today = pages.json("/index.json")
    past = pages.json("/index.json?as_of=2026-11-30")
    signal_now = next(r for r in today["ranking"] if r["offer"] == "signal")
    signal_then = next(r for r in past["ranking"] if r["offer"] == "signal")
    assert signal_now["display"]["low"] > signal_then["display"]["low"]
    assert past["as_of"] == "2026-11-30"
    assert "2026-11-30" in pages.html("/?as_of=2026-11-30")


def test_share_menu_offers_every_output_and_a_permalink_pinned_to_today(pages: Pages) -> None:
    for url in ("/?profile=healthcare", "/compare?profile=healthcare", "/products/signal?profile=healthcare"):
        page = soup(pages.html(url))
        menu = page.select_one(".share-menu")
        assert menu is not None, url
        links = [a["href"] for a in menu.select("a")]
        for target in ("/report.pdf", "/export/matrix.csv", "/export/matrix.xlsx", "/export/matrix.json", "/api/v1/scores"):
            assert any(link.startswith(target) and "profile=healthcare" in link for link in links), (url, target)
        permalink = menu.select_one("input[readonly]")["value"]
        assert f"as_of={datetime.now(UTC).date().isoformat()}" in permalink
        assert permalink.startswith("http")


def test_method_page_in_both_languages_explains_verdicts_with_the_rules_from_the_data(pages: Pages, app: Flask) -> None:
    english = soup(pages.html("/method"))
    dutch = soup(pages.html("/method?lang=nl"))

    rules = app.extensions["msgcompare.catalogue"].verdict_rules
    assert len(english.select("section.rule")) == len(rules)
    assert len(dutch.select("section.rule")) == len(rules)
    for heading in ("Which products are included", "Verdicts", "Worked example", "How to report an error", "Licence of the data", "conflicts of interest"):
        assert heading in english.get_text(), heading
    assert "Een fout melden" in dutch.get_text()
    assert "CC BY 4.0" in english.get_text()


def test_compare_page_explains_each_product_against_whatsapp(pages: Pages) -> None:
    page = soup(pages.html("/compare?products=signal,wire:cloud"))

    section = page.select_one("section.answer")
    assert "WhatsApp Business app" in section.get_text()
    assert len(section.select("ul.versus > li")) == 2


def test_best_level_star_only_when_every_offer_in_view_is_verified(pages: Pages) -> None:
    document = pages.json("/compare.json?products=whatsapp-business-app,signal,slack")

    forwarding = next(c for c in document["criteria"] if c["id"] == "forwarding-controls")
    assert not any(cell["best"] for cell in forwarding["cells"]), "others are unknown: no star for WhatsApp's level"


def test_cloud_products_do_not_fall_short_of_self_hosting_only_levels(pages: Pages) -> None:
    html = pages.html("/products/slack")

    assert "No vendor processing" not in html
    assert "Where the organisation hosts it" not in html


def test_checklist_lists_only_measures_that_fit_the_product(pages: Pages) -> None:
    whatsapp = soup(pages.html("/products/whatsapp-business-app")).select_one("#checklist").get_text()
    mattermost = soup(pages.html("/products/mattermost")).select_one("#checklist")

    assert "read receipts" in whatsapp
    assert mattermost is None or "read receipts" not in mattermost.get_text()


def suggest(client: FlaskClient, **form: str) -> tuple[int, str]:
    token = csrf(client, "/products/signal")
    data = {"criterion": "processor-agreement", "message": "The DPA exists now.", "source_url": "https://signal.org/legal", "email": "", **form, "csrf_token": token}
    response = client.post("/products/signal/corrections", data=data)
    return response.status_code, response.get_data(as_text=True)


def test_a_suggested_correction_reaches_the_review_queue_and_never_a_public_page(app: Flask, client: FlaskClient) -> None:
    status, _ = suggest(client, message="Signal now signs a DPA <script>alert(1)</script>")
    assert status == 303
    assert "Signal now signs" not in client.get("/products/signal").get_data(as_text=True)
    with transaction(sessions_of(app)) as session:
        accounts.create_user(session, "anna", PASSWORD)
    reviewer = app.test_client()
    token = csrf(reviewer, "/admin/login")
    reviewer.post("/admin/login", data={"username": "anna", "password": PASSWORD, "csrf_token": token})

    queue = reviewer.get("/admin/").get_data(as_text=True)

    assert "Signal now signs a DPA &lt;script&gt;" in queue
    close = soup(queue).select_one("form[action*='/admin/corrections/']")
    token = close.select_one("input[name=csrf_token]")["value"]
    assert reviewer.post(close["action"], data={"csrf_token": token, "note": "checked"}).status_code == 302
    assert "Signal now signs" not in reviewer.get("/admin/").get_data(as_text=True)


@pytest.mark.parametrize(
    ("form", "message"),
    [
        ({"message": ""}, "Say what is wrong"),
        ({"message": "x" * 2001}, "at most 2000"),
        ({"source_url": "javascript:alert(1)"}, "http://"),
        ({"source_url": "ftp://example.org/x"}, "http://"),
        ({"email": "not an address"}, "e-mail"),
        ({"criterion": "telepathy"}, "Choose the fact"),
    ],
)
def test_an_invalid_suggestion_comes_back_with_the_problem_and_the_input_kept(client: FlaskClient, form: dict[str, str], message: str) -> None:
    status, html = suggest(client, **form)

    assert status == 400
    assert message in html
    assert "The DPA exists now." in html or form.get("message") is not None


def test_a_suggestion_without_a_csrf_token_is_refused(client: FlaskClient, app: Flask) -> None:
    response = client.post("/products/signal/corrections", data={"message": "x", "source_url": "https://example.org"})

    assert response.status_code == 400
    with sessions_of(app)() as session:
        assert not corrections.open_corrections(session)


def test_one_address_may_send_only_a_few_suggestions_an_hour(client: FlaskClient, app: Flask) -> None:
    statuses = [suggest(client)[0] for _ in range(corrections.RATE_LIMIT + 1)]

    assert statuses == [303] * corrections.RATE_LIMIT + [429]
    with sessions_of(app)() as session:
        assert len(corrections.open_corrections(session)) == corrections.RATE_LIMIT


SNAKE = re.compile(r"\b[a-z0-9]+_[a-z0-9_]+\b")
HASH = re.compile(r"\b(?=[0-9a-f]*[a-f])(?=[0-9a-f]*[0-9])[0-9a-f]{12,40}\b")  # digits only: an article number
PUBLIC_PAGES = [
    "/",
    "/?profile=healthcare",
    "/compare",
    "/criteria",
    "/sensitivity",
    "/method",
    *[f"/products/{p}" for p in ("whatsapp-business-app", "whatsapp-business-platform", "signal", "slack", "mattermost", "rocket-chat", "wire", "telegram", "aws-wickr", "threema-work", "element", "google-chat", "microsoft-teams", "nextcloud-talk", "olvid", "siilo", "webex")],
]


def visible_text(html: str) -> str:
    """What a reader sees, minus vendor quotes and URLs (which are the vendors' words)."""
    page = soup(html)
    for hidden in page.select("script, style, blockquote, code, .evidence figcaption a, input, textarea, [hidden]"):
        hidden.decompose()
    return page.get_text(" ", strip=True)


@pytest.mark.parametrize("language", ["en", "nl"])
def test_no_internal_identifiers_notes_or_hashes_on_public_pages(client: FlaskClient, language: str) -> None:
    for url in PUBLIC_PAGES:
        separator = "&" if "?" in url else "?"
        response = client.get(f"{url}{separator}lang={language}")
        assert response.status_code == 200, url
        text = visible_text(response.get_data(as_text=True))
        assert not SNAKE.findall(text), (url, SNAKE.findall(text)[:5])
        assert "general knowledge" not in text.lower(), url
        assert "– check" not in text, url
        assert "- check" not in text, url
        assert not HASH.findall(text), (url, HASH.findall(text)[:5])
        assert "?locale=" not in text, url
