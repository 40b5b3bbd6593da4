"""Tables for queued work: render jobs with their result bytes, and refresh runs.

A render's result lives in the database, not on the disk of the worker that made it, so any
web server can hand it out. Jobs are keyed by what they render and the data version they
render from: asking twice for the same thing gives the same job.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from compare.store.base import Base, string_enum


class JobStatus(StrEnum):
    """Where a render job stands."""

    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


class RenderJobRow(Base):
    """One render (a report, an image…) of given parameters on a given data version."""

    __tablename__ = "render_job"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    key: Mapped[str] = mapped_column(String(64), unique=True)
    """sha256 of kind, parameters and data version: the same request finds the same job."""
    kind: Mapped[str] = mapped_column(String(64))
    params: Mapped[dict[str, Any]] = mapped_column(JSON)
    data_version: Mapped[str] = mapped_column(String(64))
    base_url: Mapped[str | None] = mapped_column(String(2000))
    status: Mapped[JobStatus] = mapped_column(string_enum(JobStatus, "job_status"))
    media_type: Mapped[str | None] = mapped_column(String(200))
    result: Mapped[bytes | None] = mapped_column(LargeBinary)
    error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime]
    started_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]


class RefreshRunRow(Base):
    """One refresh of a set of sources, by hand or on the schedule; its sources point at it."""

    __tablename__ = "refresh_run"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    """A random id, or ``scheduled-<minute>`` so two schedulers cannot start the same run."""
    trigger: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[datetime]
    sources: Mapped[int]
