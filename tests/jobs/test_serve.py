"""``msgcompare serve``: gunicorn plus an embedded worker, and two web servers sharing one database.

The servers are real processes on free loopback ports; the browser is an httpx client with one
cookie jar (cookies are not tied to a port, so a login on one server is sent to the other).
"""

from __future__ import annotations

import functools
import shutil
import signal
import socket
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest
from bs4 import BeautifulSoup
from flask import Flask
from pytest_httpserver import HTTPServer
from sqlalchemy import select

from compare import accounts, refresh
from compare.app import create_app
from compare.store.session import transaction
from compare.store.setup import sessions_of
from compare.store.sources import ProposalRow, ProposalStatus
from criteria.evidence_rules import levels_of, load_evidence_rules
from scrapers.fetch import FetchSettings
from tests.admin.test_review_flow import PASSWORD
from tests.compare.test_refresh import declaration, page
from tests.jobs.conftest import MSGCOMPARE, REDIS_URL, environment, wait_for

KEY = "a-shared-secret-key-for-the-two-servers"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


Serve = Callable[..., list[str]]


@pytest.fixture
def serve(tmp_path: Path) -> Iterator[Serve]:
    """Start ``count`` ``msgcompare serve`` processes at once; returns their base URLs once each /healthz answers."""
    started: list[subprocess.Popen[bytes]] = []

    def launch(env: dict[str, str], args: tuple[str, ...]) -> tuple[subprocess.Popen[bytes], int]:
        port = free_port()
        with (tmp_path / f"serve-{port}.log").open("wb") as log:
            process = subprocess.Popen([*MSGCOMPARE, "serve", "--port", str(port), "--workers", "1", *args], env=env, stdout=log, stderr=subprocess.STDOUT)
        started.append(process)
        return process, port

    def answers(process: subprocess.Popen[bytes], port: int) -> bool:
        if process.poll() is not None:
            pytest.fail((tmp_path / f"serve-{port}.log").read_text())
        try:
            return httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=2).status_code == 200
        except httpx.HTTPError:
            return False

    def start(env: dict[str, str], *args: str, count: int = 1) -> list[str]:
        servers = [launch(env, args) for _ in range(count)]  # they start side by side
        for process, port in servers:
            wait_for(functools.partial(answers, process, port), timeout=90, message=f"serve on port {port}")
        return [f"http://127.0.0.1:{port}" for _, port in servers]

    yield start
    for process in started:
        process.send_signal(signal.SIGTERM)
    for process in started:
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def test_serve_refuses_to_start_without_a_secret_key(tmp_path: Path) -> None:
    result = subprocess.run(
        [*MSGCOMPARE, "serve", "--port", str(free_port())], env=environment(DATABASE_URL=f"sqlite:///{tmp_path / 'x.sqlite3'}"),
        capture_output=True, text=True, timeout=120, check=False,
    )

    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert [line for line in result.stderr.splitlines() if line.startswith("Error:")] == [
        "Error: MSGCOMPARE_SECRET_KEY is not set: every web server must sign sessions with the same key; "
        "set it to a long random value (python3 -c 'import secrets; print(secrets.token_hex(32))')"
    ]


def test_serve_alone_serves_pages_and_renders_a_report_with_its_embedded_worker(tmp_path: Path, seeded_sqlite_template: Path, serve: Serve) -> None:
    database = tmp_path / "app.sqlite3"
    shutil.copyfile(seeded_sqlite_template, database)
    env = environment(
        DATABASE_URL=f"sqlite:///{database}", MSGCOMPARE_SECRET_KEY=KEY, MSGCOMPARE_QUEUE_URL=f"sqlite:///{tmp_path / 'queue.sqlite3'}"
    )
    [base] = serve(env)

    with httpx.Client(base_url=base, timeout=30) as browser:
        home = browser.get("/")
        assert home.status_code == 200
        assert "WhatsApp Business" in home.text
        asked = browser.get("/report.html", params={"charts": "0"}, headers={"Accept": "application/json"})
        assert asked.status_code in {200, 202}
        if asked.status_code == 202:
            location = asked.headers["Location"]
            wait_for(lambda: browser.get(location).status_code == 200, timeout=120, message="the embedded worker to render the report")
            report = browser.get(location)
        else:
            report = asked
    assert report.headers["Content-Type"].startswith("text/html")
    assert "WhatsApp Business" in report.text
    assert "embedded job worker" in next(tmp_path.glob("serve-*.log")).read_text()


def csrf(browser: httpx.Client, url: str) -> str:
    field = BeautifulSoup(browser.get(url).text, "lxml").find("input", attrs={"name": "csrf_token"})
    assert field is not None
    return str(field["value"])


def test_two_servers_on_postgresql_share_a_login_and_see_each_others_accepted_facts(
    database: str, queue_name: str, httpserver: HTTPServer, serve: Serve
) -> None:
    app: Flask = create_app({"TESTING": True, "SECRET_KEY": KEY, "DATABASE_URL": database})
    with transaction(sessions_of(app)) as session:
        accounts.create_user(session, "anna", PASSWORD)
    httpserver.expect_request("/robots.txt").respond_with_data("User-agent: *\nAllow: /\n")
    httpserver.expect_oneshot_request("/legal/privacy-policy").respond_with_data(page("2021-01-01"), content_type="text/html")
    settings = FetchSettings(contact_url="https://msgcompare.example", version="t", allow_networks=("127.0.0.1/32",))
    book = load_evidence_rules(levels_of(app.extensions["msgcompare.catalogue"]))
    refresh.refresh(sessions_of(app), [declaration(httpserver.url_for("/legal/privacy-policy"))], book, settings)
    with sessions_of(app)() as session:
        proposal = session.scalars(
            select(ProposalRow).where(ProposalRow.status == ProposalStatus.PENDING, ProposalRow.criterion_id == "eu-storage")
        ).one()
    env = environment(DATABASE_URL=database, MSGCOMPARE_SECRET_KEY=KEY, MSGCOMPARE_QUEUE_URL=REDIS_URL, MSGCOMPARE_QUEUE_NAME=queue_name)
    first, second = serve(env, count=2)

    with httpx.Client(timeout=30) as browser:
        assert browser.get(f"{second}/admin/").status_code == 302
        token = csrf(browser, f"{first}/admin/login")
        logged_in = browser.post(f"{first}/admin/login", data={"username": "anna", "password": PASSWORD, "csrf_token": token})
        assert logged_in.status_code == 302
        assert browser.get(f"{second}/admin/").status_code == 200, "the login made on the first server counts on the second"

        before = browser.get(f"{second}/products/whatsapp-business-app.json").text
        token = csrf(browser, f"{first}/admin/proposals/{proposal.id}")
        accepted = browser.post(f"{first}/admin/proposals/{proposal.id}/accept", data={"note": "Checked.", "csrf_token": token})
        assert accepted.status_code == 302
        after = browser.get(f"{second}/products/whatsapp-business-app.json").text
    assert proposal.quote[:60] not in before
    assert proposal.quote[:60] in after
    app.extensions["msgcompare.engine"].dispose()
