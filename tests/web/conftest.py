"""Fixtures for the page tests: the lead's ``app``/``client`` (seeded SQLite copy) plus helpers."""

from __future__ import annotations

import re
from typing import Any

import pytest
from flask.testing import FlaskClient

PAGES = ["/", "/compare", "/products/whatsapp-business-app", "/criteria", "/sensitivity"]
JSON_TWINS = {
    "/": "/index.json",
    "/compare": "/compare.json",
    "/products/whatsapp-business-app": "/products/whatsapp-business-app.json",
    "/criteria": "/criteria.json",
    "/sensitivity": "/sensitivity.json",
}
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)


class Pages:
    """Small helpers over the test client, so tests read as what a reader does."""

    def __init__(self, client: FlaskClient) -> None:
        self.client = client

    def html(self, url: str, status: int = 200, **headers: str) -> str:
        response = self.client.get(url, headers=headers)
        assert response.status_code == status, (url, response.status_code, response.get_data(as_text=True)[:500])
        assert response.mimetype == "text/html"
        return response.get_data(as_text=True)

    def json(self, url: str, status: int = 200, **headers: str) -> dict[str, Any]:
        response = self.client.get(url, headers=headers)
        assert response.status_code == status, (url, response.status_code, response.get_data(as_text=True)[:500])
        assert response.mimetype == "application/json"
        document: dict[str, Any] = response.get_json()
        return document


@pytest.fixture
def pages(client: FlaskClient) -> Pages:
    """Helpers to fetch pages as HTML or JSON with status checks."""
    return Pages(client)
