"""Per-client limits on what costs a worker seconds (issue 12, items 3 and 10).

Uncached renders (chart images, reports) and anonymous saved profiles are counted per client
address; a client over its limit gets 429 with Retry-After, cached answers are never counted,
and under gunicorn with the counters in the real Redis a burst of distinct renders cannot tie
up the workers.
"""

from __future__ import annotations

import re
import shutil
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
from flask import Flask

from compare.app import create_app
from tests.security.conftest import StartServer

REDIS = "redis://127.0.0.1:6379/0"


def make_app(template: Path, folder: Path, **overrides: Any) -> Flask:
    database = folder / f"app-{uuid.uuid4().hex[:8]}.sqlite3"
    shutil.copyfile(template, database)
    return create_app({"TESTING": True, "DATABASE_URL": f"sqlite:///{database}", "SECRET_KEY": "test-secret", **overrides})


def test_distinct_uncached_renders_are_limited_per_address(tmp_path: Path, seeded_sqlite_template: Path) -> None:
    app = make_app(seeded_sqlite_template, tmp_path, RENDER_LIMIT_PER_ADDRESS="2 per minute")
    client = app.test_client()
    assert client.get("/export/ranking.svg?width=600").status_code == 200
    assert client.get("/export/ranking.svg?width=601").status_code == 200
    refused = client.get("/export/ranking.svg?width=602")
    assert refused.status_code == 429
    assert 0 < int(refused.headers["Retry-After"]) <= 60
    assert "try again in" in refused.get_data(as_text=True)
    # a cached render costs nothing and is always served
    assert client.get("/export/ranking.svg?width=600").status_code == 200
    # another client has its own allowance
    assert client.get("/export/ranking.svg?width=603", environ_base={"REMOTE_ADDR": "192.0.2.8"}).status_code == 200
    # the API answers in its own shape, with the header
    api = client.get("/report.html?charts=0&w.encryption=3")
    assert api.status_code == 429
    assert "Retry-After" in api.headers


def test_a_burst_of_distinct_renders_cannot_tie_up_gunicorn(gunicorn: StartServer) -> None:
    """Two workers, counters in Redis shared by both: of twelve distinct reports, two are made.

    The worker timeout is 30 s here: the two renders that are allowed must finish, on a shared
    machine, and every refused one must come back at once instead of queueing behind them.
    """
    base = gunicorn(
        timeout=30,
        MSGCOMPARE_RENDER_LIMIT_PER_ADDRESS="2 per minute",
        MSGCOMPARE_RATELIMIT_STORAGE_URI=REDIS,
        MSGCOMPARE_RATELIMIT_KEY_PREFIX=f"msgcompare-test-{uuid.uuid4().hex}",
    )

    def fetch(width: int) -> httpx.Response:
        return httpx.get(f"{base}/report.html?charts=0&w.encryption={width}", timeout=60)

    with ThreadPoolExecutor(max_workers=6) as pool:
        responses = list(pool.map(fetch, range(1, 13)))
    codes = sorted(r.status_code for r in responses)
    assert codes.count(429) >= 10, codes
    assert all(code in (200, 202, 429) for code in codes), codes
    assert all("Retry-After" in r.headers for r in responses if r.status_code == 429)
    assert httpx.get(f"{base}/api/v1/criteria", timeout=10).status_code == 200


def token(page: str) -> str:
    found = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)
    assert found
    return found.group(1)


def test_anonymous_saved_profiles_are_limited_per_address(tmp_path: Path, seeded_sqlite_template: Path) -> None:
    app = make_app(seeded_sqlite_template, tmp_path, PROFILE_LIMIT_PER_ADDRESS="3 per hour")
    client = app.test_client()
    csrf = token(client.get("/").get_data(as_text=True))
    codes = [
        client.post("/profiles", data={"csrf_token": csrf, "name": f"Mine {i}", "state": f"w.encryption={i + 1}"}).status_code
        for i in range(4)
    ]
    assert codes == [303, 303, 303, 429]


def test_form_tokens_expire(tmp_path: Path, seeded_sqlite_template: Path) -> None:
    assert make_app(seeded_sqlite_template, tmp_path).config["WTF_CSRF_TIME_LIMIT"] == 4 * 3600
    app = make_app(seeded_sqlite_template, tmp_path, WTF_CSRF_TIME_LIMIT=1)
    client = app.test_client()
    csrf = token(client.get("/").get_data(as_text=True))
    time.sleep(2.1)
    response = client.post("/profiles", data={"csrf_token": csrf, "name": "Late", "state": ""})
    assert response.status_code == 400
    assert "The form has expired" in response.get_data(as_text=True)
