"""``msgcompare sources refresh|check`` and ``users create`` against a real local HTTP server."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import yaml
from click.testing import Result
from flask import Flask
from flask.testing import FlaskCliRunner
from pytest_httpserver import HTTPServer
from sqlalchemy import update

from compare.app import create_app
from compare.jobs import refresh_jobs
from compare.store.session import transaction
from compare.store.setup import sessions_of
from compare.store.sources import SourceDocumentRow
from tests.compare.test_refresh import page


@pytest.fixture
def refresh_app(tmp_path: Path, seeded_sqlite_template: Path) -> Iterator[Flask]:
    database = tmp_path / "app.sqlite3"
    shutil.copyfile(seeded_sqlite_template, database)
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "t",
            "DATABASE_URL": f"sqlite:///{database}",
            "FETCH_ALLOW_NETWORKS": ("127.0.0.1/32",),
        }
    )
    app.instance_path = str(tmp_path / "instance")
    yield app
    app.extensions["msgcompare.engine"].dispose()


@pytest.fixture
def sources_root(tmp_path: Path, httpserver: HTTPServer) -> Path:
    root = tmp_path / "sources"
    root.mkdir()
    declaration = {
        "product_id": "whatsapp-business-app",
        "documents": [
            {
                "id": "privacy-policy",
                "url": httpserver.url_for("/legal/privacy-policy"),
                "type": "privacy-policy",
                "select": ["#content-wrapper"],
                "criteria": ["eu-storage", "encryption"],
            }
        ],
    }
    (root / "whatsapp-business-app.yaml").write_text(yaml.safe_dump(declaration), encoding="utf-8")
    httpserver.expect_request("/robots.txt").respond_with_data("User-agent: *\nAllow: /\n")
    return root


def run(app: Flask, *args: str) -> Result:
    runner: FlaskCliRunner = app.test_cli_runner()
    return runner.invoke(args=list(args))


def test_refresh_prints_a_summary_per_source_and_exits_zero(refresh_app: Flask, sources_root: Path, httpserver: HTTPServer) -> None:
    httpserver.expect_oneshot_request("/legal/privacy-policy").respond_with_data(page("2020-07-29"), content_type="text/html")

    result = run(refresh_app, "sources", "refresh", "--root", str(sources_root))

    assert result.exit_code == 0, result.output
    assert "new       whatsapp-business-app/privacy-policy" in result.output
    assert "1 sources: 0 unchanged, 1 changed or new" in result.output


def test_refresh_exits_one_and_names_the_reason_when_a_source_fails(refresh_app: Flask, sources_root: Path, httpserver: HTTPServer) -> None:
    httpserver.expect_request("/legal/privacy-policy").respond_with_data("gone", status=404)

    result = run(refresh_app, "sources", "refresh", "--root", str(sources_root))

    assert result.exit_code == 1
    assert "failed    whatsapp-business-app/privacy-policy: HTTP 404" in result.output


def test_a_source_another_worker_holds_is_left_to_it(refresh_app: Flask, sources_root: Path) -> None:
    refresh_app.config["SOURCES_ROOT"] = str(sources_root)
    refresh_jobs.start_run(refresh_app, enqueue=False)
    with transaction(sessions_of(refresh_app)) as session:
        session.execute(
            update(SourceDocumentRow).values(lease_owner="other-host:1:1", lease_until=datetime.now(UTC) + timedelta(minutes=10))
        )

    result = run(refresh_app, "sources", "refresh", "--root", str(sources_root))

    assert result.exit_code == 2
    assert "1 sources were being refreshed by a worker at the same time" in result.output


def test_refresh_of_an_undeclared_product_is_an_error(refresh_app: Flask, sources_root: Path) -> None:
    result = run(refresh_app, "sources", "refresh", "--root", str(sources_root), "--product", "pager-2000")

    assert result.exit_code == 1
    assert "no source declarations for pager-2000" in result.output


def test_check_reports_a_selector_that_matches_nothing(refresh_app: Flask, sources_root: Path, httpserver: HTTPServer) -> None:
    httpserver.expect_request("/legal/privacy-policy").respond_with_data(
        page("2020-07-29", wrapper_id="main-content"), content_type="text/html"
    )

    result = run(refresh_app, "sources", "check", "--root", str(sources_root))

    assert result.exit_code == 1
    assert "whatsapp-business-app.yaml: privacy-policy" in result.output
    assert '"#content-wrapper" has no match' in result.output


def test_users_create_refuses_short_passwords_and_duplicates(refresh_app: Flask) -> None:
    """The password comes from stdin (or a prompt), never from the command line (issue 12)."""
    runner: FlaskCliRunner = refresh_app.test_cli_runner()
    short = runner.invoke(args=["users", "create", "anna"], input="short\n")
    made = runner.invoke(args=["users", "create", "anna"], input="correct horse battery\n")
    again = runner.invoke(args=["users", "create", "Anna"], input="correct horse battery\n")

    assert short.exit_code == 1
    assert "at least 12 characters" in short.output
    assert made.exit_code == 0
    assert again.exit_code == 1
    assert "already exists" in again.output
