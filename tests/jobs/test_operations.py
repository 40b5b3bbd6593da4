"""Clean operation: health checks, 503s instead of 500s, one-line CLI errors, a checked import."""

from __future__ import annotations

import copy
import json
import shutil
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import func, select

from compare.app import create_app
from compare.store import transfer
from compare.store.models import ProductRow
from compare.store.session import make_engine, make_session_factory
from compare.store.setup import sessions_of, upgrade
from tests.jobs.conftest import MSGCOMPARE, environment

CLOSED_POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:1/test"


def app_on(database_url: str, **config: Any) -> Flask:
    return create_app({"TESTING": True, "SECRET_KEY": "t", "DATABASE_URL": database_url, **config})


def test_healthz_names_each_part(app: Flask) -> None:
    response = app.test_client().get("/healthz")

    assert response.status_code == 200
    body = response.get_json()
    assert body["database"] == "ok"
    assert body["queue"] == "ok"
    assert body["renderer"] in {"ok", "missing"}


def test_healthz_is_503_naming_the_database_when_it_is_down() -> None:
    app = app_on(CLOSED_POSTGRES)

    response = app.test_client().get("/healthz")

    assert response.status_code == 503
    body = response.get_json()
    assert body["database"] == "unreachable"
    assert body["queue"] == "ok"
    assert body["error"].startswith("database: cannot connect to postgresql at 127.0.0.1:1/test")


def test_healthz_is_503_naming_the_queue_when_redis_is_down(app: Flask) -> None:
    app.config["QUEUE_URL"] = "redis://127.0.0.1:1/0"

    response = app.test_client().get("/healthz")

    assert response.status_code == 503
    assert response.get_json()["database"] == "ok"
    assert response.get_json()["queue"] == "unreachable"
    assert "cannot connect to the queue at redis://127.0.0.1:1/0" in response.get_json()["error"]


def test_without_chromium_health_and_chart_images_say_how_to_install_it(tmp_path: Path, app: Flask) -> None:
    client = app_on(app.config["DATABASE_URL"], CHROMIUM_PATH=str(tmp_path / "no-chromium")).test_client()

    assert client.get("/healthz").get_json()["renderer"] == "missing"
    image = client.get("/export/ranking.png")
    assert image.status_code == 503
    assert "sudo apt-get install -y chromium fonts-dejavu-core" in image.get_data(as_text=True)


def test_pages_answer_503_with_a_plain_message_when_the_database_is_down() -> None:
    client = app_on(CLOSED_POSTGRES).test_client()

    for path in ("/", "/products/signal", "/api/v1/products"):
        response = client.get(path)
        assert response.status_code == 503, path
        assert "database is not available right now" in response.get_data(as_text=True)
        assert "Traceback" not in response.get_data(as_text=True)


def test_pages_answer_503_when_the_database_is_not_migrated(tmp_path: Path) -> None:
    response = app_on(f"sqlite:///{tmp_path / 'empty.sqlite3'}").test_client().get("/")

    assert response.status_code == 503


def error_lines(stderr: str) -> list[str]:
    """The command's error lines (start-up notices from other parts may precede them); never a traceback."""
    assert "Traceback" not in stderr, stderr
    return [line for line in stderr.strip().splitlines() if line.startswith("Error:")]


def cli(tmp_path: Path, database_url: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*MSGCOMPARE, *args], env=environment(DATABASE_URL=database_url), capture_output=True, text=True, timeout=120, cwd=tmp_path, check=False
    )


def test_cli_on_an_unmigrated_database_says_run_db_upgrade_in_one_line(tmp_path: Path) -> None:
    result = cli(tmp_path, f"sqlite:///{tmp_path / 'empty.sqlite3'}", "score")

    assert result.returncode == 1
    assert error_lines(result.stderr) == [
        f"Error: the SQLite database {tmp_path / 'empty.sqlite3'} is not migrated (no such table: product): run `msgcompare db upgrade`"
    ]


@pytest.mark.parametrize(
    ("database_url", "expected"),
    [
        (CLOSED_POSTGRES, "Error: cannot connect to postgresql at 127.0.0.1:1/test:"),
        ("not a url", "Error: DATABASE_URL is not a database URL"),
    ],
)
def test_cli_operational_errors_are_one_line(tmp_path: Path, database_url: str, expected: str) -> None:
    result = cli(tmp_path, database_url, "score")

    assert result.returncode == 1
    lines = error_lines(result.stderr)
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(expected)


