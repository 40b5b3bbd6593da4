"""Bad links give a friendly 404 or 400 page, or one JSON error shape; never a 500."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient

from tests.web.conftest import Pages

NOT_FOUND = [
    "/products/no-such-product",
    "/products/no-such-product.json",
    "/?profile=no-such-profile",
    "/index.json?profile=no-such-profile",
    "/sensitivity?profile=nope",
    "/compare?products=element:self-hosted,no-such-thing",
    "/compare.json?products=nope,signal",
    "/no/such/page",
    "/no-such-page.json",
    "/assets/plotly-0000000000000000.min.js",
]

BAD_REQUESTS = [
    ("/?w.encryption=lots", "the weight must be a number"),
    ("/?w.encryption=-1", "the weight must be a number"),
    ("/?w.encryption=nan", "the weight must be a number"),
    ("/?w.encryption=1e999", "the weight must be a number"),
    ("/?w.no-such-criterion=1", "there is no criterion"),
    ("/?must.encryption=military-grade", "is not a level of this criterion"),
    ("/?must.no-such-criterion=x", "there is no criterion"),
    ("/?category=spaceship", "is not a category"),
    ("/?hosting=moon", "is not a hosting option"),
    ("/?eu=maybe", "use 1 for EU/EEA vendors only"),
    (
        "/?profile=core&w.processor-agreement=0&w.eu-storage=0&w.encryption=0&w.central-control=0&w.retention-management=0",
        "At least one weight must be above zero.",
    ),
    ("/sensitivity?w.encryption=x", "the weight must be a number"),
]
WRONG_COUNT = ["/compare?products=signal", "/compare?products=signal,wire,element,olvid,slack,webex"]


@pytest.mark.parametrize("url", NOT_FOUND)
def test_unknown_things_are_a_friendly_404(client: FlaskClient, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 404
    if url.endswith(".json") or ".json?" in url:
        document = response.get_json()
        assert document["ok"] is False
        assert document["status"] == 404
        assert document["error"] == document["errors"][0]
    else:
        html = response.get_data(as_text=True)
        assert "<h1>Not found</h1>" in html
        assert "Go to the overview" in html


@pytest.mark.parametrize(("url", "message"), BAD_REQUESTS)
def test_bad_parameters_are_a_400_that_names_the_problem(pages: Pages, url: str, message: str) -> None:
    html = pages.html(url, status=400)
    assert "Some parameters are not valid" in html
    assert message in html


@pytest.mark.parametrize(("url", "message"), BAD_REQUESTS)
def test_bad_parameters_in_json_use_the_error_shape(pages: Pages, url: str, message: str) -> None:
    document = pages.json(url, status=400, Accept="application/json")
    assert set(document) == {"ok", "status", "error", "errors"}
    assert document["ok"] is False
    assert document["status"] == 400
    assert any(message in error for error in document["errors"])


def test_every_bad_parameter_is_listed_at_once(pages: Pages) -> None:
    document = pages.json("/index.json?w.encryption=x&must.encryption=y&category=z", status=400)
    assert len(document["errors"]) == 3


def test_errors_escape_what_the_reader_typed(pages: Pages) -> None:
    html = pages.html("/?w.encryption=<script>alert(1)</script>", status=400)
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_wrong_method_is_a_405_page(client: FlaskClient) -> None:
    response = client.post("/")
    assert response.status_code == 405
    assert "This address does not accept that request" in response.get_data(as_text=True)
    assert "GET" in response.headers["Allow"]


def test_error_pages_are_translated(pages: Pages) -> None:
    html = pages.html("/products/nope?lang=nl", status=404)
    assert "<h1>Niet gevonden</h1>" in html
    assert "Er is geen product “nope”." in html


@pytest.mark.parametrize(
    "query",
    [
        "profile=",
        "w.encryption=",
        "w.=1",
        "must.=x",
        "must.encryption=",
        "must.encryption=none",
        "products=,,,",
        "eu=",
        "eu=1&eu=0",
        "lang=xx",
        "lang=",
        "utm_source=newsletter",
        "w.encryption=10&w.encryption=0",
        "products=element:self-hosted&products=element:self-hosted",
        "w.encryption=100",
        "%ff=%fe",
    ],
)
@pytest.mark.parametrize("path", ["/", "/compare", "/sensitivity", "/index.json", "/compare.json"])
def test_odd_parameters_never_cause_a_500(client: FlaskClient, path: str, query: str) -> None:
    response = client.get(f"{path}?{query}")
    assert response.status_code in (200, 400, 404), (path, query, response.status_code)


@pytest.mark.parametrize("url", WRONG_COUNT)
def test_a_comparison_of_one_or_six_products_is_a_400_in_json(pages: Pages, url: str) -> None:
    document = pages.json(url.replace("/compare?", "/compare.json?"), status=400)
    assert "Choose from 2 to 5" in document["error"]


@pytest.mark.parametrize(
    ("url", "shown", "message"),
    [
        ("/compare?products=signal", 2, "You chose one product; it is shown beside WhatsApp Business app."),
        ("/compare?products=signal,wire,element,olvid,slack,webex", 5, "side by side shows at most 5, so these are the first 5"),
    ],
)
def test_the_compare_page_explains_one_or_six_products_inline(pages: Pages, url: str, shown: int, message: str) -> None:
    html = pages.html(url)
    assert message in html
    assert html.count('<tr data-offer="') == shown
