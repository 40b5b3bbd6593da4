"""Reports are jobs for a real worker process: 202 until ready, and the site keeps answering.

Four reports are asked for at once; while a ``msgcompare worker`` renders them, the overview
keeps answering 200, and then each report is served.
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path

from flask.testing import FlaskClient

from compare.app import create_app
from tests.exports.reports import GIVE_UP_AFTER, fetch
from tests.jobs.conftest import StartWorker, environment, start_worker  # noqa: F401 (fixture)

URLS = [
    "/report.pdf?profile=core&lang=en",
    "/report.pdf?profile=healthcare&lang=nl",
    "/report.docx?profile=public-sector&lang=en",
    "/report.html?profile=sme-customer-contact&lang=en&appendix=1",
]


def test_four_reports_at_once_while_the_overview_keeps_answering(
    tmp_path: Path, seeded_sqlite_template: Path, start_worker: StartWorker  # noqa: F811
) -> None:
    database = tmp_path / "app.sqlite3"
    shutil.copyfile(seeded_sqlite_template, database)
    queue_url = f"sqlite:///{tmp_path / 'queue.sqlite3'}"
    app = create_app({"TESTING": True, "DATABASE_URL": f"sqlite:///{database}", "QUEUE_URL": queue_url, "SECRET_KEY": "x"})
    client: FlaskClient = app.test_client()

    for url in URLS:
        asked = client.get(url, headers={"Accept": "application/json"})
        assert asked.status_code == 202, (url, asked.status_code)
        assert asked.get_json()["status"] == "pending"
        assert asked.headers["Location"] == url
    page = client.get(URLS[0])
    assert page.status_code == 202
    assert '<meta http-equiv="refresh"' in page.get_data(as_text=True)
    assert "Your report is being prepared" in page.get_data(as_text=True)

    start_worker(environment(DATABASE_URL=f"sqlite:///{database}", MSGCOMPARE_QUEUE_URL=queue_url), "--concurrency", "2")
    pending = list(URLS)
    answered = 0
    deadline = time.monotonic() + GIVE_UP_AFTER
    while pending:
        assert time.monotonic() < deadline, f"never rendered: {pending}"
        time.sleep(0.2)
        overview = client.get("/?profile=healthcare")
        assert overview.status_code == 200
        answered += 1
        pending = [u for u in pending if client.get(u, headers={"Accept": "application/json"}).status_code == 202]
    assert answered > 1, "the overview answered while reports were being rendered"
    for url in URLS:
        done = fetch(client, url)
        assert done.status_code == 200, (url, done.get_data(as_text=True)[:300])
        assert done.get_data()[:4] in (b"%PDF", b"PK\x03\x04", b"<!do")
    app.extensions["msgcompare.engine"].dispose()
