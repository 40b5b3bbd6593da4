"""Phones, keyboards, display modes and pasted embeds, in real Chromium against the real server.

One browser and one server for the module; each width gets one browser context that visits every
page, so the 4 widths × 14 pages cost 4 contexts, not 56.
"""

from __future__ import annotations

import html
import re
import struct
import threading
import urllib.request
import zlib
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import open_page

pytestmark = pytest.mark.browser

PAGES = [
    "/",
    "/method",
    "/data",
    "/compare?products=element:self-hosted,signal,whatsapp-business-app",
    "/products/whatsapp-business-app",
    "/products/element",
    "/criteria",
    "/sensitivity",
]
CHARTS = ("ranking", "matrix", "radar", "sensitivity", "tornado")
EMBEDS = [f"/embed/{chart}?lang=en" for chart in CHARTS]
WIDTHS = (390, 500, 800, 1366)
CODE_ON = {"ranking": "/", "matrix": "/", "radar": "/compare", "sensitivity": "/sensitivity", "tornado": "/sensitivity"}


def overflow(page: Page) -> tuple[int, int]:
    """``(scrollWidth, innerWidth)`` of the document."""
    width, inner = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    return int(width), int(inner)


@pytest.mark.parametrize("width", WIDTHS)
def test_no_page_or_embed_scrolls_sideways(browser: Browser, server_url: str, width: int) -> None:
    context = browser.new_context(viewport={"width": width, "height": 800}, locale="en-GB")
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    wide = []
    try:
        for path in PAGES + EMBEDS:
            page.goto(f"{server_url}{path}")
            page.wait_for_load_state("load")
            if path.startswith("/embed/"):
                page.wait_for_selector(".main-svg")
            scroll, inner = overflow(page)
            if scroll > inner:
                wide.append(f"{path}: {scroll} > {inner}")
    finally:
        context.close()
    assert not wide, wide
    assert not errors, errors


def test_tap_targets_are_at_least_24_px(browser: Browser, server_url: str) -> None:
    page, _watch = open_page(browser, "en-GB")
    try:
        page.set_viewport_size({"width": 390, "height": 800})
        for path in ("/", "/compare?products=signal,wire:cloud"):
            page.goto(f"{server_url}{path}")
            sizes = page.locator("input[type=checkbox]:visible").evaluate_all(
                "boxes => boxes.map(b => [b.getBoundingClientRect().width, b.getBoundingClientRect().height])"
            )
            assert sizes, path
            assert all(w >= 24 and h >= 24 for w, h in sizes), (path, sizes[:3])
    finally:
        page.context.close()


def test_the_score_breakdown_keeps_its_total_in_view_on_a_phone(browser: Browser, server_url: str) -> None:
    page, _watch = open_page(browser, "en-GB")
    try:
        page.set_viewport_size({"width": 390, "height": 800})
        page.goto(f"{server_url}/")
        total = page.locator("table.breakdown tbody tr").first.locator("td.total")
        total.scroll_into_view_if_needed()
        box = total.bounding_box()
        assert box is not None
        assert box["x"] + box["width"] <= 390, "the Total column is visible without scrolling sideways"
        expect(page.locator(".scroll-hint")).to_be_visible()
    finally:
        page.context.close()


class QuietHandler(SimpleHTTPRequestHandler):
    """Serves the host pages without logging every request."""

    def log_message(self, format: str, *args: Any) -> None:
        pass


def offered_code(server_url: str, chart: str) -> str:
    """The embed code exactly as the chart's page offers it in its Embed panel."""
    with urllib.request.urlopen(f"{server_url}{CODE_ON[chart]}") as response:  # noqa: S310 - our own server on loopback
        page = response.read().decode("utf-8")
    found = re.search(rf'<textarea id="embed-code-{chart}"[^>]*>(.*?)</textarea>', page, re.S)
    assert found, chart
    return html.unescape(found.group(1))


