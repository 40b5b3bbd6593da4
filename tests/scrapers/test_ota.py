"""Importing real Open Terms Archive declarations, and errors that point into their JSON."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from criteria.load import CatalogueError
from scrapers.declarations import DocumentType, RangeSelector
from scrapers.ota import import_ota
from tests.scrapers.vendor_site import CRITERION_IDS, OTA


def test_imports_every_fixture_declaration() -> None:
    for path in sorted(OTA.glob("*.json")):
        if path.name.endswith(".history.json"):
            continue
        result = import_ota(path, CRITERION_IDS)
        assert result.source.documents, path.name


def test_signal_ranges_and_mixed_selectors() -> None:
    result = import_ota(OTA / "Signal.json", CRITERION_IDS)
    assert result.source.product_id == "signal"
    terms, privacy = result.source.documents
    assert (terms.id, terms.type, terms.url) == (
        "terms-of-service",
        DocumentType.TERMS,
        "https://www.signal.org/legal/",
    )
    assert terms.select == (
        RangeSelector(startBefore="#terms-of-service", endBefore="#privacy-policy"),
        "#document p:nth-last-child(-n+2)",
    )
    assert privacy.select == (RangeSelector(startBefore="#privacy-policy", endAfter="#document"),)
    assert set(privacy.criteria) >= {"encryption", "eu-storage", "vendor-data-use"}


def test_telegram_combined_documents_and_skipped_types() -> None:
    result = import_ota(OTA / "Telegram.json", CRITERION_IDS, product_id="telegram")
    ids = [d.id for d in result.source.documents]
    assert ids[:3] == ["privacy-policy", "terms-of-service-1", "terms-of-service-2"]
    faq = result.source.document("terms-of-service-2")
    assert (faq.url, faq.select, faq.remove) == (
        "https://telegram.org/faq?setln=en",
        (".tl_page_container",),
        ("img", "video"),
    )
    law = result.source.document("law-enforcement-guidelines-2")
    assert law.remove == ("blockquote",)
    assert law.select == (
        RangeSelector(
            startBefore="[name=q-do-you-process-data-requests]", endBefore="[name=telegram-basics]"
        ),
    )
    assert "Imprint: no msgcompare document type for this OTA terms type" in result.skipped
    assert len(result.skipped) == 5


def test_whatsapp_history_keeps_old_selectors_with_their_end_dates() -> None:
    result = import_ota(OTA / "WhatsApp.json", CRITERION_IDS, product_id="whatsapp-business-app")
    assert result.skipped == (
        "Trackers Policy: no msgcompare document type for this OTA terms type",
    )
    privacy = [h for h in result.history if h.document.id == "privacy-policy"]
    assert [(h.document.url, h.document.select, h.valid_until.isoformat()) for h in privacy] == [
        (
            "https://www.whatsapp.com/legal/updates/privacy-policy-eea?lang=en",
            ("._2zry",),
            "2021-04-29T17:10:23+04:00",
        ),
        (
            "https://www.whatsapp.com/legal?eea=1",
            ("div._-pj:nth-child(4)",),
            "2020-10-23T15:31:00+00:00",
        ),
    ]


def test_features_we_do_not_run_become_warnings() -> None:
    result = import_ota(OTA / "Wire.json", CRITERION_IDS)
    assert len(result.warnings) == 3
    assert "terms.Privacy Policy: the page needs client-side scripts" in result.warnings[0]


def test_type_overrides_bring_in_skipped_types() -> None:
    result = import_ota(
        OTA / "WhatsApp.json",
        CRITERION_IDS,
        type_overrides={"Trackers Policy": DocumentType.PRIVACY_POLICY},
    )
    assert result.skipped == ()
    assert result.source.document("trackers-policy").url == "https://www.whatsapp.com/legal/cookies"


def broken(tmp_path: Path, change: Any, name: str = "Signal.json") -> CatalogueError:
    data = json.loads((OTA / name).read_text(encoding="utf-8"))
    change(data)
    path = tmp_path / name
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(CatalogueError) as caught:
        import_ota(path, CRITERION_IDS)
    assert caught.value.path == path
    return caught.value


def test_malformed_json_names_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "Olvid.json"
    path.write_text(
        (OTA / "Olvid.json").read_text(encoding="utf-8").replace('"select": [', '"select": [,', 1),
        encoding="utf-8",
    )
    with pytest.raises(CatalogueError) as caught:
        import_ota(path, CRITERION_IDS)
    assert caught.value.key == "line 6 column 18"
    assert caught.value.problem.startswith("not valid JSON")


def test_missing_fetch_names_the_terms_type(tmp_path: Path) -> None:
    error = broken(tmp_path, lambda d: d["terms"]["Privacy Policy"].pop("fetch"))
    assert (error.key, error.problem) == (
        "terms.Privacy Policy",
        "Value error, expected exactly one of fetch or combine",
    )


def test_bad_range_names_the_key(tmp_path: Path) -> None:
    error = broken(
        tmp_path, lambda d: d["terms"]["Privacy Policy"]["select"].update(endBefore="#x")
    )
    assert error.key == "terms.Privacy Policy.select[0].range"
    assert "exactly one of endBefore / endAfter" in error.problem


def test_unknown_key_names_the_key(tmp_path: Path) -> None:
    error = broken(tmp_path, lambda d: d["terms"]["Privacy Policy"].update(selector="#document"))
    assert error.key == "terms.Privacy Policy.selector"


def test_non_http_fetch_url_is_an_error(tmp_path: Path) -> None:
    error = broken(
        tmp_path, lambda d: d["terms"]["Privacy Policy"].update(fetch="ftp://signal.org/legal")
    )
    assert error.key == "terms.Privacy Policy.fetch"


def test_bad_history_date_names_the_entry(tmp_path: Path) -> None:
    for name in ("WhatsApp.json", "WhatsApp.history.json"):
        shutil.copy(OTA / name, tmp_path / name)
    history = tmp_path / "WhatsApp.history.json"
    data = json.loads(history.read_text(encoding="utf-8"))
    data["Privacy Policy"][1]["validUntil"] = "last autumn"
    history.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(CatalogueError) as caught:
        import_ota(tmp_path / "WhatsApp.json", CRITERION_IDS)
    assert (caught.value.path, caught.value.key) == (history, "Privacy Policy[1].validUntil")


def test_declaration_without_a_type_we_watch_is_an_error(tmp_path: Path) -> None:
    error = broken(tmp_path, lambda d: d.update(terms={"Imprint": d["terms"]["Privacy Policy"]}))
    assert error.key == "terms"


def test_terms_type_that_is_not_an_ota_type_is_an_error(tmp_path: Path) -> None:
    error = broken(
        tmp_path, lambda d: d["terms"].update({"Privacy policy": d["terms"]["Privacy Policy"]})
    )
    assert (error.key, error.problem) == (
        "terms.Privacy policy",
        "unknown OTA terms type 'Privacy policy'",
    )


def test_older_documents_key_is_accepted(tmp_path: Path) -> None:
    data = json.loads((OTA / "Olvid.json").read_text(encoding="utf-8"))
    path = tmp_path / "Olvid.json"
    path.write_text(
        json.dumps({"name": data["name"], "documents": data["terms"]}), encoding="utf-8"
    )
    assert [d.id for d in import_ota(path, CRITERION_IDS).source.documents] == [
        "terms-of-service",
        "privacy-policy",
    ]
