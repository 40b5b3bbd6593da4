"""Contract tests of every /api/v1 endpoint on the seeded data: shapes, numbers and their evidence."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from flask import Flask
from flask.testing import FlaskClient

from compare.dataset import DATA_ROOT
from compare.facts import FactStatus
from criteria.model import Catalogue
from tests.api.conftest import Api, RecordFact, verified

WHATSAPP = "whatsapp-business-app"


def test_products_lists_every_product_with_its_editions(api: Api) -> None:
    document = api.get("/api/v1/products")
    assert document["ok"] is True
    assert document["count"] == len(document["products"]) == len(list(DATA_ROOT.glob("*.yaml")))
    by_id = {p["id"]: p for p in document["products"]}
    practical = by_id[WHATSAPP]["offers"][0].pop("practical")
    assert [topic["topic"] for topic in practical] == ["price", "free-tier", "platforms", "guest-access", "certification", "headquarters", "dutch-ui"]
    assert by_id[WHATSAPP]["offers"] == [
        {
            "offer": WHATSAPP,
            "edition": None,
            "label": "WhatsApp Business app",
            "hosting": None,
            "hosting_label": None,
        }
    ]
    rocket = by_id["rocket-chat"]
    assert len(rocket["offers"]) > 1
    assert all(o["offer"].startswith("rocket-chat:") for o in rocket["offers"])


def test_product_has_facts_with_evidence_history_and_the_articles_checklist(api: Api) -> None:
    document = api.get(f"/api/v1/products/{WHATSAPP}")
    assert document["product"]["id"] == WHATSAPP
    assert document["as_of"] is None
    assert document["data_date"] == "2026-12-07"
    facts = {c["id"]: c["facts"][0] for c in document["criteria"]}
    processor = facts["processor-agreement"]
    assert processor["status"] == "verified"
    assert processor["evidence"]["source_url"] == "https://www.whatsapp.com/legal/business-terms"
    assert processor["evidence"]["quote"].startswith("instruct the WhatsApp entity")
    assert processor["revisions"]
    assert processor["revisions"][0]["author"] == "seed"
    assert document["shortfalls"], "WhatsApp falls short of the best level somewhere"
    assert document["checklist"]["governance"]
    assert document["checklist"]["hardening"]


def test_product_as_of_before_any_fact_shows_every_fact_unknown(api: Api) -> None:
    document = api.get(f"/api/v1/products/{WHATSAPP}?as_of=2020-01-01")
    assert document["as_of"] == "2020-01-01"
    assert document["status_counts"]["verified"] == 0
    assert {f["status"] for c in document["criteria"] for f in c["facts"]} == {"unknown"}


def test_criteria_have_ordered_levels_profiles_risks_and_the_16_measures(
    api: Api, catalogue: Catalogue
) -> None:
    document = api.get("/api/v1/criteria?lang=nl")
    assert document["language"] == "nl"
    assert [c["id"] for c in document["criteria"]] == [c.id for c in catalogue.criteria]
    encryption = next(c for c in document["criteria"] if c["id"] == "encryption")
    assert encryption["title"] == catalogue.criterion("encryption").title.nl
    assert [m["kind"] for m in document["mitigations"]].count("governance") == 11
    assert [m["kind"] for m in document["mitigations"]].count("hardening") == 5
    assert all(m["criteria"] for m in document["mitigations"])
    single = api.get("/api/v1/criteria/encryption")
    assert single["criterion"]["id"] == "encryption"
    assert len(single["criterion"]["levels"]) == len(catalogue.criterion("encryption").levels)


def test_facts_carry_evidence_and_history_and_can_be_filtered(api: Api) -> None:
    document = api.get(f"/api/v1/facts?product={WHATSAPP}")
    assert document["count"] == len(document["facts"]) > 0
    for fact in document["facts"]:
        assert fact["product"] == WHATSAPP
        assert fact["history"], "every fact in force has at least its own revision"
        if fact["status"] == "verified":
            assert fact["evidence"]["quote"]
            assert fact["evidence"]["source_url"]
            assert fact["evidence"]["seen_on"]
    verified_only = api.get("/api/v1/facts?status=verified&criterion=encryption")
    assert verified_only["facts"]
    assert {f["status"] for f in verified_only["facts"]} == {"verified"}
    assert {f["criterion"] for f in verified_only["facts"]} == {"encryption"}
    everything = api.get("/api/v1/facts")
    assert everything["count"] > document["count"]


def test_facts_as_of_shows_the_revision_in_force_on_that_day(
    api: Api, record_fact: RecordFact
) -> None:
    record_fact(
        WHATSAPP,
        "encryption",
        recorded_at=datetime(2026, 12, 1, 12, tzinfo=UTC),
        **verified("transport-only", "Messages are encrypted in transit."),
    )
    url = f"/api/v1/facts?product={WHATSAPP}&criterion=encryption"
    now = api.get(url)["facts"][0]
    assert now["level"] == "transport-only"
    assert [h["level"] for h in now["history"]] == ["e2ee-default", "transport-only"]
    assert now["history"][-1]["author"] == "reviewer"
    before = api.get(url + "&as_of=2026-11-30")["facts"][0]
    assert before["level"] == "e2ee-default"
    assert [h["level"] for h in before["history"]] == ["e2ee-default"]


def test_profiles_and_one_profile(api: Api, catalogue: Catalogue) -> None:
    document = api.get("/api/v1/profiles")
    assert [p["id"] for p in document["profiles"]] == [p.id for p in catalogue.profiles]
    public = api.get("/api/v1/profiles/public-sector")["profile"]
    assert public["weights"]["processor-agreement"] == catalogue.profile("public-sector").weight(
        "processor-agreement"
    )
    assert public["must_haves"]
    assert public["adjusted"] is False


def test_scores_trace_every_number_to_a_fact_or_say_it_is_unknown(api: Api) -> None:
    document = api.get("/api/v1/scores?profile=public-sector")
    assert document["about"]["profile"] == "public-sector"
    assert "generated_at" not in document["about"], (
        "the same URL on the same data gives the same bytes"
    )
    rows = document["ranking"]
    assert [r["rank"] for r in rows] == sorted(r["rank"] for r in rows)
    for row in rows:
        parts = row["contributions"]
        assert sum(p["low"] for p in parts) == pytest.approx(row["score"]["low"], abs=1e-3)
        assert sum(p["high"] for p in parts) == pytest.approx(row["score"]["high"], abs=1e-3)
        for part in parts:
            if part["status"] == FactStatus.VERIFIED:
                assert part["fact"]["quote"]
                assert part["fact"]["source_url"]
                assert part["fact"]["source_date"]
                assert part["low"] == part["high"]
            else:
                assert part["level"] is None, "an unverified or unknown fact never fixes a level"
                assert part["fact"] is None or part["fact"]["status"] == part["status"]
    knocked = [r for r in rows if r["standing"] == "knocked-out"]
    assert knocked
    assert all(r["reasons"] for r in knocked)


def test_scores_with_custom_weights_and_must_haves_from_the_query(api: Api) -> None:
    base = api.get("/api/v1/scores?profile=core")
    custom = api.get(
        "/api/v1/scores?profile=core&w.encryption=0&w.hosting-control=5&must.processor-agreement=standard-dpa"
    )
    assert custom["profile"]["adjusted"] is True
    assert custom["profile"]["weights"]["encryption"] == 0
    assert custom["profile"]["weights"]["hosting-control"] == 5
    assert custom["profile"]["must_haves"] == [
        {"criterion": "processor-agreement", "minimum": "standard-dpa"}
    ]
    whatsapp = next(r for r in custom["ranking"] if r["offer"] == WHATSAPP)
    assert whatsapp["standing"] == "knocked-out"
    assert {p["criterion"] for p in whatsapp["contributions"]} >= {"hosting-control"}
    assert "encryption" not in {p["criterion"] for p in whatsapp["contributions"]}
    assert base["ranking"] != custom["ranking"]


def test_scores_restricted_to_chosen_products_rank_among_themselves(api: Api) -> None:
    document = api.get(f"/api/v1/scores?products=signal,{WHATSAPP},threema-work&lang=nl")
    offers = {r["offer"] for r in document["ranking"]}
    assert WHATSAPP in offers
    assert "signal" in offers
    assert all(o.startswith("threema-work:") for o in offers - {WHATSAPP, "signal"})
    assert sorted(r["rank"] for r in document["ranking"])[0] == 1
    assert document["about"]["language"] == "nl"
    assert document["about"]["offers"] == [r["offer"] for r in document["ranking"]]


def test_scores_by_post_with_a_json_body(client: FlaskClient) -> None:
    body = {
        "profile": "healthcare",
        "weights": {"cloud-backups": 9, "encryption": 0},
        "must_haves": [],
        "products": ["signal", WHATSAPP, "wire"],
        "lang": "nl",
    }
    response = client.post("/api/v1/scores", json=body)
    assert response.status_code == 200, response.get_data(as_text=True)
    document = response.get_json()
    assert document["profile"]["must_haves"] == []
    assert document["profile"]["weights"]["cloud-backups"] == 9
    assert document["about"]["language"] == "nl"
    assert "Access-Control-Allow-Origin" not in response.headers, "POST is for same-origin callers"
    assert response.headers["Cache-Control"] == "no-store"
    same_by_get = client.get(
        f"/api/v1/scores?profile=healthcare&w.cloud-backups=9&w.encryption=0&products=signal,{WHATSAPP},wire&lang=nl"
        + "".join(
            f"&must.{m}="
            for m in (
                "processor-agreement",
                "eu-storage",
                "encryption",
                "central-control",
                "retention-management",
                "vendor-data-use",
                "cloud-backups",
            )
        )
    )
    assert same_by_get.get_json()["ranking"] == document["ranking"]


def test_sensitivity_is_seeded_and_bounded(api: Api) -> None:
    url = "/api/v1/sensitivity?profile=public-sector&samples=500&seed=7"
    first, second = api.get(url), api.get(url)
    assert first["samples"] == 500
    assert first["seed"] == 7
    assert first["distributions"] == second["distributions"]
    for item in first["distributions"]:
        assert sum(item["probabilities"]) == pytest.approx(1.0)
    assert first["summary"]
    assert first["left_out"], "knocked-out offers are left out of the Monte Carlo"
    other_seed = api.get("/api/v1/sensitivity?profile=public-sector&samples=500&seed=8")
    assert other_seed["distributions"] != first["distributions"] or len(first["distributions"]) < 2


def test_openapi_describes_every_api_route(app: Flask, api: Api, catalogue: Catalogue) -> None:
    document = api.get("/api/v1/openapi.json")
    assert document["openapi"].startswith("3.1")
    routes = {
        rule.rule.removeprefix("/api/v1")
        for rule in app.url_map.iter_rules()
        if rule.endpoint.startswith("api.")
    }
    documented = {path.replace("{", "<").replace("}", ">") for path in document["paths"]}
    assert routes - {"/", "/openapi.json"} <= documented
    assert routes - {"/"} >= documented
    weights = {p for p in document["components"]["parameters"] if p.startswith("w.")}
    assert len(weights) == len(catalogue.criteria)


def test_reference_page_lists_every_operation(client: FlaskClient, api: Api) -> None:
    spec = api.get("/api/v1/openapi.json")
    response = client.get("/api/v1/?lang=nl")
    assert response.status_code == 200
    assert response.mimetype == "text/html"
    html = response.get_data(as_text=True)
    assert "API-referentie" in html
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            assert f'id="{operation["operationId"]}"' in html
            assert f"{method.upper()} /api/v1{path}" in html
