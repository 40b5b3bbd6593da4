"""The render-job API: one job per kind, parameters and data version; results from the database."""

from __future__ import annotations

import shutil
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest
from flask import Flask, request

from compare.app import create_app
from compare.jobs import renders
from compare.store import queries
from compare.store.jobs import JobStatus
from compare.store.setup import sessions_of
from tests.jobs.conftest import StartWorker, environment, wait_for


def version_of(app: Flask) -> str:
    with sessions_of(app)() as session:
        return queries.data_version(session)


def test_the_same_render_on_the_same_data_is_one_job_rendered_once(app: Flask) -> None:
    calls: list[dict[str, Any]] = []

    def echo(_app: Flask, params: Mapping[str, Any]) -> renders.Rendered:
        calls.append(dict(params))
        return renders.Rendered(f"profile={request.args['profile']}".encode(), "text/plain")

    renders.register(app, "echo", echo)
    first = renders.request_render(app, "echo", {"profile": "core"}, version_of(app))
    again = renders.request_render(app, "echo", {"profile": "core"}, version_of(app))
    other = renders.request_render(app, "echo", {"profile": "healthcare"}, version_of(app))

    assert first.id == again.id != other.id
    assert first.status is JobStatus.DONE
    assert calls == [{"profile": "core"}, {"profile": "healthcare"}]
    result = renders.render_result(app, first.id)
    assert result == renders.Rendered(b"profile=core", "text/plain")


def test_a_failed_render_says_why_and_is_tried_again_when_asked_again(app: Flask) -> None:
    attempts: list[int] = []

    def flaky(_app: Flask, _params: Mapping[str, Any]) -> renders.Rendered:
        attempts.append(1)
        if len(attempts) == 1:
            raise RuntimeError("browser went away")
        return renders.Rendered(b"ok", "text/plain")

    renders.register(app, "flaky", flaky)
    failed = renders.request_render(app, "flaky", {}, "v1")
    assert failed.failed
    assert failed.error == "RuntimeError: browser went away"
    assert renders.render_result(app, failed.id) is None
    retried = renders.request_render(app, "flaky", {}, "v1")
    assert retried.id == failed.id
    assert retried.done


def test_an_unknown_kind_is_refused(app: Flask) -> None:
    with pytest.raises(renders.UnknownRenderKind):
        renders.request_render(app, "nothing", {}, "v1")


def test_job_routes_answer_202_while_queued_and_the_bytes_when_done(tmp_path: Path, seeded_sqlite_template: Path, start_worker: StartWorker) -> None:
    database = tmp_path / "app.sqlite3"
    shutil.copyfile(seeded_sqlite_template, database)
    queue_url = f"sqlite:///{tmp_path / 'queue.sqlite3'}"
    app = create_app({"TESTING": True, "DATABASE_URL": f"sqlite:///{database}", "QUEUE_URL": queue_url, "SECRET_KEY": "x"})
    client = app.test_client()

    job = renders.request_render(app, "report.html", {"profile": "core", "charts": "0"}, version_of(app))
    assert job.status is JobStatus.QUEUED
    waiting = client.get(f"/jobs/{job.id}")
    assert waiting.status_code == 202
    assert waiting.headers["Retry-After"]
    assert client.get(f"/jobs/{job.id}.json").get_json()["status"] == "queued"

    start_worker(environment(DATABASE_URL=f"sqlite:///{database}", MSGCOMPARE_QUEUE_URL=queue_url), "--concurrency", "1")
    wait_for(lambda: client.get(f"/jobs/{job.id}.json").get_json()["status"] == "done", message="the worker to render")
    done = client.get(f"/jobs/{job.id}")
    assert done.status_code == 200
    assert done.mimetype == "text/html"
    assert b"WhatsApp Business" in done.data
    assert client.get("/jobs/0123456789abcdef.json").status_code == 404
    app.extensions["msgcompare.engine"].dispose()


def test_a_starting_worker_runs_each_warmer_once_in_the_background_past_a_failing_one(app: Flask, tmp_path: Path) -> None:
    from compare.exports import report
    from criteria.register import default_register

    ran: list[str] = []

    def broken(_app: Flask) -> None:
        raise OSError("templates folder missing")

    def counted(_app: Flask) -> None:
        ran.append("counted")

    def unused(_app: Flask, _params: Mapping[str, Any]) -> renders.Rendered:
        return renders.Rendered(b"", "text/plain")

    renders.register(app, "first", unused, warm=broken)
    renders.register(app, "second", unused, warm=counted)
    renders.register(app, "third", unused, warm=counted)
    app.config["CHROMIUM_PATH"] = str(tmp_path / "no-chromium")  # this test is about the files, not the browser
    default_register.cache_clear()
    report.environment.cache_clear()

    renders.warm_worker(app).join(60)

    assert ran == ["counted"]
    assert default_register.cache_info().currsize == 1, "the report warmer read the risk register"
    assert len(report.environment().cache or {}) == 1, "the report warmer compiled the report template"
