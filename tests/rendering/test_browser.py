"""The shared browser, for real in Debian's chromium: PDFs, chart images, deadlines, a restart.

Every test drives the actual browser; nothing stands in for it.
"""

from __future__ import annotations

import io
import os
import signal
import struct
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader
from pytest_httpserver import HTTPServer

from compare.rendering.browser import (
    Browser,
    RendererUnavailable,
    decode_data_uri,
    descendants,
    processes,
    thread_policies,
)

CHROMIUM = "/usr/bin/chromium"
pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="needs Debian's chromium")

FIGURE = {
    "data": [{"type": "bar", "x": ["Signal", "Threema Work"], "y": [81, 77]}],
    "layout": {"title": {"text": "Ranking of two offers"}, "width": 640, "height": 400},
}


@pytest.fixture
def browser() -> Iterator[Browser]:
    """A browser of the test's own (not the process's shared one), closed afterwards."""
    made = Browser(CHROMIUM, max_concurrency=2, timeout=30)
    yield made
    made.close()


def test_a_pdf_loads_data_uris_and_nothing_from_outside(browser: Browser, httpserver: HTTPServer) -> None:
    httpserver.expect_request("/tracker.png").respond_with_data(b"", content_type="image/png")
    outside = httpserver.url_for("/tracker.png")
    pixel = "data:image/svg+xml;base64,PHN2ZyB4bWxucz0iaHR0cDovL3d3dy53My5vcmcvMjAwMC9zdmciLz4="
    html = (
        "<!doctype html><style>@page { size: A4; margin: 2cm }</style>"
        f"<h1>Verdict on WhatsApp Business</h1><img src='{outside}'><img src='{pixel}'>"
        f"<link rel=stylesheet href='{httpserver.url_for('/style.css')}'><p style='break-before: page'>Second page</p>"
    )

    pdf = browser.pdf(html)

    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 2
    assert "Verdict on WhatsApp Business" in reader.pages[0].extract_text()
    assert httpserver.log == [], "the browser asked the network for something"


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    return int(width), int(height)


def test_chart_images_are_a_valid_png_and_an_svg_with_the_charts_text(browser: Browser) -> None:
    png = browser.image(FIGURE, "png", 640, 400, scale=2)
    svg = browser.image(FIGURE, "svg", 640, 400).decode("utf-8")

    assert png_size(png) == (1280, 800)
    assert svg.startswith("<svg")
    assert "Ranking of two offers" in svg
    assert "Threema Work" in svg
    assert browser.starts == 1, "both images were drawn in one browser"


def test_a_browser_that_died_is_started_again(browser: Browser) -> None:
    browser.image(FIGURE, "svg", 640, 400)
    pid = browser.pid
    assert pid is not None
    os.kill(pid, signal.SIGKILL)

    drawn = None
    for _ in range(3):  # the first call may still meet the dying browser and fail; a later one restarts it
        try:
            drawn = browser.image(FIGURE, "svg", 640, 400)
            break
        except RendererUnavailable:
            continue
    assert drawn is not None
    assert drawn.startswith(b"<svg")
    assert browser.starts == 2
    assert browser.pid != pid


def test_warming_starts_the_browser_in_the_background_once(browser: Browser) -> None:
    browser.warm()
    deadline = time.monotonic() + 60
    while not browser.running and time.monotonic() < deadline:
        time.sleep(0.1)

    assert browser.image(FIGURE, "png", 640, 400)[:8] == b"\x89PNG\r\n\x1a\n"
    assert browser.starts == 1


def test_warming_and_a_first_image_at_the_same_moment_start_one_browser(browser: Browser) -> None:
    browser.warm()  # returns at once: its launch and the image's ask for the browser together
    drawn = browser.image(FIGURE, "svg", 640, 400)

    assert drawn.startswith(b"<svg")
    assert browser.starts == 1
    marked = [pid for pid, _parent, command in processes() if browser._marker in command and "--type=" not in command]
    assert len(marked) == 1, "a second Chromium was launched and left running"


def test_a_call_past_its_deadline_fails_and_the_browser_keeps_working(browser: Browser) -> None:
    async def forever(running: object) -> None:
        import asyncio

        await asyncio.sleep(60)

    with pytest.raises(RendererUnavailable, match=r"longer than 0\.5 s"):
        browser.call(forever, timeout=0.5)
    assert browser.image(FIGURE, "svg", 640, 400).startswith(b"<svg")


def test_a_missing_browser_is_reported_at_once(tmp_path: Path) -> None:
    missing = Browser(str(tmp_path / "no-chromium"), timeout=2, start_timeout=2)
    try:
        with pytest.raises(RendererUnavailable, match="no browser at"):
            missing.pdf("<p>x</p>")
        assert not missing.running
    finally:
        missing.close()


def test_data_uris_decode_in_both_of_plotlys_encodings() -> None:
    assert decode_data_uri("data:image/svg+xml,%3Csvg%3E%C3%A9") == "<svg>é".encode()
    assert decode_data_uri("data:image/png;base64,iVBORw==") == b"\x89PNG"
    with pytest.raises(RendererUnavailable):
        decode_data_uri("about:blank")


def niceness_of_threads(pid: int) -> list[int]:
    """The niceness of every thread of a process (fields after the command name in /proc stat)."""
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found.append(int((task / "stat").read_text().rsplit(")", 1)[1].split()[16]))
        except (OSError, IndexError, ValueError):
            continue
    return found


def test_the_browser_runs_below_the_web_tier_and_cannot_raise_itself(browser: Browser) -> None:
    browser.pdf("<h1>Report</h1>")
    browser.image(FIGURE, "png", 640, 400)
    main = browser.pid
    assert main is not None

    threads = [nice for pid in descendants(main, include_self=True) for nice in niceness_of_threads(pid)]

    assert threads
    assert min(threads) >= browser.niceness, "Chromium raised the priority of a process or thread"
    policies = {policy for pid in descendants(main, include_self=True) for policy in thread_policies(pid)}
    assert policies == {os.SCHED_IDLE}, "the browser runs only on CPU nothing else wants"
    if Path("/proc/self/autogroup").exists():  # the kernel groups each session: the browser's group is lowered
        detached = [pid for pid in descendants(main, include_self=True) if os.getsid(pid) != os.getsid(0)]
        assert detached, "Playwright starts Chromium in a session of its own"
        assert all(Path(f"/proc/{pid}/autogroup").read_text().split()[-1] == "19" for pid in detached)
