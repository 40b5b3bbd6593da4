"""The OpenAPI 3.1 document of ``/api/v1``, built from the catalogue and today's products.

Built, not hand-written: criterion ids, levels, profiles and offer ids come from the running data,
so the document lists exactly the values the API accepts today, and the contract tests
(schemathesis) exercise every one of them. Response schemas name the keys clients rely on and
allow additions, so adding a field to a presenter is not a breaking change.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from compare.facts import Category, FactStatus, Hosting, Offer
from compare.practical import PRICE_LIMITS, CertificationScheme, GuestAccess, PracticalTopic
from compare.presenters.paging import API_MAX_OFFSET, API_MAX_PAGE, API_PAGE
from compare.scoring.rank import Standing, Verdict
from compare.verdicts import ReasonKind, VerdictLevel
from compare.web.selection import MAX_SAMPLES, MAX_SEED, MIN_SAMPLES
from compare.web.weights import MAX_PRODUCT_IDS, MAX_WEIGHT, OFFER_ID, SEARCH_MAX, WEIGHT_PATTERN
from criteria.model import Catalogue

Schema = dict[str, Any]
SLUG = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
CONFIDENCES = ["high", "medium", "low"]


def ref(name: str) -> Schema:
    """A reference to a component schema."""
    return {"$ref": f"#/components/schemas/{name}"}


def nullable(schema: Schema) -> Schema:
    """``schema`` or null."""
    return {"anyOf": [schema, {"type": "null"}]}


def obj(properties: dict[str, Schema], *, closed: bool = False) -> Schema:
    """An object whose listed properties are all required; others allowed unless ``closed``."""
    return {
        "type": "object",
        "properties": properties,
        "required": list(properties),
        "additionalProperties": not closed,
    }


def array(items: Schema) -> Schema:
    """A list of ``items``."""
    return {"type": "array", "items": items}


STRING: Schema = {"type": "string"}
NUMBER: Schema = {"type": "number"}
INTEGER: Schema = {"type": "integer"}
BOOLEAN: Schema = {"type": "boolean"}
DATE: Schema = {"type": "string", "format": "date", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"}
TEXT_WITHOUT_NUL = "^[^\\u0000]*$"
"""Free text in a request: anything but NUL, which every route refuses (compare.web.edge)."""
NON_BLANK_TEXT = "^[^\\u0000]*[^\\s\\u0000][^\\u0000]*$"
STRINGS = array(STRING)
EVENT = obj({"date": STRING, "text": STRING})
TEXT = obj({"text": STRING, "language": {"enum": ["en", "nl"]}})


def schemas(catalogue: Catalogue) -> dict[str, Schema]:
    """The component schemas: the error shape and every document the API answers with."""
    statuses = {"enum": [s.value for s in FactStatus]}
    evidence = obj(
        {
            "quote": STRING,
            "source_url": STRING,
            "date": STRING,
            "source_date": nullable(STRING),
            "seen_on": DATE,
            "source_type": STRING,
            "seen_in": nullable(STRING),
            "checked_on": nullable(DATE),
            "checked_on_text": nullable(STRING),
            "checked": nullable(STRING),
        }
    )
    practical = array(
        obj(
            {
                "topic": {"enum": [t.value for t in PracticalTopic]},
                "title": STRING,
                "known": BOOLEAN,
                "items": array(
                    obj(
                        {
                            "status": statuses,
                            "status_label": STRING,
                            "trusted": BOOLEAN,
                            "edition": nullable(STRING),
                            "value": nullable(
                                {
                                    "type": "object",
                                    "description": (
                                        "Shaped by the topic: price {tier, amount, currency, billing, on_request}; free-tier "
                                        "{available, limits}; platforms {platforms}; guest-access {access, federation}; "
                                        "certification {scheme, name, scope, issued, valid_until}; headquarters {country, "
                                        "parent_company, parent_country, disclosure_laws}; dutch-ui {user, admin}."
                                    ),
                                }
                            ),
                            "text": nullable(STRING),
                            "explanation": nullable(TEXT),
                            "evidence": nullable(ref("Evidence")),
                            "non_eu_exposure": nullable(BOOLEAN),
                        }
                    )
                ),
            }
        )
    )
    fact_cell = obj(
        {
            "status": statuses,
            "status_label": STRING,
            "scores": BOOLEAN,
            "level": nullable(STRING),
            "level_label": nullable(STRING),
            "level_score": nullable(NUMBER),
            "confidence": nullable({"enum": CONFIDENCES}),
            "edition": nullable(STRING),
            "explanation": nullable(TEXT),
            "evidence": nullable(ref("Evidence")),
            "research_value": nullable(STRING),
            "revision": nullable(INTEGER),
        }
    )
    revision = obj(
        {
            "revision": nullable(INTEGER),
            "recorded_at": nullable(STRING),
            "recorded_on": nullable(STRING),
            "author": STRING,
            "reason": STRING,
            "status": statuses,
            "status_label": STRING,
            "level": nullable(STRING),
            "level_label": nullable(STRING),
        }
    )
    fact = {
        "allOf": [
            ref("FactCell"),
            obj(
                {
                    "product": STRING,
                    "criterion": {"enum": [c.id for c in catalogue.criteria]},
                    "criterion_title": STRING,
                    "recorded_at": nullable(STRING),
                    "author": STRING,
                    "reason": STRING,
                    "events": array(EVENT),
                    "history": array(ref("Revision")),
                }
            ),
        ]
    }
    offer = obj(
        {
            "offer": STRING,
            "edition": nullable(STRING),
            "label": STRING,
            "hosting": nullable({"enum": [h.value for h in Hosting]}),
            "hosting_label": nullable(STRING),
            "practical": ref("Practical"),
        }
    )
    product_summary = obj(
        {
            "id": STRING,
            "name": STRING,
            "full_name": STRING,
            "vendor_company": STRING,
            "jurisdiction": nullable(STRING),
            "jurisdiction_note": STRING,
            "eu": BOOLEAN,
            "website": STRING,
            "category": {"enum": [c.value for c in Category]},
            "category_label": STRING,
            "offers": array(offer),
        }
    )
    mitigation = obj(
        {
            "id": STRING,
            "kind": {"enum": ["governance", "hardening"]},
            "number": INTEGER,
            "title": STRING,
        }
    )
    product_detail = obj(
        {
            "as_of": nullable(DATE),
            "data_date": nullable(DATE),
            "language": {"enum": ["en", "nl"]},
            "product": obj({"id": STRING, "name": STRING, "category": STRING, "eu": BOOLEAN}),
            "offers": array(
                obj(
                    {
                        "offer": STRING,
                        "label": STRING,
                        "edition": nullable(STRING),
                        "hosting": STRING,
                        "practical": ref("Practical"),
                    }
                )
            ),
            "single_edition": BOOLEAN,
            "status_counts": obj({s.value: INTEGER for s in FactStatus}),
            "criteria": array(
                obj(
                    {
                        "id": STRING,
                        "title": STRING,
                        "facts": array(
                            {
                                "allOf": [
                                    ref("FactCell"),
                                    obj(
                                        {
                                            "applies_to": array(
                                                obj({"offer": STRING, "label": STRING})
                                            ),
                                            "shortfall": nullable(STRING),
                                            "revisions": array(ref("Revision")),
                                            "events": array(EVENT),
                                        }
                                    ),
                                ]
                            }
                        ),
                    }
                )
            ),
            "observations": array(
                obj({"topic": STRING, "value": STRING, "evidence": nullable(ref("Evidence"))})
            ),
            "shortfalls": array(
                obj(
                    {
                        "criterion": STRING,
                        "title": STRING,
                        "offers": array(obj({"offer": STRING, "label": STRING, "reason": STRING})),
                        "risks": STRINGS,
                        "gdpr": STRINGS,
                        "mitigations": STRINGS,
                    }
                )
            ),
            "checklist": obj(
                {
                    kind: array(
                        obj(
                            {
                                "id": STRING,
                                "number": INTEGER,
                                "title": STRING,
                                "criteria": array(obj({"id": STRING, "title": STRING})),
                            }
                        )
                    )
                    for kind in ("governance", "hardening")
                }
            ),
            "checklist_intro": nullable(STRING),
        }
    )
    level = obj({"id": STRING, "label": STRING, "score": NUMBER, "qualifies": STRING})
    criterion = obj(
        {
            "id": STRING,
            "core": BOOLEAN,
            "title": STRING,
            "description": STRING,
            "why": STRING,
            "gdpr": STRINGS,
            "default_weight": NUMBER,
            "risks": array(obj({"id": STRING, "title": STRING})),
            "levels": array(level),
            "mitigations": array(mitigation),
            "weights": {"type": "object", "additionalProperties": NUMBER},
            "must_haves": {"type": "object", "additionalProperties": STRING},
        }
    )
    profile = obj(
        {
            "id": STRING,
            "title": STRING,
            "description": STRING,
            "saved": BOOLEAN,
            "adjusted": BOOLEAN,
            "adjusted_label": nullable(STRING),
            "weights": {"type": "object", "additionalProperties": NUMBER},
            "must_haves": array(obj({"criterion": STRING, "minimum": STRING})),
            "guest_access": nullable({"enum": ["external-account", "without-account"]}),
            "criteria": array(
                obj(
                    {
                        "id": STRING,
                        "title": STRING,
                        "weight": NUMBER,
                        "default_weight": NUMBER,
                        "share": NUMBER,
                        "must_have": nullable(STRING),
                        "must_have_label": nullable(STRING),
                        "default_must_have": nullable(STRING),
                    }
                )
            ),
        }
    )
    about = obj(
        {
            "language": {"enum": ["en", "nl"]},
            "as_of": nullable(DATE),
            "data_date": nullable(DATE),
            "profile": STRING,
            "profile_adjusted": BOOLEAN,
            "offers": STRINGS,
        }
    )
    ranked_fact = obj(
        {
            "status": statuses,
            "level": nullable(STRING),
            "confidence": {"enum": CONFIDENCES},
            "edition": nullable(STRING),
            "explanation": nullable(STRING),
            "quote": nullable(STRING),
            "source_url": nullable(STRING),
            "source_date": nullable(STRING),
            "source_type": nullable(STRING),
            "revision": nullable(INTEGER),
        }
    )
    contribution = obj(
        {
            "criterion": STRING,
            "weight": NUMBER,
            "share": NUMBER,
            "level": nullable(STRING),
            "status": statuses,
            "low": NUMBER,
            "high": NUMBER,
            "fact": nullable(ranked_fact),
        }
    )
    score_row = obj(
        {
            "rank": INTEGER,
            "offer": STRING,
            "product": STRING,
            "edition": nullable(STRING),
            "label": STRING,
            "standing": {"enum": [s.value for s in Standing]},
            "standing_label": STRING,
            "score": obj({"low": NUMBER, "high": NUMBER}),
            "display": obj({"low": NUMBER, "high": NUMBER, "text": STRING}),
            "coverage": NUMBER,
            "reasons": STRINGS,
            "must_haves": array(
                obj(
                    {
                        "criterion": STRING,
                        "minimum": STRING,
                        "verdict": {"enum": [v.value for v in Verdict]},
                        "level": nullable(STRING),
                    }
                )
            ),
            "contributions": array(contribution),
            "verdict": ref("Verdict"),
            "is_reference": BOOLEAN,
            "versus_reference": nullable(ref("VersusReference")),
        }
    )
    verdict = obj(
        {
            "level": {
                "enum": [v.value for v in VerdictLevel],
                "description": (
                    "suitable: meets the GDPR baseline and the profile's must-haves on verified facts; "
                    "suitable_with_measures: usable with the measures named; undetermined: a decisive fact is "
                    "unknown or unverified (named in reasons); not_suitable: a baseline rule or must-have fails."
                ),
            },
            "label": STRING,
            "reasons": array(
                obj(
                    {
                        "kind": {"enum": [k.value for k in ReasonKind]},
                        "en": STRING,
                        "nl": STRING,
                        "criterion": nullable(STRING),
                        "gdpr": STRING,
                        "rule": nullable(STRING),
                    }
                )
            ),
            "measures": array(obj({"id": STRING, "kind": {"enum": ["governance", "hardening"]}, "number": INTEGER, "title": STRING})),
        }
    )
    points = obj({"low": NUMBER, "high": NUMBER})
    versus = obj(
        {
            "reference": STRING,
            "reference_label": STRING,
            "difference": points,
            "criteria": array(
                obj(
                    {
                        "criterion": STRING,
                        "title": STRING,
                        "reference_level": nullable(STRING),
                        "reference_level_label": nullable(STRING),
                        "reference_status": statuses,
                        "level": nullable(STRING),
                        "level_label": nullable(STRING),
                        "status": statuses,
                        "points": points,
                    }
                )
            ),
        }
    )
    threshold = obj(
        {
            "leader": STRING,
            "challenger": STRING,
            "challenger_label": STRING,
            "criterion": STRING,
            "title": STRING,
            "current_weight": NUMBER,
            "new_weight": NUMBER,
            "change": NUMBER,
            "sentence": STRING,
        }
    )
    distribution = obj(
        {
            "offer": STRING,
            "label": STRING,
            "first": NUMBER,
            "first_text": STRING,
            "top": NUMBER,
            "top_text": STRING,
            "interval": {"type": "array", "items": INTEGER, "minItems": 2, "maxItems": 2},
            "interval_text": STRING,
            "probabilities": array(NUMBER),
        }
    )
    ok = {"const": True}
    return {
        "Error": obj(
            {
                "ok": {"const": False},
                "status": {"type": "integer", "minimum": 400, "maximum": 599},
                "error": STRING,
                "errors": STRINGS,
            },
            closed=True,
        ),
        "Evidence": evidence,
        "Practical": practical,
        "FactCell": fact_cell,
        "Revision": revision,
        "Fact": fact,
        "Profile": profile,
        "About": about,
        "ScoreRow": score_row,
        "Verdict": verdict,
        "VersusReference": versus,
        "Products": obj(
            {
                "ok": ok,
                "language": {"enum": ["en", "nl"]},
                "count": INTEGER,
                "products": array(product_summary),
            }
        ),
        "Product": {"allOf": [obj({"ok": ok}), product_detail]},
        "Criteria": obj(
            {
                "ok": ok,
                "language": STRING,
                "criteria": array(criterion),
                "profiles": array(obj({"id": STRING, "title": STRING, "description": STRING})),
                "risks": array(obj({"id": STRING, "title": STRING})),
                "mitigations": array({"allOf": [mitigation, obj({"criteria": STRINGS})]}),
            }
        ),
        "Criterion": obj({"ok": ok, "language": STRING, "criterion": criterion}),
        "Facts": obj(
            {
                "ok": ok,
                "language": STRING,
                "as_of": nullable(DATE),
                "data_date": nullable(DATE),
                "count": INTEGER,
                "facts": array(ref("Fact")),
            }
        ),
        "Profiles": obj(
            {"ok": ok, "language": STRING, "count": INTEGER, "profiles": array(ref("Profile"))}
        ),
        "ProfileAnswer": obj({"ok": ok, "language": STRING, "profile": ref("Profile")}),
        "Scores": obj(
            {
                "ok": ok,
                "about": ref("About"),
                "profile": ref("Profile"),
                "reference": nullable(
                    obj(
                        {
                            "offer": STRING,
                            "label": STRING,
                            "verdict": ref("Verdict"),
                            "display": obj({"low": NUMBER, "high": NUMBER, "text": STRING}),
                        }
                    )
                ),
                "ranking": array(ref("ScoreRow")),
                "paging": obj(
                    {
                        "total": INTEGER,
                        "offset": INTEGER,
                        "limit": INTEGER,
                        "returned": INTEGER,
                        "next_offset": nullable(INTEGER),
                        "next": nullable(STRING),
                        "previous": nullable(STRING),
                    }
                ),
            }
        ),
        "Sensitivity": obj(
            {
                "ok": ok,
                "about": ref("About"),
                "profile": ref("Profile"),
                "samples": INTEGER,
                "samples_text": STRING,
                "seed": INTEGER,
                "concentration": NUMBER,
                "top": INTEGER,
                "summary": STRINGS,
                "distributions": array(distribution),
                "thresholds": array(threshold),
                "tornado": array(threshold),
                "left_out": STRINGS,
            }
        ),
        "ScoresRequest": {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                "profile": {
                    "type": "string",
                    "pattern": SLUG,
                    "description": "Base profile (default: the site's default).",
                },
                "weights": {
                    "type": "object",
                    "description": "Weights that replace the profile's, criterion by criterion (0 drops a criterion).",
                    "properties": {
                        c.id: {"type": "number", "minimum": 0, "maximum": MAX_WEIGHT}
                        for c in catalogue.criteria
                    },
                    "additionalProperties": False,
                },
                "must_haves": {
                    "type": "array",
                    "description": "Replace the profile's must-haves as a whole ([] removes them all).",
                    "items": {
                        "oneOf": [
                            {
                                "type": "object",
                                "additionalProperties": False,
                                "required": ["criterion", "minimum"],
                                "properties": {
                                    "criterion": {"const": c.id},
                                    "minimum": {"enum": [level.id for level in c.levels]},
                                },
                            }
                            for c in catalogue.criteria
                        ]
                    },
                },
                "products": {"type": "array", "items": STRING, "maxItems": MAX_PRODUCT_IDS},
                "category": {"enum": [c.value for c in Category]},
                "hosting": {"enum": [h.value for h in Hosting]},
                "eu": BOOLEAN,
                "q": {"type": "string", "maxLength": SEARCH_MAX, "pattern": NON_BLANK_TEXT},
                "verdict": {"enum": [v.value for v in VerdictLevel]},
                "price": {"enum": list(PRICE_LIMITS)},
                "cert": {"enum": [c.value for c in CertificationScheme]},
                "guest": {"enum": [g.value for g in GuestAccess]},
                "reference": {"type": "string", "pattern": f"^{OFFER_ID.pattern}$"},
                "as_of": DATE,
                "lang": {"enum": ["en", "nl"]},
                "limit": {"type": "integer", "minimum": 1, "maximum": API_MAX_PAGE},
                "offset": {"type": "integer", "minimum": 0, "maximum": API_MAX_OFFSET},
            },
        },
    }


def query(name: str, schema: Schema, description: str) -> Schema:
    """An optional query parameter."""
    return {
        "name": name,
        "in": "query",
        "required": False,
        "schema": schema,
        "description": description,
    }


def parameters(catalogue: Catalogue, offers: Iterable[Offer]) -> dict[str, Schema]:
    """Reusable parameters; weights and must-haves get one parameter per criterion."""
    ids = sorted({o.id for o in offers} | {o.product.id for o in offers})
    result: dict[str, Schema] = {
        "lang": query(
            "lang",
            {"enum": ["en", "nl"]},
            "Language of labels and sentences (default en). Quotes stay as researched.",
        ),
        "as_of": query(
            "as_of",
            DATE,
            "Use the facts as recorded by the end of this day (UTC), e.g. the day a report was made.",
        ),
        "profile": query(
            "profile",
            {"type": "string", "pattern": SLUG},
            "A built-in profile (see /profiles) or a saved custom one.",
        ),
        "products": {
            **query(
                "products",
                {"type": "array", "items": {"enum": ids}},
                "Offers (product:edition) or products (all editions); restricts the ranking to them.",
            ),
            "style": "form",
            "explode": False,
        },
        "category": query(
            "category", {"enum": [c.value for c in Category]}, "Only products of this category."
        ),
        "hosting": query(
            "hosting", {"enum": [h.value for h in Hosting]}, "Only offers with this hosting."
        ),
        "eu": query("eu", {"enum": ["0", "1"]}, "1: only vendors established in the EU/EEA."),
        "q": query(
            "q",
            {"type": "string", "maxLength": SEARCH_MAX, "pattern": TEXT_WITHOUT_NUL},
            "Only offers whose product, edition or vendor name contains every word.",
        ),
        "verdict": query(
            "verdict", {"enum": [v.value for v in VerdictLevel]}, "Only offers with this verdict (ranks are kept)."
        ),
        "price": query(
            "price",
            {"enum": list(PRICE_LIMITS)},
            "Only offers that are free for organisations, or whose verified list price per user per month is at most this "
            "(in the currency the vendor lists); an unknown price is left out.",
        ),
        "cert": query(
            "cert", {"enum": [c.value for c in CertificationScheme]}, "Only offers with a verified certificate of this scheme."
        ),
        "guest": query(
            "guest",
            {"enum": [g.value for g in GuestAccess]},
            "Only offers where external people take part at least this openly (without-account: customers need no "
            "account or app), on verified facts.",
        ),
        "reference": query(
            "reference",
            {"type": "string", "pattern": f"^{OFFER_ID.pattern}$"},
            "The offer being replaced (default whatsapp-business-app); every row says what it gains or loses against it.",
        ),
        "limit": query(
            "limit",
            {"type": "integer", "minimum": 1, "maximum": API_MAX_PAGE},
            f"Ranking rows in this answer (default {API_PAGE}); `paging` says how many there are and links the next page.",
        ),
        "offset": query(
            "offset",
            {"type": "integer", "minimum": 0, "maximum": API_MAX_OFFSET},
            "Ranking rows to skip (default 0); ranks stay those of the whole field.",
        ),
        "samples": query(
            "samples",
            {"type": "integer", "minimum": MIN_SAMPLES, "maximum": MAX_SAMPLES},
            "Number of sampled weightings.",
        ),
        "seed": query(
            "seed",
            {"type": "integer", "minimum": 0, "maximum": MAX_SEED},
            "Random seed (same seed, same figures).",
        ),
    }
    for criterion in catalogue.criteria:
        result[f"w.{criterion.id}"] = query(
            f"w.{criterion.id}",
            {"type": "string", "pattern": f"^{WEIGHT_PATTERN}$"},
            f"Weight of “{criterion.title.en}” (replaces the profile's): 0 to 100, at most six decimals, written without sign or exponent. At least one weight must stay above zero (else 400).",
        )
        result[f"must.{criterion.id}"] = query(
            f"must.{criterion.id}",
            {"enum": ["", *[level.id for level in criterion.levels]]},
            f"Minimum level for “{criterion.title.en}”; empty removes the profile's must-have.",
        )
    return result


def responses(schema: str, *, not_found: bool = False) -> dict[str, Schema]:
    """200 (with ETag/Cache-Control), 304, 400, optionally 404."""
    error = {"description": "Error", "content": {"application/json": {"schema": ref("Error")}}}
    result: dict[str, Schema] = {
        "200": {
            "description": "OK",
            "headers": {
                "ETag": {
                    "schema": STRING,
                    "description": "Strong validator (SHA-256 of the body); send it back in If-None-Match.",
                },
                "Cache-Control": {"schema": STRING},
            },
            "content": {"application/json": {"schema": ref(schema)}},
        },
        "304": {"description": "Not modified (If-None-Match matched the ETag)."},
        "400": {**error, "description": "A bad parameter; `errors` names each one."},
        "413": {**error, "description": "The request body is larger than 64 KiB."},
        "429": {**error, "description": "Too many requests from this address; wait for Retry-After seconds."},
    }
    if not_found:
        result["404"] = {**error, "description": "An unknown id."}
    return result


def path_id(name: str, values: Iterable[str], description: str) -> Schema:
    """A path parameter listing today's ids."""
    return {
        "name": name,
        "in": "path",
        "required": True,
        "schema": {"type": "string", "enum": sorted(values)},
        "description": description,
    }


