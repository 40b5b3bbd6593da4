"""Benchmark: the same report HTML to PDF by Chromium's page.pdf() (what we use) and WeasyPrint.

    .venv/bin/python bench/pdf.py [--runs 5] [--out DIR]

Builds the seed database, renders the default-scope HTML report (charts included, as SVG data
URIs) once, then times each engine on that same HTML:

- Chromium: the shared browser the job workers use (``compare.rendering.browser``, Debian's
  /usr/bin/chromium driven by Playwright): the first PDF includes starting the browser (a
  worker's first report), the rest are warm;
- WeasyPrint (the engine before decision 0009), only when it is installed
  (``pip install weasyprint``; it is no longer a dependency).

Prints the medians, pages and bytes of each, and writes both PDFs and page 1 of each as PNG
(pdftoppm, 60 dpi) to ``--out`` (default: a temporary folder) for a side-by-side look.
"""

from __future__ import annotations

import argparse
import importlib.util
import shutil
import statistics
import subprocess
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from pypdf import PdfReader

from compare.app import create_app
from compare.rendering.browser import Browser
from compare.store.setup import seed_database

REPORT = "/report.html?profile=public-sector&lang=en"


def timed(render: Callable[[], bytes], runs: int) -> tuple[list[float], bytes]:
    """Seconds of each of ``runs`` renders and the last PDF."""
    times, pdf = [], b""
    for _ in range(runs):
        start = time.perf_counter()
        pdf = render()
        times.append(time.perf_counter() - start)
    return times, pdf


def weasyprint_pdf(html: str) -> bytes:
    """The HTML by WeasyPrint, loading nothing but data: URIs (as the old ``render_pdf`` did)."""
    from weasyprint import HTML  # type: ignore[import-not-found, unused-ignore]
    from weasyprint.urls import URLFetcher  # type: ignore[import-not-found, unused-ignore]

    fetcher = URLFetcher(allowed_protocols=("data",), fail_on_errors=True, allow_redirects=False)
    pdf: bytes = HTML(string=html, url_fetcher=fetcher).write_pdf()
    return pdf


def main() -> None:
    """Render with each engine and print the medians."""
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
        app.extensions["msgcompare.engine"].dispose()

        results: dict[str, tuple[list[float], bytes]] = {}
        browser = Browser(niceness=0)  # the bench alone: no reason to yield the CPU
        try:
            start = time.perf_counter()
            first = browser.pdf(html)
            cold = time.perf_counter() - start
            results["Chromium page.pdf"] = timed(lambda: browser.pdf(html), options.runs)
            print(f"Chromium first PDF, browser start included: {cold:.2f} s ({len(first):,} bytes)")
        finally:
            browser.close()
        if importlib.util.find_spec("weasyprint") is not None:
            weasyprint_pdf(html)  # imports WeasyPrint and its fonts once, as a warm worker has them
            results["WeasyPrint"] = timed(lambda: weasyprint_pdf(html), options.runs)
        else:
            print("WeasyPrint is not installed: only Chromium measured")

        for name, (times, pdf) in results.items():
            stem = "chromium" if name.startswith("Chromium") else "weasyprint"
            (out / f"{stem}.pdf").write_bytes(pdf)
            pages = len(PdfReader(out / f"{stem}.pdf").pages)
            if shutil.which("pdftoppm"):
                subprocess.run(["pdftoppm", "-r", "60", "-png", "-f", "1", "-l", "1", "-singlefile", str(out / f"{stem}.pdf"), str(out / f"{stem}-page1")], check=True)  # noqa: S603, S607 - poppler-utils on PATH
            print(f"{name:<18} median {statistics.median(times):6.2f} s (min {min(times):.2f}, max {max(times):.2f})   {pages} pages, {len(pdf):,} bytes")
        print(f"{options.runs} runs each on the same {len(html):,} bytes of report HTML; PDFs and page-1 PNGs in {out}")


if __name__ == "__main__":
    main()
