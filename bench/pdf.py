"""Benchmark: the same report HTML to PDF by WeasyPrint and by Chromium's page.pdf().

    .venv/bin/python bench/pdf.py [--runs 5]

Builds the seed database, renders the HTML report (charts included, as data URIs) once, then
times each engine on that same HTML: WeasyPrint in process, and a Chromium kept warm by
Playwright (Debian's /usr/bin/chromium) with a fresh page per PDF, A4 with CSS page sizes. Prints
the median time, the pages and the bytes of each; page 1 of each is written next to the PDFs in
``--out`` (default: a temporary folder) for a look with pdftoppm.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from playwright.sync_api import sync_playwright
from pypdf import PdfReader

from compare.app import create_app
from compare.exports.report import render_pdf
from compare.store.setup import seed_database

REPORT = "/report.html?profile=public-sector"


def main() -> None:
    """Render with both engines and print the medians."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--out", type=Path, default=None)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        out = options.out or Path(folder)
        out.mkdir(parents=True, exist_ok=True)
        url = f"sqlite:///{Path(folder) / 'bench.sqlite3'}"
        seed_database(url)
        # memory://: the render job runs in this process, so the answer is the report itself
        app = create_app({"DATABASE_URL": url, "SECRET_KEY": "bench", "QUEUE_URL": "memory://"})
        response = app.test_client().get(REPORT, follow_redirects=True)
        if response.status_code != 200:
            raise SystemExit(f"{REPORT}: HTTP {response.status_code}")
        html = response.get_data(as_text=True)
        render_pdf(html)  # imports WeasyPrint and its fonts once, as a warm worker has them
        weasy_times, weasy_pdf = [], b""
        for _ in range(options.runs):
            start = time.perf_counter()
            weasy_pdf = render_pdf(html)
            weasy_times.append(time.perf_counter() - start)
        with sync_playwright() as driver:
            browser = driver.chromium.launch(executable_path="/usr/bin/chromium")
            chrome_times, chrome_pdf = [], b""
            for run in range(options.runs + 1):
                start = time.perf_counter()
                page = browser.new_page()
                page.route("**/*", lambda route: route.abort())  # nothing but the HTML itself
                page.set_content(html, wait_until="load")
                chrome_pdf = page.pdf(format="A4", prefer_css_page_size=True, print_background=True)
                page.close()
                if run:  # the first run starts the browser's renderer process
                    chrome_times.append(time.perf_counter() - start)
            browser.close()
        app.extensions["msgcompare.engine"].dispose()
        (out / "weasyprint.pdf").write_bytes(weasy_pdf)
        (out / "chromium.pdf").write_bytes(chrome_pdf)
        for name, times, pdf in (("WeasyPrint", weasy_times, weasy_pdf), ("Chromium page.pdf", chrome_times, chrome_pdf)):
            pages = len(PdfReader(out / ("weasyprint.pdf" if name == "WeasyPrint" else "chromium.pdf")).pages)
            print(f"{name:<18} median {statistics.median(times):6.2f} s (min {min(times):.2f}, max {max(times):.2f})   {pages} pages, {len(pdf):,} bytes")
        print(f"{options.runs} runs each on the same {len(html):,} bytes of report HTML; PDFs in {out}")


if __name__ == "__main__":
    main()