@pytest.fixture(scope="module")
def host_pages(server_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Another origin serving ``<chart>.html``: an intranet page that pasted the offered code."""
    folder = tmp_path_factory.mktemp("host")
    for chart in CHARTS:
        (folder / f"{chart}.html").write_text(
            f"""<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Intranet</title><link rel="icon" href="data:,"><style>body{{margin:0;padding:0 8px}}</style></head>
<body><main><h1>Our messenger choice</h1>{offered_code(server_url, chart)}<p>After the chart.</p></main></body></html>""",
            encoding="utf-8",
        )
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(QuietHandler, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


@pytest.mark.parametrize("width", [390, 800, 1366])
def test_pasted_embeds_size_themselves_and_show_their_caption(browser: Browser, host_pages: str, server_url: str, width: int) -> None:
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="en-GB")
    page = context.new_page()
    try:
        for chart in CHARTS:
            page.goto(f"{host_pages}/{chart}.html")
            frame_element = page.locator("iframe[data-msgcompare-embed]")
            frame_element.scroll_into_view_if_needed()
            handle = frame_element.element_handle()
            frame = handle.content_frame() if handle else None
            assert frame is not None
            frame.wait_for_selector(".main-svg")
            fixed = int(frame_element.get_attribute("height") or 0)
            # embed-host.js sets a pixel height once the embed has said what it needs.
            page.wait_for_function(
                "() => document.querySelector('iframe[data-msgcompare-embed]').style.height !== ''"
            )
            state = frame.evaluate(
                """() => {
                  const root = document.documentElement, caption = document.querySelector('.caption').getBoundingClientRect();
                  return {scrollH: root.scrollHeight, innerH: innerHeight, scrollW: root.scrollWidth, innerW: innerWidth,
                          captionTop: caption.top, captionBottom: caption.bottom, captionH: caption.height};
                }"""
            )
            assert state["scrollW"] <= state["innerW"], (chart, width, state)
            assert state["scrollH"] <= state["innerH"] + 1, (chart, width, "no inner scrollbar", state)
            assert state["captionH"] > 0, (chart, width)
            assert state["captionTop"] >= 0, (chart, width, "caption visible", state)
            assert state["captionBottom"] <= state["innerH"] + 1, (chart, width, "caption visible", state)
            caption = frame.locator(".caption").inner_text()
            for part in ("Profile:", "Data as of", "CC BY 4.0", "Full comparison"):
                assert part in caption, (chart, caption)
            assert fixed > 0
            assert frame_element.evaluate("f => f.getBoundingClientRect().width") <= width
    finally:
        context.close()


def test_an_embed_without_the_script_fits_its_fixed_height(browser: Browser, server_url: str) -> None:
    page, _watch = open_page(browser, "en-GB")
    try:
        page.set_viewport_size({"width": 390, "height": 500})
        page.goto(f"{server_url}/embed/matrix?lang=en")
        page.wait_for_selector(".main-svg")
        state = page.evaluate("[document.documentElement.scrollHeight, innerHeight]")
        assert state[0] <= state[1], "the chart shrinks into the frame instead of scrolling"
        expect(page.locator(".caption")).to_be_in_viewport()
    finally:
        page.context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_violation_on_any_page_or_embed(browser: Browser, server_url: str, scheme: str) -> None:
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="en-GB", color_scheme=scheme)  # type: ignore[arg-type]
    page = context.new_page()
    found = []
    try:
        for path in PAGES + EMBEDS:
            page.goto(f"{server_url}{path}")
            page.wait_for_load_state("networkidle")
            for details in page.locator("details").all():
                details.evaluate("d => d.open = true")
            for violation in Axe().run(page).response["violations"]:
                found.append(f"{path}: {violation['id']} ({violation['impact']}) at {[n['target'] for n in violation['nodes']][:3]}")
    finally:
        context.close()
    assert not found, "\n".join(found)


def test_the_high_contrast_mode_is_chosen_and_kept(browser: Browser, server_url: str) -> None:
    page, _watch = open_page(browser, "en-GB")
    try:
        page.goto(f"{server_url}/")
        page.select_option("#theme-choice", "contrast")
        assert page.evaluate("document.documentElement.dataset.theme") == "contrast"
        page.goto(f"{server_url}/criteria")
        assert page.evaluate("document.documentElement.dataset.theme") == "contrast", "kept across pages"
        assert page.evaluate("getComputedStyle(document.body).color") == "rgb(0, 0, 0)"
        expect(page.locator("#theme-choice")).to_have_value("contrast")
        assert Axe().run(page).response["violations"] == []
    finally:
        page.context.close()


def test_dark_mode_follows_the_system_and_a_choice_overrides_it(browser: Browser, server_url: str) -> None:
    context = browser.new_context(color_scheme="dark", locale="en-GB")
    page = context.new_page()
    try:
        page.goto(f"{server_url}/")
        dark = page.evaluate("getComputedStyle(document.body).backgroundColor")
        page.select_option("#theme-choice", "light")
        light = page.evaluate("getComputedStyle(document.body).backgroundColor")
        assert dark == "rgb(18, 18, 18)"
        assert light == "rgb(255, 255, 255)"
    finally:
        context.close()


def test_the_embed_panel_offers_the_code_and_copy_puts_it_on_the_clipboard(browser: Browser, server_url: str) -> None:
    context = browser.new_context(locale="en-GB", permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    try:
        page.goto(f"{server_url}/")
        panel = page.locator("details.embed-button").first
        panel.locator("summary").click()
        text = panel.inner_text()
        assert "built-in method" not in text
        assert "Copy this code into your page:" in text
        code = panel.locator("textarea").input_value()
        assert code.startswith('<iframe src="http://127.0.0.1:')
        assert "/static/embed-host.js" in code
        button = panel.locator("button[data-copy]")
        expect(button).to_have_text("Copy")
        button.focus()
        page.keyboard.press("Enter")  # the keyboard path
        expect(button).to_have_text("✓ Copied")
        expect(panel.locator(".copy-status")).to_have_text("Copied")
        assert page.evaluate("navigator.clipboard.readText()") == code
        link = panel.locator(".image-links a").first
        panel.locator(".image-links .copy-button").first.click()
        assert page.evaluate("navigator.clipboard.readText()") == link.get_attribute("href")
    finally:
        context.close()


def png_rows(data: bytes) -> tuple[int, int, list[bytes]]:
    """Width, height and the unfiltered RGB(A) scanlines of an 8-bit PNG (what kaleido writes)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    position, chunks, header = 8, b"", b""
    while position < len(data):
        (length,) = struct.unpack(">I", data[position : position + 4])
        kind = data[position + 4 : position + 8]
        body = data[position + 8 : position + 8 + length]
        if kind == b"IHDR":
            header = body
        elif kind == b"IDAT":
            chunks += body
        position += 12 + length
    width, height, depth, colour = struct.unpack(">IIBB", header[:10])
    assert depth == 8
    assert colour in (2, 6)
    channels = 3 if colour == 2 else 4
    raw = zlib.decompress(chunks)
    stride = width * channels
    rows: list[bytes] = []
    previous = bytearray(stride)
    for y in range(height):
        kind = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1 : (y + 1) * (stride + 1)])
        for x in range(stride):
            left = line[x - channels] if x >= channels else 0
            up = previous[x]
            corner = previous[x - channels] if x >= channels else 0
            if kind == 1:
                line[x] = (line[x] + left) & 0xFF
            elif kind == 2:
                line[x] = (line[x] + up) & 0xFF
            elif kind == 3:
                line[x] = (line[x] + (left + up) // 2) & 0xFF
            elif kind == 4:
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                line[x] = (line[x] + (left if pa <= pb and pa <= pc else up if pb <= pc else corner)) & 0xFF
        rows.append(bytes(line))
        previous = line
        if len(rows) >= 40:
            break
    return width, height, rows


@pytest.mark.parametrize("preset", ["a4-portrait", "a4-landscape", "slide"])
def test_exported_pngs_at_each_preset_have_an_unclipped_title(server_url: str, preset: str, tmp_path: Path) -> None:
    sizes = {"a4-portrait": 680, "a4-landscape": 1010, "slide": 1280}
    for chart in CHARTS:
        with urllib.request.urlopen(f"{server_url}/export/{chart}.png?preset={preset}&lang=en", timeout=120) as response:  # noqa: S310
            data = response.read()
        width, height, rows = png_rows(data)
        assert width == sizes[preset], (chart, preset)
        if preset != "a4-portrait":
            assert height == {"a4-landscape": 680, "slide": 720}[preset]
        channels = len(rows[0]) // width
        for y in range(6):
            pixels = {rows[y][x : x + 3] for x in range(0, len(rows[y]), channels)}
            assert pixels == {b"\xff\xff\xff"}, f"{chart} at {preset}: row {y} is not plain background (the title is clipped)"
        inked = [y for y in range(6, len(rows)) if any(rows[y][x] < 128 for x in range(0, len(rows[y]), channels))]
        assert inked, f"{chart} at {preset}: the title starts within the first 40 rows"


def test_back_undoes_a_committed_weight_change_and_ticks_survive_updates(browser: Browser, server_url: str) -> None:
    page, _watch = open_page(browser, "en-GB")
    try:
        page.goto(f"{server_url}/")
        page.locator("#ranking-table input[name=products]").first.check()
        ticked = page.locator("#ranking-table input[name=products]").first.get_attribute("value")
        slider = page.locator("#w-encryption")
        slider.focus()
        page.keyboard.press("End")
        expect(page.locator("#weights-status")).to_have_text("Ranking updated.")
        assert "w.encryption=10" in page.url
        assert page.locator(f"#ranking-table input[value='{ticked}']").is_checked(), "the tick survived the update"
        page.go_back()
        page.wait_for_url(lambda url: "w.encryption" not in url)
        expect(page.locator("#w-encryption")).to_have_value("1")
    finally:
        page.context.close()


def test_the_compare_page_hides_equal_rows_and_adds_a_product_in_place(browser: Browser, server_url: str) -> None:
    page, _watch = open_page(browser, "en-GB")
    try:
        page.goto(f"{server_url}/compare?products=signal,wire:cloud")
        rows = page.locator("#criteria-table tbody tr")
        total = rows.count()
        page.locator("#only-differences").check()
        visible = page.locator("#criteria-table tbody tr:visible").count()
        assert 0 < visible < total
        page.evaluate("window.__sameDocument = true")
        page.locator("details.choose summary").click()
        page.locator("input[name=products][value='threema-work:cloud']").check()
        expect(page.locator("#criteria-table thead th")).to_have_count(4)
        assert page.evaluate("window.__sameDocument") is True, "updated in place"
        assert page.locator("#only-differences").is_checked()
        assert "threema-work" in page.url
    finally:
        page.context.close()
