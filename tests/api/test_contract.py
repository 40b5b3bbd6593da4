"""Property-based contract test: schemathesis drives the WSGI app from its own OpenAPI document.

For every operation it generates valid requests (positive) and invalid ones (negative) and checks
that nothing answers with a server error and that every answer (status, content type, headers,
body) is what the document promises. Bounded to a few examples per operation and mode so the
suite stays quick; raise ``MAX_EXAMPLES`` locally to dig deeper.

Schemathesis' own ``parametrize`` loads the schema lazily through a pytest private attribute that
pytest 9 removed, so each operation runs here through its Hypothesis strategy instead.

One check is left out: "positive data acceptance" expects a 2xx for every request the document
allows, but some combinations are refused on purpose and cannot be written as JSON Schema (every
weight at zero, a date such as 2026-02-30 that matches the date format's shape). Those answers
are still checked: a documented 400 in the error shape.
"""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from flask import Flask
from hypothesis import HealthCheck, given, settings
from schemathesis.core.result import Ok
from schemathesis.generation.modes import GenerationMode
from schemathesis.specs.openapi.checks import positive_data_acceptance

PLAIN = {"Accept-Encoding": "identity"}

MAX_EXAMPLES = 12
OPERATIONS = [
    "listProducts",
    "getProduct",
    "listCriteria",
    "getCriterion",
    "listFacts",
    "listProfiles",
    "getProfile",
    "getScores",
    "postScores",
    "getSensitivity",
]


def test_every_operation_is_exercised(app: Flask) -> None:
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    ids = {
        operation.definition.raw["operationId"]
        for operation in (
            result.ok() for result in schema.get_all_operations() if isinstance(result, Ok)
        )
    }
    assert ids == set(OPERATIONS), (
        "schemathesis leaves out the operation that serves the document itself"
    )


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
@pytest.mark.parametrize("operation_id", OPERATIONS)
def test_the_api_keeps_its_openapi_contract(
    app: Flask, operation_id: str, mode: GenerationMode
) -> None:
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    operation = schema.find_operation_by_id(operation_id)

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(
        max_examples=MAX_EXAMPLES,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        database=None,
    )
    def check(case: Any) -> None:
        # The WSGI transport hands bodies over as sent: ask for them uncompressed.
        case.call_and_validate(headers=PLAIN, excluded_checks=[positive_data_acceptance])

    check()
