"""A real server process on a free port and Debian's chromium driven by Playwright.

The server is ``msgcompare run`` on a copy of the seeded database. Every page a test opens
records console errors, page errors and requests; a test fails if any request leaves the
machine or the console shows an error.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page, Playwright, sync_playwright

CHROMIUM = Path("/usr/bin/chromium")
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]"}
START_TIMEOUT = 60.0


def free_port() -> int:
    """A port nobody listens on right now (the OS picks it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def wait_until_up(url: str, process: subprocess.Popen[bytes]) -> None:
    """Poll ``url`` until it answers; fail with the server's output if it dies or never answers."""
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            output = process.stdout.read().decode() if process.stdout else ""
            raise RuntimeError(f"the server exited with {process.returncode}:\n{output}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - our own server on loopback
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.2)
    raise RuntimeError(f"the server at {url} did not answer within {START_TIMEOUT} s")


@pytest.fixture(scope="session")
def server_url(seeded_sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Base URL of ``msgcompare run`` serving a copy of the seeded database."""
    database = tmp_path_factory.mktemp("browser") / "site.sqlite3"
    shutil.copyfile(seeded_sqlite_template, database)
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{database}",
        "MSGCOMPARE_SECRET_KEY": "browser-tests",
        "FLASK_DEBUG": "0",
        # The preset test renders every chart at every size from one address; the limit itself is
        # tested in tests/web, not here.
        "MSGCOMPARE_RENDER_LIMIT_PER_ADDRESS": "100 per minute",
        # Render jobs (chart images, reports) run in the server itself: there is no worker here.
        "MSGCOMPARE_QUEUE_URL": "memory://",
    }
    command = [str(Path(sys.executable).with_name("msgcompare")), "run", "--host", "127.0.0.1", "--port", str(port)]
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(f"{base}/criteria", process)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        if process.stdout:
            process.stdout.close()


@pytest.fixture(scope="module")
def playwright() -> Iterator[Playwright]:
    """One Playwright driver per module: its sync API keeps an event loop running in this thread,
    which must be gone before the tests of other folders run."""
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="module")
def browser(playwright: Playwright) -> Iterator[Browser]:
    """Debian's chromium (``apt-get install chromium``); Playwright's own download is never used."""
    if not CHROMIUM.exists():
        pytest.fail("/usr/bin/chromium is missing: apt-get install -y chromium fonts-dejavu-core")
    browser = playwright.chromium.launch(executable_path=str(CHROMIUM))
    yield browser
    browser.close()


@dataclass
class Watch:
    """What a page did: console errors, uncaught exceptions, and every request's URL."""

    errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)

    @property
    def outside(self) -> list[str]:
        """Requests to any host but this machine."""
        return [url for url in self.requests if urlsplit(url).scheme in ("http", "https", "ws", "wss") and urlsplit(url).hostname not in LOCAL_HOSTS]


def open_page(browser: Browser, locale: str) -> tuple[Page, Watch]:
    """A fresh context and page in ``locale``, watched."""
    context = browser.new_context(locale=locale, viewport={"width": 1366, "height": 900})
    page = context.new_page()
    watch = Watch()
    page.on("console", lambda message: watch.errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: watch.errors.append(str(error)))
    page.on("request", lambda request: watch.requests.append(request.url))
    return page, watch


@pytest.fixture
def watched(browser: Browser) -> Iterator[tuple[Page, Watch]]:
    """An English page; after the test, no console error and nothing fetched from elsewhere."""
    page, watch = open_page(browser, "en-GB")
    yield page, watch
    page.context.close()
    assert not watch.outside, f"requests left the machine: {watch.outside}"
    assert not watch.errors, f"console errors: {watch.errors}"


@pytest.fixture
def watched_dutch(browser: Browser) -> Iterator[tuple[Page, Watch]]:
    """A page in a browser that prefers Dutch, with the same checks."""
    page, watch = open_page(browser, "nl-NL")
    yield page, watch
    page.context.close()
    assert not watch.outside, f"requests left the machine: {watch.outside}"
    assert not watch.errors, f"console errors: {watch.errors}"
