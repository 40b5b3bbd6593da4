"""Every chart the site draws, drawn by the slim plotly.js bundle in real Chromium.

The bundle holds only the trace types ``compare.charts`` uses (assets/plotly-entry.cjs). A chart
of a type left out would be dropped by plotly.js (its trace gets no module); this walks every
page and embed with a chart and checks each trace was drawn, with no console error.
"""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import Page, expect

from compare.exports.figures import CHARTS
from compare.web.assets import BUILD
from tests.browser.conftest import Watch

pytestmark = pytest.mark.browser

PAGES = [
    "/?profile=public-sector",
    "/compare?products=element:self-hosted,signal,whatsapp-business-app",
    "/sensitivity?profile=public-sector",
    *(f"/embed/{chart}?lang=en&products=element:self-hosted,signal,whatsapp-business-app" for chart in CHARTS),
]

DRAWN = """() => Array.from(document.querySelectorAll('[data-figure]')).map(el => ({
    svg: el.querySelectorAll('svg.main-svg').length,
    traces: (el._fullData || []).map(t => ({type: t.type, module: Boolean(t._module), visible: t.visible !== false})),
}))"""


@pytest.mark.parametrize("url", PAGES)
def test_the_slim_bundle_draws_every_trace(watched: tuple[Page, Watch], server_url: str, url: str) -> None:
    page, _watch = watched
    page.goto(f"{server_url}{url}")
    expect(page.locator("[data-figure] svg.main-svg").first).to_be_visible()
    page.wait_for_function("() => Array.from(document.querySelectorAll('[data-figure]')).every(el => el._fullData)")

    charts = page.evaluate(DRAWN)
    registered = page.evaluate("() => Object.keys(Plotly.PlotSchema.get().traces).sort()")

    assert registered == sorted(json.loads((BUILD / "manifest.json").read_text())["traces"])
    assert charts
    for chart in charts:
        assert chart["svg"] >= 1
        assert chart["traces"]
        assert all(t["module"] and t["visible"] for t in chart["traces"]), chart
