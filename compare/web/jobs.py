"""The job status/result routes pages link to while waiting.

- ``GET /jobs/<id>.json``: ``{"id", "kind", "status": queued|running|done|failed, "error"}``;
- ``GET /jobs/<id>``: the finished bytes, or 202 with ``Retry-After`` while it is being made.

Job ids are random 128-bit values, as unguessable as the link that asked for the render.
"""

from __future__ import annotations

from flask import Blueprint, Flask, Response, current_app
from flask.typing import ResponseReturnValue
from werkzeug.exceptions import NotFound

from compare.jobs import renders
from compare.web.formats import json_response

bp = Blueprint("jobs", __name__, url_prefix="/jobs")


@bp.get("/<job_id>.json")
def job_status(job_id: str) -> ResponseReturnValue:
    """Where a render job stands."""
    job = renders.render_job(current_app, job_id)
    if job is None:
        raise NotFound()
    return json_response({"id": job.id, "kind": job.kind, "status": job.status.value, "error": job.error}, 200)


@bp.get("/<job_id>")
def job_result(job_id: str) -> ResponseReturnValue:
    """The finished bytes, or 202 while the job is queued or running."""
    job = renders.render_job(current_app, job_id)
    if job is None:
        raise NotFound()
    result = renders.render_result(current_app, job_id) if job.done else None
    if result is None:
        response = json_response({"id": job.id, "status": job.status.value, "error": job.error}, 500 if job.failed else 202)
        response.headers["Retry-After"] = "2"
        return response
    return Response(result.body, mimetype=result.media_type, headers={"Cache-Control": "private, max-age=300"})


def init_app(app: Flask) -> None:
    """Register the job routes (the report renders register in ``compare.web.reports``)."""
    app.register_blueprint(bp)
