"""``msgcompare sources import-ota`` on the real Open Terms Archive declarations in tests/fixtures."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import Result
from flask import Flask
from flask.testing import FlaskCliRunner

from scrapers.declarations import load_source
from tests.scrapers.vendor_site import CRITERION_IDS, OTA


def run(app: Flask, *args: str) -> Result:
    runner: FlaskCliRunner = app.test_cli_runner()
    return runner.invoke(args=list(args))


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """An empty sources folder but for a hand-written Signal file with a comment to keep."""
    folder = tmp_path / "sources"
    folder.mkdir()
    (folder / "signal.yaml").write_text(
        "# Hand-written: keep this comment.\nproduct_id: signal\ndocuments:\n"
        "  - id: privacy-policy\n    url: 'https://www.signal.org/legal/'\n    type: privacy-policy\n"
        "    select: [{startBefore: '#privacy-policy', endAfter: '#document'}]\n"
        "    criteria: [encryption]\n",
        encoding="utf-8",
    )
    return folder


def test_dry_run_lists_additions_and_writes_nothing(app: Flask, root: Path) -> None:
    before = sorted(p.name for p in root.iterdir())
    result = run(
        app, "sources", "import-ota", str(OTA / "WhatsApp.json"),
        "--product", "whatsapp-business-app", "--root", str(root), "--dry-run",
    )
    assert result.exit_code == 0, result.output
    assert (
        "add     whatsapp-business-app/privacy-policy: privacy-policy "
        "https://www.whatsapp.com/legal/updates/privacy-policy-eea?lang=en" in result.output
    )
    assert "add     whatsapp-business-app/terms-of-service" in result.output
    assert "skipped" in result.output
    assert "Trackers Policy" in result.output
    assert "history whatsapp-business-app/privacy-policy: earlier selectors valid until" in result.output
    assert "Dry run: 2 documents would be added; nothing written." in result.output
    assert sorted(p.name for p in root.iterdir()) == before


def test_import_writes_a_loadable_file_and_reimport_adds_nothing(app: Flask, root: Path) -> None:
    args = ("sources", "import-ota", str(OTA / "WhatsApp.json"), "--product", "whatsapp-business-app", "--root", str(root))
    first = run(app, *args)
    assert first.exit_code == 0, first.output
    source = load_source(root / "whatsapp-business-app.yaml", CRITERION_IDS)
    assert [d.id for d in source.documents] == ["terms-of-service", "privacy-policy"]
    assert source.document("privacy-policy").select == ("#content-wrapper",)
    assert "imported from Open Terms Archive (WhatsApp.json: terms.Privacy Policy)" in (
        root / "whatsapp-business-app.yaml"
    ).read_text(encoding="utf-8")
    # The selectors of .history.json stay beside the document, for re-extracting old snapshots.
    assert (
        "# OTA history: until 2021-04-29T17:10:23+04:00 "
        "https://www.whatsapp.com/legal/updates/privacy-policy-eea?lang=en select ['._2zry']"
    ) in (root / "whatsapp-business-app.yaml").read_text(encoding="utf-8")

    written = (root / "whatsapp-business-app.yaml").read_text(encoding="utf-8")
    second = run(app, *args)
    assert second.exit_code == 0, second.output
    assert "add " not in second.output
    assert "exists  whatsapp-business-app/privacy-policy: already declared" in second.output
    assert (root / "whatsapp-business-app.yaml").read_text(encoding="utf-8") == written


def test_folder_import_appends_to_existing_files_without_duplicates(app: Flask, root: Path, tmp_path: Path) -> None:
    mapping = tmp_path / "mapping.yaml"
    mapping.write_text(yaml.safe_dump({"WhatsApp": "whatsapp-business-app"}), encoding="utf-8")
    folder = tmp_path / "ota"
    shutil.copytree(OTA, folder)
    result = run(app, "sources", "import-ota", str(folder), "--mapping", str(mapping), "--root", str(root))
    # Wire's pages need client-side scripts: refused, so the command exits 1 but imports the rest.
    assert result.exit_code == 1, result.output
    assert "exists  signal/privacy-policy: already declared" in result.output
    signal = (root / "signal.yaml").read_text(encoding="utf-8")
    assert signal.startswith("# Hand-written: keep this comment.\n")
    ids = [d.id for d in load_source(root / "signal.yaml", CRITERION_IDS).documents]
    assert ids == ["privacy-policy", "terms-of-service"]
    assert {p.stem for p in root.glob("*.yaml")} == {"signal", "whatsapp-business-app", "olvid", "telegram"}

    again = run(app, "sources", "import-ota", str(folder), "--mapping", str(mapping), "--root", str(root))
    assert "add " not in again.output
    assert [d.id for d in load_source(root / "signal.yaml", CRITERION_IDS).documents] == ids


def test_declaration_with_scripts_is_refused_with_the_reason(app: Flask, root: Path) -> None:
    result = run(app, "sources", "import-ota", str(OTA / "Wire.json"), "--root", str(root))
    assert result.exit_code == 1
    assert "terms.Privacy Policy: refused: executeClientScripts is set" in result.output
    assert "msgcompare fetches plain HTML" in result.output
    assert not (root / "wire.yaml").exists()


def test_unsupported_css_selector_refuses_the_file_and_names_the_key(app: Flask, root: Path, tmp_path: Path) -> None:
    """A jQuery-only pseudo-class (``:visible``) is not CSS; nothing of that file is imported."""
    broken = tmp_path / "Olvid.json"
    broken.write_text(
        (OTA / "Olvid.json").read_text(encoding="utf-8").replace(".col-12", ".col-12:visible", 1),
        encoding="utf-8",
    )
    result = run(app, "sources", "import-ota", str(broken), "--root", str(root))
    assert result.exit_code == 1
    assert "terms.Terms of Service" in result.output
    assert ":visible" in result.output
    assert "(the whole file is refused)" in result.output
    assert not (root / "olvid.yaml").exists()


def test_unknown_product_is_refused_and_product_for_a_folder_is_an_error(app: Flask, root: Path) -> None:
    unknown = run(app, "sources", "import-ota", str(OTA / "WhatsApp.json"), "--root", str(root))
    assert unknown.exit_code == 1
    assert "maps to product 'whatsapp', which is not in data/products" in unknown.output
    folder = run(app, "sources", "import-ota", str(OTA), "--product", "signal", "--root", str(root))
    assert folder.exit_code == 1
    assert "--product maps one service" in folder.output
