"""The pages in a real browser against a real server: charts, live weights, URL state, language."""

from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import Watch, open_page

pytestmark = pytest.mark.browser

PAGES = [
    "/",
    "/method",
    "/?profile=public-sector",
    "/compare?products=element:self-hosted,signal,whatsapp-business-app",
    "/products/whatsapp-business-app",
    "/products/element",
    "/criteria",
    "/sensitivity?profile=public-sector",
]


def ranking_order(page: Page) -> list[str]:
    """The offers in the ranking table, top to bottom."""
    return page.locator("#ranking-table tbody tr").evaluate_all("rows => rows.map(r => r.dataset.offer)")


def test_overview_draws_its_plotly_charts(watched: tuple[Page, Watch], server_url: str) -> None:
    page, watch = watched
    page.goto(f"{server_url}/?profile=public-sector")
    expect(page.locator("#ranking-chart svg.main-svg").first).to_be_visible()
    expect(page.locator("#matrix-chart svg.main-svg").first).to_be_visible()
    assert page.locator("#ranking-chart .bars path").count() > 20
    assert page.locator("#matrix-chart .hm, #matrix-chart image").count() >= 1
    assert page.locator(".chart-fallback").count() == 0
    assert any(re.search(r"/assets/plotly-[0-9a-f]{16}\.min\.js$", url) for url in watch.requests)


def test_the_ranking_is_drawn_at_first_paint_and_plotly_arrives_after_the_load_event(browser: Browser, server_url: str) -> None:
    page, watch = open_page(browser, "en-GB")
    try:
        page.route(re.compile(r"/assets/plotly-"), lambda route: route.abort())
        page.goto(f"{server_url}/?profile=public-sector", wait_until="load")
        rows = page.locator("#ranking-table tbody tr").count()
        expect(page.locator("#ranking-chart .chart-static .bar-row")).to_have_count(rows)
        expect(page.locator("#ranking-chart .bar-label").first).to_be_visible()
        assert page.locator("#ranking-chart .bar-low").first.bounding_box()["width"] > 50
        page.emulate_media(color_scheme="dark")  # charts stay on white, so their ink stays dark
        label = page.locator("#ranking-chart .bar-label").first
        assert label.evaluate("e => getComputedStyle(e).color") == "rgb(27, 27, 27)"
        assert label.evaluate("e => getComputedStyle(e.closest('.chart')).backgroundColor") == "rgb(255, 255, 255)"
    finally:
        page.context.close()

    page, watch = open_page(browser, "en-GB")
    try:
        page.goto(f"{server_url}/?profile=public-sector")
        expect(page.locator("#ranking-chart svg.main-svg").first).to_be_visible()
        expect(page.locator("#ranking-chart .chart-static")).to_have_count(0)
        timing = page.evaluate(
            """() => ({
                loaded: performance.getEntriesByType('navigation')[0].loadEventStart,
                plotly: performance.getEntriesByType('resource').find(e => e.name.includes('/assets/plotly-')).startTime,
            })"""
        )
        assert timing["plotly"] >= timing["loaded"], "plotly.js is fetched from the load event on, not by the parser"
        assert not watch.errors
    finally:
        page.context.close()


def test_moving_a_slider_re_ranks_without_a_reload_and_the_url_keeps_it(watched: tuple[Page, Watch], server_url: str) -> None:
    page, _watch = watched
    page.goto(f"{server_url}/")
    before = ranking_order(page)
    page.evaluate("window.__sameDocument = true")
    slider = page.locator("#w-encryption")
    slider.focus()
    page.keyboard.press("End")  # keyboard-operable: the slider jumps to its maximum
    expect(page.locator("#w-encryption-value")).to_have_text("10.0")
    expect(page.locator("#weights-status")).to_have_text("Ranking updated.")
    after = ranking_order(page)
    assert after != before
    assert page.evaluate("window.__sameDocument") is True, "the page was not reloaded"
    assert "w.encryption=10" in page.url
    expect(page.locator(".lead .badge")).to_have_text("adjusted")
    expect(page.locator("#ranking-chart svg.main-svg").first).to_be_visible()
    page.reload()
    expect(page.locator("#w-encryption")).to_have_value("10")
    assert ranking_order(page) == after


