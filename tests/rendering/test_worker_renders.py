"""Chart images are drawn by the job worker's browser, never by the web process.

``msgcompare serve`` runs for real (gunicorn and its embedded worker on a SQLite queue); the
image is asked for over HTTP, and the process tree is read from /proc afterwards.
"""

from __future__ import annotations

import os
import shutil
import struct
from pathlib import Path

import httpx
import pytest

from compare.app import create_app
from compare.rendering.browser import descendants, processes, thread_policies
from tests.jobs.conftest import environment, wait_for
from tests.jobs.test_serve import KEY, Serve, serve  # noqa: F401 (fixture)

pytestmark = pytest.mark.skipif(not Path("/usr/bin/chromium").exists(), reason="needs Debian's chromium")


def is_browser(command: str) -> bool:
    """A browser's main process (not its renderer, GPU or crash-handler children)."""
    return command.split(" ", 1)[0].endswith("/chromium") and "--type=" not in command


def test_an_image_is_drawn_by_the_worker_and_no_web_process_starts_a_browser(
    tmp_path: Path, seeded_sqlite_template: Path, serve: Serve  # noqa: F811
) -> None:
    database = tmp_path / "app.sqlite3"
    shutil.copyfile(seeded_sqlite_template, database)
    env = environment(DATABASE_URL=f"sqlite:///{database}", MSGCOMPARE_SECRET_KEY=KEY, MSGCOMPARE_QUEUE_URL=f"sqlite:///{tmp_path / 'queue.sqlite3'}")
    [base] = serve(env)
    port = base.rsplit(":", 1)[1]

    with httpx.Client(base_url=base, timeout=60) as client:
        answer = client.get("/export/ranking.png?width=640&height=400", headers={"Accept": "application/json"})
        if answer.status_code == 202:  # not drawn within the request's short wait: ask where it said
            assert answer.headers["Retry-After"].isdigit()
            location = answer.headers["Location"]
            wait_for(lambda: client.get(location).status_code == 200, timeout=120, message="the worker to draw the image")
            answer = client.get(location)
        wait_for(lambda: client.get("/export/ranking.svg?width=640&height=400").status_code == 200, timeout=120, message="the svg")
        svg = client.get("/export/ranking.svg?width=640&height=400")

    assert answer.status_code == 200
    assert answer.headers["Content-Type"] == "image/png"
    assert answer.headers["ETag"].startswith('W/"')
    assert answer.content[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", answer.content[16:24]) == (640, 400)
    assert svg.text.startswith("<svg")

    serve_process = next(pid for pid, _parent, command in processes() if " serve " in f"{command} " and f"--port {port}" in command)
    tree = {pid: command for pid, _parent, command in processes() if pid in set(descendants(serve_process, include_self=True))}
    workers = [pid for pid, command in tree.items() if "compare.cli worker" in command]
    below_workers = {found for worker in workers for found in descendants(worker)}
    web = [pid for pid in tree if pid not in workers and pid not in below_workers]  # gunicorn's master and web workers
    assert workers, tree
    assert len(web) >= 2, tree
    browsers = [found for w in workers for found in descendants(w) if is_browser(tree.get(found, ""))]
    assert len(browsers) == len(workers), "each worker runs exactly one browser (warming and the first image share it)"
    # Renders take only the CPU the web tier leaves: the worker is a batch task, its browser idle-only.
    for worker in workers:
        assert os.sched_getscheduler(worker) == os.SCHED_BATCH
    for browser in browsers:
        for found in descendants(browser, include_self=True):
            assert thread_policies(found) <= {os.SCHED_IDLE}, f"{tree.get(found, found)} left SCHED_IDLE"
        if Path(f"/proc/{browser}/autogroup").exists():
            assert Path(f"/proc/{browser}/autogroup").read_text().split()[-1] == "19", "the browser's session gets the least CPU"
    for pid in web:
        own = [tree[found] for found in descendants(pid) if found in tree and found not in below_workers and found not in workers]
        assert not any(is_browser(command) for command in own), f"web process {pid} started a browser"


def test_an_image_not_drawn_within_the_wait_is_a_202_saying_where_to_ask_again(tmp_path: Path, seeded_sqlite_template: Path) -> None:
    database = tmp_path / "app.sqlite3"
    shutil.copyfile(seeded_sqlite_template, database)
    app = create_app({
        "TESTING": True, "DATABASE_URL": f"sqlite:///{database}", "SECRET_KEY": "x",
        "QUEUE_URL": f"sqlite:///{tmp_path / 'queue.sqlite3'}", "IMAGE_WAIT_SECONDS": 0.2,  # no worker runs
    })
    client = app.test_client()

    answer = client.get("/export/ranking.png?width=700", headers={"Accept": "application/json"})

    assert answer.status_code == 202
    assert answer.headers["Location"] == "/export/ranking.png?width=700"
    assert answer.headers["Retry-After"] == "1"
    assert answer.headers["Cache-Control"] == "no-store"
    assert answer.get_json()["status"] == "pending"
    assert client.get("/export/ranking.png?width=700").status_code == 202, "asking again finds the same job"
    app.extensions["msgcompare.engine"].dispose()