def test_cli_on_a_read_only_database_says_so(tmp_path: Path, seeded_sqlite_template: Path) -> None:
    database = tmp_path / "ro.sqlite3"
    shutil.copyfile(seeded_sqlite_template, database)
    read_only = f"sqlite:///file:{database}?mode=ro&uri=true"

    result = cli(tmp_path, read_only, "data", "load")

    assert result.returncode == 1
    lines = error_lines(result.stderr)
    assert len(lines) == 1, result.stderr
    assert "is read-only" in lines[0]


def test_score_as_of_a_day_before_any_fact_says_so(app: Flask) -> None:
    result = app.test_cli_runner().invoke(args=["score", "--as-of", "2000-01-01"])

    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [
        "Error: no facts were recorded by 2000-01-01; the first was recorded on "
        + result.output.split("recorded on ")[1][:10]
        + ", so there is nothing to rank as of that day"
    ]


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory, seeded_sqlite_template: Path) -> dict[str, Any]:
    """A valid export of the seed data."""
    engine = make_engine(f"sqlite:///{seeded_sqlite_template}")
    with make_session_factory(engine)() as session:
        document = transfer.export_document(session)
    engine.dispose()
    return json.loads(json.dumps(document))


@pytest.fixture
def empty_app(tmp_path: Path) -> Iterator[Flask]:
    database = tmp_path / "empty.sqlite3"
    engine = make_engine(f"sqlite:///{database}")
    upgrade(engine)
    engine.dispose()
    app = app_on(f"sqlite:///{database}")
    yield app
    app.extensions["msgcompare.engine"].dispose()


def edit(change: Callable[[dict[str, Any]], None]) -> Callable[[dict[str, Any]], Any]:
    def apply(document: dict[str, Any]) -> Any:
        changed = copy.deepcopy(document)
        change(changed)
        return changed

    return apply


def _set(table: str, index: int, field: str, value: Any) -> Callable[[dict[str, Any]], None]:
    def change(document: dict[str, Any]) -> None:
        document[table][index][field] = value

    return change


def _drop(table: str, index: int, field: str) -> Callable[[dict[str, Any]], None]:
    def change(document: dict[str, Any]) -> None:
        del document[table][index][field]

    return change


MALFORMED: list[tuple[str, Any, str]] = [
    ("binary", b"\x89PNG\r\n\x1a\n\x00\x00", "not a JSON text file (byte 0x89 at offset 0 is not UTF-8)"),
    ("empty-list", [], "not a msgcompare-dataset document of version 1"),
    ("wrong-type", edit(_set("product", 0, "name", 5)), "product[0].name: Input should be a valid string, got 5"),
    ("bad-date", edit(_set("fact_revision", 2, "recorded_at", "yesterday")), "fact_revision[2].recorded_at: Value error, Invalid isoformat string: 'yesterday'"),
    ("unknown-status", edit(_set("fact_revision", 1, "status", "maybe")), "fact_revision[1].status: Input should be 'verified', 'unverified' or 'unknown', got 'maybe'"),
    ("missing-column", edit(_drop("edition", 0, "hosting")), "edition[0].hosting: Field required"),
    ("dangling-reference", edit(_set("edition", 0, "product_id", "pager-2000")), "edition[0].product_id: refers to product 'pager-2000', which is not in the document"),
]


@pytest.mark.parametrize(("case", "content", "message"), MALFORMED, ids=[c[0] for c in MALFORMED])
def test_each_malformed_import_is_one_line_and_writes_nothing(
    empty_app: Flask, exported: dict[str, Any], tmp_path: Path, case: str, content: Any, message: str
) -> None:
    path = tmp_path / f"{case}.json"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        document = content(exported) if callable(content) else content
        path.write_text(json.dumps(document), encoding="utf-8")

    result = empty_app.test_cli_runner().invoke(args=["data", "import", str(path)])

    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [f"Error: {path}: {message}"]
    with sessions_of(empty_app)() as session:
        assert session.scalar(select(func.count()).select_from(ProductRow)) == 0
