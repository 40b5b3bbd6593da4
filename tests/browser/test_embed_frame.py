"""In real Chromium: an embed framed by a page of another origin draws its chart; a page refuses.

The framing page is served by a tiny ``http.server`` on another port of 127.0.0.1, so the
browser treats it as a different origin (another intranet site) and enforces the app's CSP
``frame-ancestors`` for real.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser

from tests.browser.conftest import open_page

pytestmark = pytest.mark.browser


class QuietHandler(SimpleHTTPRequestHandler):
    """Serves the framing page without logging every request to stderr."""

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def other_origin(tmp_path: Path, server_url: str) -> Iterator[str]:
    """``http://127.0.0.1:<another port>/``, serving a page that frames an embed and a normal page."""
    (tmp_path / "index.html").write_text(
        f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Intranet page</title><link rel="icon" href="data:,"></head>
<body>
<h1>Our choice of messenger</h1>
<iframe name="embed" src="{server_url}/embed/ranking?profile=public-sector&amp;lang=nl" width="800" height="520" title="ranking"></iframe>
<iframe name="radar" src="{server_url}/embed/radar?lang=en" width="600" height="500" title="radar"></iframe>
<iframe name="page" src="{server_url}/" width="800" height="520" title="overview"></iframe>
</body></html>
""",
        encoding="utf-8",
    )
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(QuietHandler, directory=str(tmp_path)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


def test_an_embed_renders_inside_another_sites_page_while_a_normal_page_refuses(
    browser: Browser, server_url: str, other_origin: str
) -> None:
    assert other_origin.split(":")[2] != server_url.split(":")[2], "two origins"
    page, watch = open_page(browser, "en-GB")
    try:
        with page.expect_console_message(
            lambda message: "frame-ancestors" in message.text, timeout=20_000
        ):
            page.goto(other_origin)
        embed = page.frame(name="embed")
        assert embed is not None
        assert embed.url.startswith(f"{server_url}/embed/ranking")
        embed.wait_for_selector(".main-svg", timeout=20_000)
        bars = embed.locator("g.trace.bars path")
        assert bars.count() >= 17, "one bar per offer (and range bars)"
        caption = embed.locator(".caption").inner_text()
        assert "Profiel: Nederlandse overheid" in caption
        assert "Gegevens van 2026-12-07" in caption
        width = float(embed.locator("svg.main-svg").first.get_attribute("width") or 0)
        assert 700 <= width <= 800, "the chart fills its frame"

        radar = page.frame(name="radar")
        assert radar is not None
        radar.wait_for_selector(".main-svg .scatterlayer", timeout=20_000)
        assert radar.locator(".scatterlayer .trace").count() >= 2

        refused = page.frame(name="page")
        assert refused is not None
        assert refused.locator(".site-header").count() == 0, (
            "the overview must not render inside a frame"
        )
        assert not refused.url.startswith(server_url) or refused.locator("body").inner_text() == ""
        refusals = [e for e in watch.errors if "frame-ancestors" in e]
        assert refusals
        assert all("'none'" in e for e in refusals)
        assert [e for e in watch.errors if "frame-ancestors" not in e] == [], (
            "no other console error"
        )
        assert not watch.outside, f"requests left the machine: {watch.outside}"
    finally:
        page.context.close()


def test_a_repeat_view_of_an_embed_reuses_the_cached_plotly_bundle(
    browser: Browser, server_url: str
) -> None:
    page, watch = open_page(browser, "en-GB")
    try:
        page.goto(f"{server_url}/embed/matrix?lang=en")
        page.wait_for_selector(".main-svg")
        first = [url for url in watch.requests if "/assets/plotly-" in url]
        page.goto(f"{server_url}/embed/sensitivity?lang=en")
        page.wait_for_selector(".main-svg")
        cached = page.evaluate(
            "() => performance.getEntriesByType('resource').filter(e => e.name.includes('/assets/plotly-')).map(e => e.transferSize)"
        )
        assert first, "the first view fetched plotly.js"
        assert cached == [0], "the second embed takes plotly.js from the browser's cache"
    finally:
        page.context.close()
