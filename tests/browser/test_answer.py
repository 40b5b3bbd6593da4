"""The answer first, as a reader sees it in Chromium: on a desktop and on a phone."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import Watch

pytestmark = pytest.mark.browser


def test_overview_shows_the_verdict_on_whatsapp_three_picks_and_the_baseline_row(watched: tuple[Page, Watch], server_url: str) -> None:
    page, _watch = watched
    page.goto(f"{server_url}/")

    sentence = page.locator(".answer .verdict-sentence")
    expect(sentence).to_contain_text("WhatsApp Business app")
    expect(sentence).to_contain_text("not suitable")
    expect(page.locator(".answer ol.picks > li")).to_have_count(3)
    expect(page.locator("#ranking-table tr.is-reference")).to_have_count(1)
    expect(page.locator("#ranking-table tr.is-reference")).to_contain_text("Baseline")


def test_on_a_phone_the_first_screen_shows_the_answer_and_the_panel_opens_from_a_button(browser: Browser, server_url: str) -> None:
    context = browser.new_context(locale="en-GB", viewport={"width": 390, "height": 844})
    page = context.new_page()
    try:
        page.goto(f"{server_url}/")

        box = page.locator(".answer .verdict-sentence").bounding_box()
        assert box is not None
        assert box["y"] + box["height"] <= 844, box
        panel = page.locator("#weights-panel")
        expect(panel).to_be_hidden()
        toggle = page.locator(".panel-toggle")
        expect(toggle).to_be_visible()
        toggle.click()
        expect(panel).to_be_visible()
        expect(toggle).to_have_attribute("aria-expanded", "true")
        ranking = page.locator("#ranking-table").bounding_box()
        panel_box = panel.bounding_box()
        assert ranking is not None
        assert panel_box is not None
        assert ranking["y"] < panel_box["y"], "the ranking comes before the weights panel"
    finally:
        context.close()


def test_the_share_menu_opens_and_offers_a_pinned_permalink(watched: tuple[Page, Watch], server_url: str) -> None:
    page, _watch = watched
    page.goto(f"{server_url}/?profile=healthcare")

    page.locator(".share-menu summary").click()

    permalink = page.locator(".share-menu input[readonly]")
    expect(permalink).to_be_visible()
    assert "as_of=" in permalink.input_value()
    expect(page.locator(".share-menu a", has_text="PDF report")).to_have_attribute("href", "/report.pdf?profile=healthcare")
