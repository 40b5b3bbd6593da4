"""Screenshots of the main pages for the README and docs: docs/screenshots/*.png.

    .venv/bin/python scripts/screenshots.py

Builds a fresh SQLite database (real migrations, real seed), starts ``msgcompare run`` on a free
loopback port, and photographs each page with Debian's chromium (``/usr/bin/chromium``) through
Playwright once the charts are drawn. Nothing is fetched from outside this machine.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright

from compare.store.setup import seed_database

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"
WIDTH, HEIGHT = 1366, 1000
PHONE = 390
SHOTS: list[tuple[str, str, str, str | None, int, str]] = [
    ("overview.png", "/?profile=public-sector", "en-GB", None, WIDTH, "light"),
    ("overview-matrix.png", "/?profile=public-sector", "en-GB", "#matrix-heading", WIDTH, "light"),
    ("overview-breakdown.png", "/?profile=public-sector", "en-GB", "#breakdown-heading", WIDTH, "light"),
    ("compare.png", "/compare?profile=public-sector&products=element:self-hosted,nextcloud-talk,whatsapp-business-app", "en-GB", None, WIDTH, "light"),
    ("compare-evidence.png", "/compare?profile=public-sector&products=element:self-hosted,nextcloud-talk,whatsapp-business-app", "en-GB", "#why-heading", WIDTH, "light"),
    ("product-whatsapp.png", "/products/whatsapp-business-app", "en-GB", "#shortfalls-heading", WIDTH, "light"),
    ("criteria.png", "/criteria", "en-GB", None, WIDTH, "light"),
    ("sensitivity.png", "/sensitivity?profile=public-sector", "en-GB", "#probabilities-heading", WIDTH, "light"),
    ("overview-nl.png", "/?profile=healthcare", "nl-NL", None, WIDTH, "light"),
    ("sensitivity-tornado.png", "/sensitivity?profile=public-sector", "en-GB", "#tornado-heading", WIDTH, "light"),
    ("overview-dark.png", "/?profile=public-sector", "en-GB", None, WIDTH, "dark"),
    # Phone width: the answer first, the matrix in its narrow layout, the side by side with its sticky header.
    ("overview-phone.png", "/?profile=public-sector", "en-GB", None, PHONE, "light"),
    ("overview-matrix-phone.png", "/?profile=public-sector", "en-GB", "#matrix-heading", PHONE, "light"),
    ("compare-phone.png", "/compare?profile=public-sector&products=element:self-hosted,nextcloud-talk,whatsapp-business-app", "en-GB", "#criteria-heading", PHONE, "light"),
    ("embed-ranking-phone.png", "/embed/ranking?profile=public-sector&lang=en", "en-GB", None, PHONE, "light"),
]


def free_port() -> int:
    """A free loopback port."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def seed(path: Path) -> str:
    """A migrated, seeded SQLite database at ``path``; returns its URL."""
    url = f"sqlite:///{path}"
    seed_database(url)
    return url


def wait_for(url: str, process: subprocess.Popen[bytes]) -> None:
    """Poll until the server answers (or fail with its output)."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"server exited: {process.stdout.read().decode() if process.stdout else ''}")
        try:
            with urllib.request.urlopen(url, timeout=2):  # noqa: S310 - our own server on loopback
                return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.2)
    raise SystemExit(f"{url} did not answer")


def main() -> None:
    """Start the server, take the screenshots, stop the server."""
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        env = {**os.environ, "DATABASE_URL": seed(Path(folder) / "site.sqlite3"), "MSGCOMPARE_SECRET_KEY": "screenshots"}
        port = free_port()
        command = [str(Path(sys.executable).with_name("msgcompare")), "run", "--host", "127.0.0.1", "--port", str(port)]
        server = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)  # noqa: S603 - our own console script
        base = f"http://127.0.0.1:{port}"
        try:
            wait_for(f"{base}/criteria", server)
            with sync_playwright() as driver:
                browser = driver.chromium.launch(executable_path="/usr/bin/chromium")
                for name, path, locale, anchor, width, scheme in SHOTS:
                    height = 844 if width == PHONE else HEIGHT
                    context = browser.new_context(
                        locale=locale, viewport={"width": width, "height": height}, color_scheme=scheme  # type: ignore[arg-type]
                    )
                    page = context.new_page()
                    page.goto(base + path)
                    page.wait_for_load_state("networkidle")
                    if anchor:
                        page.locator(anchor).scroll_into_view_if_needed()
                        page.evaluate("a => document.querySelector(a).scrollIntoView({block: 'start'})", anchor)
                    page.screenshot(path=str(OUT / name))
                    print(OUT / name)
                    context.close()
                browser.close()
        finally:
            server.terminate()
            server.wait(timeout=10)
            if server.stdout:
                server.stdout.close()


if __name__ == "__main__":
    main()