def test_must_have_and_filters_update_live(watched: tuple[Page, Watch], server_url: str) -> None:
    page, _watch = watched
    page.goto(f"{server_url}/")
    page.locator("#must-encryption").select_option("e2ee-default")
    expect(page.locator("#weights-status")).to_have_text("Ranking updated.")
    expect(page.locator("tr.standing-knocked-out").first).to_be_visible()
    assert "must.encryption=e2ee-default" in page.url
    page.locator("#find-eu").check()
    page.locator("form.find button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"eu=1"))
    assert "must.encryption=e2ee-default" in page.url, "the filter form keeps the weights"
    rows = page.locator("#ranking-table tbody tr").count()
    assert 0 < rows < 23


def test_compare_page_shows_evidence_and_source_links(watched: tuple[Page, Watch], server_url: str) -> None:
    page, _watch = watched
    page.goto(f"{server_url}/compare?products=element:self-hosted,signal,whatsapp-business-app&profile=public-sector")
    expect(page.locator("#radar-chart svg.main-svg").first).to_be_visible()
    quotes = page.locator("#criteria-table blockquote")
    assert quotes.count() > 20
    links = page.locator("#criteria-table a[rel~=external]")
    assert links.count() == quotes.count()
    for href in links.evaluate_all("links => links.map(a => a.href)"):
        assert href.startswith("https://")
    expect(page.locator(".why h3").first).to_contain_text("scores lower than Element")


def test_choosing_products_from_the_overview_opens_the_comparison(watched: tuple[Page, Watch], server_url: str) -> None:
    page, _watch = watched
    page.goto(f"{server_url}/?profile=healthcare")
    page.locator("#ranking-table tbody tr").nth(0).locator("input[type=checkbox]").check()
    page.locator("#ranking-table tbody tr[data-offer='whatsapp-business-app'] input[type=checkbox]").check()
    page.get_by_role("button", name="Compare the selected products").click()
    expect(page).to_have_url(re.compile(r"/compare\?profile=healthcare&products="))
    assert page.locator("table.scores tbody tr").count() == 2


def test_language_switch_shows_dutch_and_is_remembered(watched: tuple[Page, Watch], server_url: str) -> None:
    page, _watch = watched
    page.goto(f"{server_url}/criteria")
    page.get_by_role("link", name="Nederlands").click()
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    expect(page.locator("h1")).to_have_text("Criteria: wat we beoordelen en waarom")
    page.get_by_role("link", name="Overzicht").click()
    expect(page.locator("h1")).to_have_text("Wat u kunt gebruiken in plaats van WhatsApp Business app")
    expect(page.locator("#ranking-table tbody tr").first.locator("td.num").first).to_contain_text(",")


def test_a_browser_preferring_dutch_gets_dutch(watched_dutch: tuple[Page, Watch], server_url: str) -> None:
    page, _watch = watched_dutch
    page.goto(f"{server_url}/")
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    page.locator("#w-encryption").focus()
    page.keyboard.press("End")
    expect(page.locator("#w-encryption-value")).to_have_text("10,0")
    expect(page.locator("#weights-status")).to_have_text("Rangorde bijgewerkt.")


def test_saving_a_named_profile(watched: tuple[Page, Watch], server_url: str) -> None:
    page, _watch = watched
    page.goto(f"{server_url}/?profile=public-sector")
    page.locator("#w-encryption").focus()
    page.keyboard.press("Home")
    expect(page.locator("#weights-status")).to_have_text("Ranking updated.")
    order = ranking_order(page)
    page.locator("#profile-name").fill("Browser test")
    page.get_by_role("button", name="Save profile").click()
    expect(page.locator(".notice")).to_contain_text("This is a saved custom profile")
    assert re.search(r"profile=browser-test-[0-9a-f]{8}", page.url)
    assert ranking_order(page) == order


def test_keyboard_reaches_the_panel_and_focus_is_visible(watched: tuple[Page, Watch], server_url: str) -> None:
    page, _watch = watched
    page.goto(f"{server_url}/")
    page.keyboard.press("Tab")
    first = page.locator(".skip-link").first
    expect(first).to_be_focused()
    outline = first.evaluate("e => getComputedStyle(e).outlineStyle")
    assert outline != "none"
    page.keyboard.press("Tab")
    to_results = page.get_by_role("link", name="Skip to the results")
    expect(to_results).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("#results")).to_be_focused()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('#results') !== null"), "the next Tab stays in the results"
    page.locator("#profile-select").focus()
    style = page.locator("#profile-select").evaluate("e => getComputedStyle(e).outlineWidth")
    assert style != "0px"


@pytest.mark.parametrize("path", PAGES)
def test_axe_finds_no_serious_or_critical_violation(watched: tuple[Page, Watch], server_url: str, path: str) -> None:
    page, _watch = watched
    page.goto(f"{server_url}{path}")
    page.wait_for_load_state("networkidle")
    for details in page.locator("details").all():
        details.evaluate("d => d.open = true")
    results = Axe().run(page)
    serious = [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert not serious, "\n".join(serious)


def test_axe_on_the_dutch_overview(watched_dutch: tuple[Page, Watch], server_url: str) -> None:
    page, _watch = watched_dutch
    page.goto(f"{server_url}/?profile=healthcare")
    page.wait_for_load_state("networkidle")
    results = Axe().run(page)
    serious = [v["id"] for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    assert not serious


def test_error_page_is_friendly_and_accessible(browser: Browser, server_url: str) -> None:
    page, watch = open_page(browser, "en-GB")
    response = page.goto(f"{server_url}/products/no-such-product")
    assert response is not None
    assert response.status == 404
    expect(page.locator("h1")).to_have_text("Not found")
    expect(page.get_by_role("link", name="Go to the overview")).to_be_visible()
    results = Axe().run(page)
    serious = [v["id"] for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    page.context.close()
    assert not serious
    assert not watch.outside
    # The browser reports the page's own 404 status in the console; nothing else may fail.
    assert all("status of 404" in error for error in watch.errors), watch.errors
    assert len(watch.errors) <= 1
