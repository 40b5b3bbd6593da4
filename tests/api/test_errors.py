"""One error shape for every way an API call can fail, and never a server error for bad input."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient

from tests.api.conftest import Api

BAD_PARAMETERS = [
    ("/api/v1/products?foo=1", "foo"),
    ("/api/v1/products?lang=de", "lang"),
    ("/api/v1/facts?as_of=2026-02-30", "as_of"),
    ("/api/v1/facts?as_of=yesterday", "as_of"),
    ("/api/v1/facts?status=maybe", "status"),
    ("/api/v1/scores?w.encryption=-1", "w.encryption"),
    ("/api/v1/scores?w.encryption=1e999", "w.encryption"),
    ("/api/v1/scores?w.encryption=nan", "w.encryption"),
    ("/api/v1/scores?w.unknown-criterion=1", "w.unknown-criterion"),
    ("/api/v1/scores?must.encryption=perfect", "must.encryption"),
    ("/api/v1/scores?profle=core", "profle"),
    ("/api/v1/scores?category=spaceship", "category"),
    ("/api/v1/scores?eu=perhaps", "eu"),
    ("/api/v1/sensitivity?samples=5", "samples"),
    ("/api/v1/sensitivity?samples=1000000", "samples"),
    ("/api/v1/sensitivity?seed=-1", "seed"),
    ("/api/v1/sensitivity?samples=ten", "samples"),
]


@pytest.mark.parametrize(("url", "parameter"), BAD_PARAMETERS)
def test_a_bad_parameter_is_a_400_naming_it(api: Api, url: str, parameter: str) -> None:
    document = api.error(url, 400)
    assert any(f"“{parameter}”" in error for error in document["errors"]), document


def test_every_bad_weight_is_listed_at_once(api: Api) -> None:
    document = api.error("/api/v1/scores?w.encryption=x&w.eu-storage=-3", 400)
    assert len(document["errors"]) == 2


def test_all_weights_zero_is_a_400(api: Api) -> None:
    zero = "&".join(
        f"w.{c}=0"
        for c in (
            "processor-agreement",
            "eu-storage",
            "encryption",
            "central-control",
            "retention-management",
        )
    )
    api.error(f"/api/v1/scores?profile=core&{zero}", 400)


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/products/nope",
        "/api/v1/criteria/nope",
        "/api/v1/profiles/nope",
        "/api/v1/facts?product=nope",
        "/api/v1/facts?criterion=nope",
        "/api/v1/scores?profile=nope",
        "/api/v1/scores?products=signal,nope",
        "/api/v1/sensitivity?products=nope",
        "/api/v1/nothing-here",
        "/api/v1/products/whatsapp-business-app/extra",
    ],
)
def test_an_unknown_id_or_address_is_a_404(api: Api, url: str) -> None:
    api.error(url, 404)


@pytest.mark.parametrize(
    ("method", "url"),
    [("DELETE", "/api/v1/products"), ("PUT", "/api/v1/scores"), ("POST", "/api/v1/facts")],
)
def test_a_wrong_method_is_a_405_with_allow(
    client: FlaskClient, api: Api, method: str, url: str
) -> None:
    api.error(url, 405, method=method)
    response = client.open(url, method=method)
    assert "GET" in response.headers["Allow"]


@pytest.mark.parametrize(
    ("body", "content_type", "named"),
    [
        ("not json", "text/plain", None),
        ("[1, 2]", "application/json", None),
        ('{"weights": {"encryption": "high"}}', "application/json", "weights.encryption"),
        ('{"weights": {"encryption": true}}', "application/json", "weights.encryption"),
        ('{"weights": {"encryption": 101}}', "application/json", "weights.encryption"),
        ('{"weights": {"nope": 1}}', "application/json", "weights.nope"),
        ('{"weights": [1]}', "application/json", "weights"),
        ('{"must_haves": [{"criterion": "encryption"}]}', "application/json", "must_haves[0]"),
        (
            '{"must_haves": [{"criterion": "encryption", "minimum": "best"}]}',
            "application/json",
            "must_haves[0].minimum",
        ),
        ('{"must_haves": {"encryption": "e2ee-default"}}', "application/json", "must_haves"),
        ('{"products": "signal"}', "application/json", "products"),
        ('{"eu": "yes"}', "application/json", "eu"),
        ('{"profile": 3}', "application/json", "profile"),
        ('{"colour": "blue"}', "application/json", "colour"),
    ],
)
def test_a_bad_post_body_is_a_400_naming_the_key(
    api: Api, body: str, content_type: str, named: str | None
) -> None:
    document = api.error("/api/v1/scores", 400, method="POST", data=body, content_type=content_type)
    if named is not None:
        assert any(f"“{named}”" in error for error in document["errors"]), document


def test_post_with_query_parameters_is_a_400(api: Api) -> None:
    api.error("/api/v1/scores?profile=core", 400, method="POST", json={})


def test_errors_are_json_whatever_the_client_accepts_and_in_the_asked_language(api: Api) -> None:
    document = api.error("/api/v1/products/nope?lang=nl", 404, headers={"Accept": "text/html"})
    assert document["error"] == "Er is geen product “nope”."
    api.error("/api/v1/nothing", 404, headers={"Accept": "text/html", "Accept-Language": "nl"})


def test_errors_are_not_cached_and_get_errors_are_readable_cross_origin(
    client: FlaskClient,
) -> None:
    response = client.get("/api/v1/products/nope")
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    routing = client.get("/api/v1/nowhere")
    assert routing.headers["Access-Control-Allow-Origin"] == "*"


def test_the_sites_own_pages_keep_their_error_pages(client: FlaskClient) -> None:
    response = client.get("/no-such-page", headers={"Accept": "text/html"})
    assert response.status_code == 404
    assert response.mimetype == "text/html"
