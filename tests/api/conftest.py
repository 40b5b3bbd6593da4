"""Helpers for the API tests: JSON GETs with status checks, and a way to add a fact revision."""

from __future__ import annotations

from typing import Any

import pytest
from flask.testing import FlaskClient

from tests.conftest import RecordFact, evidence, record_fact, verified  # noqa: F401 (re-exported for the API tests)

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