def openapi_document(
    catalogue: Catalogue, offers: tuple[Offer, ...], server: str
) -> dict[str, Any]:
    """The whole OpenAPI 3.1 document for ``/api/v1`` on ``server``."""
    params = parameters(catalogue, offers)
    scope = ["lang", "as_of", "profile", "products", "category", "hosting", "eu", "q", "verdict", "price", "cert", "guest", "reference"]
    weights = [f"w.{c.id}" for c in catalogue.criteria] + [
        f"must.{c.id}" for c in catalogue.criteria
    ]

    def use(*names: str) -> list[Schema]:
        return [{"$ref": f"#/components/parameters/{name}"} for name in names]

    products = sorted({offer.product.id for offer in offers})
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "msgcompare API",
            "version": "1",
            "description": (
                "Evidence-backed facts on business messaging products, the criteria and profiles they are scored "
                "on, rankings for a profile or for your own weights, and how robust a ranking is. Every score comes "
                "with the facts behind it (quote, source, date) or says that a fact is unknown or unverified. "
                "Answers carry a strong ETag; send it in If-None-Match to get a 304. Any origin may GET (CORS). "
                'Errors: {"ok": false, "status", "error", "errors"}; unknown parameter names are a 400.'
            ),
            "license": {
                "name": "Facts: see each source; texts of vendor documents partly via Open Terms Archive (ODC-By 1.0)"
            },
        },
        "servers": [{"url": f"{server}/api/v1"}],
        "paths": {
            "/products": {
                "get": {
                    "operationId": "listProducts",
                    "summary": "Products and their editions",
                    "parameters": use("lang"),
                    "responses": responses("Products"),
                }
            },
            "/products/{product_id}": {
                "get": {
                    "operationId": "getProduct",
                    "summary": "One product: facts with evidence and revision history, observations, remaining risks and the article's checklist",
                    "parameters": [
                        path_id("product_id", products, "Product id."),
                        *use("lang", "as_of"),
                    ],
                    "responses": responses("Product", not_found=True),
                }
            },
            "/criteria": {
                "get": {
                    "operationId": "listCriteria",
                    "summary": "Criteria, levels, profiles, risks and measures",
                    "parameters": use("lang"),
                    "responses": responses("Criteria"),
                }
            },
            "/criteria/{criterion_id}": {
                "get": {
                    "operationId": "getCriterion",
                    "summary": "One criterion",
                    "parameters": [
                        path_id(
                            "criterion_id", [c.id for c in catalogue.criteria], "Criterion id."
                        ),
                        *use("lang"),
                    ],
                    "responses": responses("Criterion", not_found=True),
                }
            },
            "/facts": {
                "get": {
                    "operationId": "listFacts",
                    "summary": "The fact in force per product (edition) and criterion, with evidence and revisions",
                    "parameters": [
                        *use("lang", "as_of"),
                        query("product", {"type": "string", "pattern": SLUG}, "Only this product."),
                        query(
                            "criterion",
                            {"enum": [c.id for c in catalogue.criteria]},
                            "Only this criterion.",
                        ),
                        query(
                            "status",
                            {"enum": [s.value for s in FactStatus]},
                            "Only facts with this status.",
                        ),
                    ],
                    "responses": responses("Facts", not_found=True),
                }
            },
            "/profiles": {
                "get": {
                    "operationId": "listProfiles",
                    "summary": "Built-in weight profiles",
                    "parameters": use("lang"),
                    "responses": responses("Profiles"),
                }
            },
            "/profiles/{profile_id}": {
                "get": {
                    "operationId": "getProfile",
                    "summary": "A built-in or saved custom profile",
                    "parameters": [
                        {
                            "name": "profile_id",
                            "in": "path",
                            "required": True,
                            "schema": {"type": "string", "pattern": SLUG},
                        },
                        *use("lang"),
                    ],
                    "responses": responses("ProfileAnswer", not_found=True),
                }
            },
            "/scores": {
                "get": {
                    "operationId": "getScores",
                    "summary": "Ranking for a profile, optionally with your weights (w.<criterion>) and must-haves (must.<criterion>)",
                    "parameters": use(*scope, *weights, "limit", "offset"),
                    "responses": responses("Scores", not_found=True),
                },
                "post": {
                    "operationId": "postScores",
                    "summary": "Ranking for weights and must-haves sent as JSON (same-origin only)",
                    "requestBody": {
                        "required": True,
                        "content": {"application/json": {"schema": ref("ScoresRequest")}},
                    },
                    "responses": {
                        k: v for k, v in responses("Scores", not_found=True).items() if k != "304"
                    },
                },
            },
            "/sensitivity": {
                "get": {
                    "operationId": "getSensitivity",
                    "summary": "Rank probabilities over weightings drawn around the profile, and weight thresholds",
                    "parameters": use(*scope, *weights, "samples", "seed"),
                    "responses": responses("Sensitivity", not_found=True),
                }
            },
            "/openapi.json": {
                "get": {
                    "operationId": "getOpenAPI",
                    "summary": "This document",
                    "responses": {
                        "200": {
                            "description": "OK",
                            "content": {"application/json": {"schema": {"type": "object"}}},
                        },
                        "304": {"description": "Not modified."},
                        "400": {
                            "description": "A bad parameter.",
                            "content": {"application/json": {"schema": ref("Error")}},
                        },
                    },
                }
            },
        },
        "components": {"schemas": schemas(catalogue), "parameters": params},
    }
