"""Helpers for the report tests: wait for a rendered file (202 until ready) and read it back."""

from __future__ import annotations

import io
import re
import time

from flask.testing import FlaskClient
from pypdf import PdfReader
from werkzeug.test import TestResponse

GIVE_UP_AFTER = 300.0
"""A guard against a hung worker, not a speed requirement (speed is measured in bench/report.py)."""


def fetch(client: FlaskClient, url: str, **headers: str) -> TestResponse:
    """GET ``url`` until the render worker has made it: every 202 must say where to ask again."""
    deadline = time.monotonic() + GIVE_UP_AFTER
    while True:
        response = client.get(url, headers=headers)
        if response.status_code != 202:
            return response
        location = response.headers["Location"]
        assert location.startswith(url.split("?", 1)[0]), location
        assert time.monotonic() < deadline, f"{url} was never rendered"
        time.sleep(0.2)


def pdf_pages(client: FlaskClient, url: str) -> list[str]:
    """The text of each page of the PDF at ``url``, whitespace folded."""
    response = fetch(client, url)
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    assert response.mimetype == "application/pdf"
    reader = PdfReader(io.BytesIO(response.get_data()))
    return [re.sub(r"\s+", " ", page.extract_text()) for page in reader.pages]
