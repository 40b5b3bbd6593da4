"""The answer in the API: a verdict per row, and what each offer gains or loses against the reference."""

from __future__ import annotations

from decimal import Decimal

import pytest
from flask.testing import FlaskClient

from tests.api.conftest import Api

WHATSAPP = "whatsapp-business-app"
PROFILES = ["core", "public-sector", "healthcare", "sme-customer-contact"]
LEVELS = {"suitable", "suitable_with_measures", "undetermined", "not_suitable"}


def tenths(value: float) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.1"))


@pytest.mark.parametrize("profile", PROFILES)
def test_every_row_has_a_verdict_with_reasons_and_points_that_add_up_against_the_reference(api: Api, profile: str) -> None:
    document = api.get(f"/api/v1/scores?profile={profile}")
    reference = next(row for row in document["ranking"] if row["is_reference"])

    assert reference["offer"] == WHATSAPP
    assert document["reference"]["offer"] == WHATSAPP
    for row in document["ranking"]:
        verdict = row["verdict"]
        assert verdict["level"] in LEVELS
        assert verdict["reasons"], row["offer"]
        for reason in verdict["reasons"]:
            assert reason["en"]
            assert reason["nl"]
            assert reason["gdpr"].startswith("Art.") or ";" in reason["gdpr"]
        versus = row["versus_reference"]
        assert versus["reference"] == WHATSAPP
        for end in ("low", "high"):
            printed = tenths(row["display"][end]) - tenths(reference["display"][end])
            assert sum(tenths(c["points"][end]) for c in versus["criteria"]) == printed, (row["offer"], end)
            assert tenths(versus["difference"][end]) == printed
        assert {c["criterion"] for c in versus["criteria"]} == {c["criterion"] for c in row["contributions"]}


@pytest.mark.parametrize("profile", PROFILES)
def test_whatsapp_business_app_is_never_suitable(api: Api, profile: str) -> None:
    rows = api.get(f"/api/v1/scores?profile={profile}")["ranking"]

    app = next(row for row in rows if row["offer"] == WHATSAPP)
    assert app["verdict"]["level"] == "not_suitable"
    assert any(r["gdpr"].startswith("Art. 28") for r in app["verdict"]["reasons"])


def test_undetermined_names_the_fact_and_measures_name_the_articles_topics(api: Api) -> None:
    rows = {row["offer"]: row for row in api.get("/api/v1/scores?profile=core")["ranking"]}

    undetermined = [row for row in rows.values() if row["verdict"]["level"] == "undetermined"]
    assert undetermined
    for row in undetermined:
        assert any(r["kind"] == "unknown" and r["criterion"] for r in row["verdict"]["reasons"])
    measured = [row for row in rows.values() if row["verdict"]["level"] == "suitable_with_measures"]
    assert measured
    assert all(row["verdict"]["measures"] for row in measured)
    assert {m["kind"] for row in measured for m in row["verdict"]["measures"]} <= {"governance", "hardening"}


def test_another_reference_is_scored_even_when_filters_hide_it(api: Api) -> None:
    document = api.get("/api/v1/scores?reference=signal&hosting=self-hosted")

    assert document["reference"]["offer"] == "signal"
    assert all(row["offer"] != "signal" for row in document["ranking"])
    assert all(row["versus_reference"]["reference"] == "signal" for row in document["ranking"])
    assert not any(row["is_reference"] for row in document["ranking"])


def test_post_carries_the_same_verdicts_as_get(client: FlaskClient) -> None:
    posted = client.post("/api/v1/scores", json={"profile": "healthcare", "reference": "signal"}).get_json()
    got = client.get("/api/v1/scores?profile=healthcare&reference=signal").get_json()

    assert [r["verdict"] for r in posted["ranking"]] == [r["verdict"] for r in got["ranking"]]
    assert posted["ranking"][0]["versus_reference"]["reference"] == "signal"


def test_unknown_reference_is_404_and_a_malformed_one_400(api: Api) -> None:
    assert "nope" in api.error("/api/v1/scores?reference=nope", 404)["error"]
    assert "wire:cloud" in api.error("/api/v1/scores?reference=wire", 404)["error"], "names the editions to choose"
    assert "reference" in api.error("/api/v1/scores?reference=Not%20an%20id", 400)["error"]


def test_verdict_filter_keeps_ranks_and_shows_only_that_verdict(api: Api) -> None:
    everything = api.get("/api/v1/scores")["ranking"]
    suitable = api.get("/api/v1/scores?verdict=suitable_with_measures")["ranking"]

    assert {r["verdict"]["level"] for r in suitable} == {"suitable_with_measures"}
    ranks = {r["offer"]: r["rank"] for r in everything}
    assert all(ranks[r["offer"]] == r["rank"] for r in suitable)
    assert "verdict" in api.error("/api/v1/scores?verdict=great", 400)["error"]


def test_openapi_lists_the_verdict_levels_and_the_reference_parameter(api: Api) -> None:
    spec = api.get("/api/v1/openapi.json")

    levels = spec["components"]["schemas"]["Verdict"]["properties"]["level"]["enum"]
    assert set(levels) == LEVELS
    assert "reference" in spec["components"]["parameters"]
    row = spec["components"]["schemas"]["ScoreRow"]
    assert {"verdict", "versus_reference", "is_reference"} <= set(row["required"])
