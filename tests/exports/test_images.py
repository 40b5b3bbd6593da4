"""Static chart images, rendered for real by plotly.js in Debian's chromium: valid, sized, labelled.

The app runs render jobs in the caller (``memory://``), so each image is drawn by the test
process's shared browser; tests/rendering covers the worker processes."""

from __future__ import annotations

import re
import struct
import time
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from compare.app import create_app
from compare.exports.images import ImageSize

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height from the PNG's IHDR chunk (the first chunk, by the format's rule)."""
    assert data[:8] == PNG_SIGNATURE
    length, kind = struct.unpack(">I4s", data[8:16])
    assert kind == b"IHDR"
    assert length == 13
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def svg_size(text: str) -> tuple[int, int]:
    """Width and height attributes of the root <svg> element."""
    root = re.search(r"<svg\b[^>]*>", text)
    assert root, text[:200]
    width = re.search(r'\swidth="(\d+)"', root.group(0))
    height = re.search(r'\sheight="(\d+)"', root.group(0))
    assert width, root.group(0)
    assert height, root.group(0)
    return int(width.group(1)), int(height.group(1))


@pytest.mark.parametrize(
    ("chart", "query", "size"),
    [
        ("ranking", "width=800&height=500", (800, 500)),
        ("matrix", "width=640&height=480&scale=2", (1280, 960)),
        ("radar", "products=signal,wire:cloud,threema-work:cloud&width=700&height=700", (700, 700)),
        ("sensitivity", "profile=public-sector&width=900&height=400", (900, 400)),
        ("tornado", "width=300&height=200", (300, 200)),
    ],
)
def test_png_is_a_valid_image_of_the_asked_size(
    client: FlaskClient, chart: str, query: str, size: tuple[int, int]
) -> None:
    response = client.get(f"/export/{chart}.png?{query}")
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    assert response.mimetype == "image/png"
    assert png_size(response.get_data()) == size
    assert response.headers["Content-Disposition"].startswith(
        f'inline; filename="msgcompare-{chart}-'
    )


def test_svg_is_an_svg_of_the_asked_size_with_dutch_labels(client: FlaskClient) -> None:
    response = client.get("/export/ranking.svg?width=1200&height=700&lang=nl&profile=healthcare")
    assert response.status_code == 200
    assert response.mimetype == "image/svg+xml"
    text = response.get_data(as_text=True)
    assert svg_size(text) == (1200, 700)
    assert "Rangorde: gegarandeerde score en open bereik" in text
    assert "Profiel:" in text
    assert "gegevens van 2026-12-07" in text
    english = client.get("/export/ranking.svg?profile=healthcare&lang=en").get_data(as_text=True)
    assert "Ranking: guaranteed score and open range" in english
    assert "data as of 2026-12-07" in english


def test_the_height_defaults_to_the_charts_own(client: FlaskClient) -> None:
    few = png_size(client.get("/export/ranking.png?products=signal,wire").get_data())
    many = png_size(client.get("/export/ranking.png").get_data())
    assert few[0] == many[0] == 1000
    assert many[1] > few[1]


def test_a_repeated_request_is_answered_304_before_rendering(client: FlaskClient) -> None:
    first = client.get("/export/tornado.svg?width=400&height=300")
    etag = first.headers["ETag"]
    assert etag.startswith('W/"')
    again = client.get("/export/tornado.svg?width=400&height=300", headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert (
        client.get(
            "/export/tornado.svg?width=401&height=300", headers={"If-None-Match": etag}
        ).status_code
        == 200
    )


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/export/ranking.png?width=10", 400),
        ("/export/ranking.png?width=99999", 400),
        ("/export/ranking.png?height=abc", 400),
        ("/export/ranking.png?scale=9", 400),
        ("/export/ranking.png?width=3000&height=3000&scale=2", 400),
        ("/export/pie.png", 404),
        ("/export/ranking.gif", 404),
        ("/export/radar.png?products=signal", 400),
        ("/export/radar.svg?products=signal,wire,element,slack,telegram,webex,olvid", 400),
        ("/export/ranking.png?products=nope", 404),
    ],
)
def test_bad_image_requests_are_refused_before_rendering(
    client: FlaskClient, url: str, status: int
) -> None:
    response = client.get(url, headers={"Accept": "application/json"})
    assert response.status_code == status
    assert response.get_json()["ok"] is False


def test_without_a_browser_images_are_a_503_at_once_and_nothing_hangs(
    tmp_path: Path, app: Flask
) -> None:
    broken = create_app(
        {
            "TESTING": True,
            "DATABASE_URL": app.config["DATABASE_URL"],
            "SECRET_KEY": "x",
            "CHROMIUM_PATH": str(tmp_path / "no-chromium"),
        }
    )
    started = time.monotonic()
    response = broken.test_client().get(
        "/export/ranking.png", headers={"Accept": "application/json"}
    )
    assert response.status_code == 503
    assert response.get_json()["status"] == 503
    assert time.monotonic() - started < 5
    broken.extensions["msgcompare.engine"].dispose()


def test_image_sizes_are_bounded() -> None:
    with pytest.raises(ValueError, match="width"):
        ImageSize(width=5000)
    with pytest.raises(ValueError, match="scale"):
        ImageSize(scale=0)
