"""The API tests' helpers (adding a fact revision) serve the export tests too."""

from __future__ import annotations

from tests.api.conftest import record_fact

__all__ = ["record_fact"]
