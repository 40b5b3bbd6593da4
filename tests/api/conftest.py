"""Helpers for the API tests: JSON GETs with status checks, and a way to add a fact revision."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from compare.facts import Confidence, Evidence, Fact, FactStatus
from compare.store import queries
from compare.store.session import transaction
from compare.store.setup import sessions_of

ERROR_KEYS = {"ok", "status", "error", "errors"}


class Api:
    """The API as a client sees it."""

    def __init__(self, client: FlaskClient) -> None:
        self.client = client

    def get(self, url: str, status: int = 200, **headers: str) -> dict[str, Any]:
        response = self.client.get(url, headers=headers)
        assert response.status_code == status, (
            url,
            response.status_code,
            response.get_data(as_text=True)[:600],
        )
        assert response.mimetype == "application/json"
        document: dict[str, Any] = response.get_json()
        return document

    def error(self, url: str, status: int, method: str = "GET", **kwargs: Any) -> dict[str, Any]:
        """An error answer, checked against the one error shape."""
        response = self.client.open(url, method=method, **kwargs)
        assert response.status_code == status, (
            url,
            response.status_code,
            response.get_data(as_text=True)[:600],
        )
        assert response.mimetype == "application/json"
        document: dict[str, Any] = response.get_json()
        assert set(document) == ERROR_KEYS
        assert document["ok"] is False
        assert document["status"] == status
        assert isinstance(document["error"], str)
        assert document["error"]
        assert document["errors"]
        assert all(isinstance(e, str) for e in document["errors"])
        assert document["error"] == document["errors"][0]
        return document


@pytest.fixture
def api(client: FlaskClient) -> Api:
    """The API through the test client."""
    return Api(client)


RecordFact = Callable[..., Fact]


@pytest.fixture
def record_fact(app: Flask) -> RecordFact:
    """Append a revision to a seeded fact (as a reviewer would), with the changes given."""

    def record(
        product_id: str, criterion_id: str, *, recorded_at: datetime | None = None, **changes: Any
    ) -> Fact:
        with transaction(sessions_of(app)) as session:
            current = next(
                f
                for f in queries.current_facts(session)
                if f.product_id == product_id
                and f.criterion_id == criterion_id
                and f.edition_id is None
            )
            fact = dataclasses.replace(current, **changes)
            queries.record_revision(
                session,
                fact,
                author="reviewer",
                reason="test revision",
                recorded_at=recorded_at or datetime.now(UTC),
            )
        return fact

    return record


def evidence(
    quote: str, url: str = "https://example.org/terms", seen_on: date = date(2026, 11, 25)
) -> Evidence:
    """Evidence with a given quote."""
    return Evidence(quote=quote, source_url=url, seen_on=seen_on, source_type="vendor")


def verified(level: str, quote: str, url: str = "https://example.org/terms") -> dict[str, Any]:
    """The changes that make a fact verified at ``level`` with ``quote``."""
    return {
        "status": FactStatus.VERIFIED,
        "level_id": level,
        "evidence": evidence(quote, url),
        "confidence": Confidence.HIGH,
    }
