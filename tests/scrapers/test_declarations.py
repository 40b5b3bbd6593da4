"""Source declarations: the seeded files load, and every mistake names the file and the key."""

from __future__ import annotations

from pathlib import Path

import pytest

from criteria.load import CatalogueError
from scrapers.declarations import (
    DocumentType,
    RangeSelector,
    declaration_hash,
    load_source,
    load_sources,
)
from tests.scrapers.vendor_site import CRITERION_IDS

VALID = """\
product_id: example-chat
documents:
  - id: privacy-policy
    url: https://example-chat.example/legal/privacy
    type: privacy-policy
    select: ['#content-wrapper', {startBefore: '#privacy', endAfter: '#document'}]
    remove: "[href='#top-of-page']"
    criteria: [eu-storage, encryption]
  - id: dpa
    url: https://example-chat.example/legal/dpa
    type: processor-agreement
    criteria: [processor-agreement]
    edition: cloud
"""


def write(tmp_path: Path, text: str, name: str = "example-chat.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def error_for(tmp_path: Path, text: str, name: str = "example-chat.yaml") -> CatalogueError:
    path = write(tmp_path, text, name)
    with pytest.raises(CatalogueError) as caught:
        load_source(path, CRITERION_IDS)
    assert caught.value.path == path
    return caught.value


def test_every_seeded_source_loads() -> None:
    sources = load_sources(CRITERION_IDS)
    assert len(sources) == 17
    assert {s.product_id for s in sources} >= {
        "whatsapp-business-app",
        "signal",
        "telegram",
        "wire",
        "olvid",
        "threema-work",
    }
    whatsapp = next(s for s in sources if s.product_id == "whatsapp-business-app")
    privacy = whatsapp.document("privacy-policy")
    assert (privacy.type, privacy.select, privacy.remove) == (
        DocumentType.PRIVACY_POLICY,
        ("#content-wrapper",),
        ("[href='#top-of-page']", "img"),
    )
    for source in sources:
        for document in source.documents:
            assert document.url.startswith(("http://", "https://"))


def test_seeded_files_record_where_their_selectors_came_from() -> None:
    root = Path(__file__).resolve().parents[2] / "scrapers" / "sources"
    for path in sorted(root.glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        assert text.count("  # selectors: ") == text.count("  - id: "), path.name


def test_valid_file_loads_with_ranges_and_single_selectors(tmp_path: Path) -> None:
    source = load_source(write(tmp_path, VALID), CRITERION_IDS)
    privacy = source.document("privacy-policy")
    assert privacy.select == (
        "#content-wrapper",
        RangeSelector(startBefore="#privacy", endAfter="#document"),
    )
    assert privacy.remove == ("[href='#top-of-page']",)
    assert source.document("dpa").edition == "cloud"
    with pytest.raises(KeyError, match="declares no document 'terms'"):
        source.document("terms")


def test_broken_yaml_names_the_file_and_line(tmp_path: Path) -> None:
    error = error_for(
        tmp_path, VALID.replace("    type: privacy-policy", "    type: [privacy-policy")
    )
    assert error.key == "line 6"
    assert "not valid YAML" in error.problem


def test_unknown_criterion_is_an_error(tmp_path: Path) -> None:
    error = error_for(
        tmp_path, VALID.replace("[eu-storage, encryption]", "[eu-storage, end-to-end]")
    )
    assert error.key == "documents[0].criteria[1]"
    assert error.problem.startswith("unknown criterion 'end-to-end'")


def test_unknown_type_is_an_error(tmp_path: Path) -> None:
    error = error_for(tmp_path, VALID.replace("type: processor-agreement", "type: blog-post"))
    assert error.key == "documents[1].type"
    assert "'privacy-policy'" in error.problem


def test_invalid_css_selector_is_an_error(tmp_path: Path) -> None:
    error = error_for(tmp_path, VALID.replace("'#content-wrapper'", "'#content-wrapper[['"))
    assert error.key == "documents[0].select[0].css"
    assert "invalid CSS selector '#content-wrapper[['" in error.problem


def test_range_needs_one_start_and_one_end(tmp_path: Path) -> None:
    error = error_for(tmp_path, VALID.replace("endAfter: '#document'", "startAfter: '#document'"))
    assert error.key == "documents[0].select[1].range"
    assert "exactly one of startBefore / startAfter" in error.problem


def test_selector_of_the_wrong_shape_is_an_error(tmp_path: Path) -> None:
    error = error_for(tmp_path, VALID.replace("remove: \"[href='#top-of-page']\"", "remove: [42]"))
    assert error.key == "documents[0].remove[0]"
    assert error.problem.startswith("expected a CSS selector or a range")


def test_non_http_url_is_an_error(tmp_path: Path) -> None:
    error = error_for(
        tmp_path, VALID.replace("https://example-chat.example/legal/dpa", "file:///etc/passwd")
    )
    assert error.key == "documents[1].url"


def test_unknown_key_is_an_error(tmp_path: Path) -> None:
    error = error_for(tmp_path, VALID.replace("    edition: cloud", "    editon: cloud"))
    assert error.key == "documents[1].editon"


def test_product_id_must_match_the_file_name(tmp_path: Path) -> None:
    error = error_for(tmp_path, VALID, name="other-chat.yaml")
    assert error.key == "product_id"


def test_duplicate_document_ids_are_an_error(tmp_path: Path) -> None:
    error = error_for(tmp_path, VALID.replace("  - id: dpa", "  - id: privacy-policy"))
    assert (error.key, error.problem) == (
        "documents[1].id",
        "document 'privacy-policy' is declared twice",
    )


def test_empty_folder_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(CatalogueError, match="no source declaration files found"):
        load_sources(CRITERION_IDS, tmp_path)


def test_declaration_hash_changes_only_with_the_selectors(tmp_path: Path) -> None:
    document = load_source(write(tmp_path, VALID), CRITERION_IDS).document("privacy-policy")
    same = document.model_copy(
        update={"url": "https://example-chat.example/privacy", "criteria": ("encryption",)}
    )
    reworded = document.model_copy(update={"remove": ("[href='#top-of-page']", ".cookie-banner")})
    assert declaration_hash(document) == declaration_hash(same)
    assert declaration_hash(document) != declaration_hash(reworded)
    # Pinned: a different hash for the same selectors would mark every version "technical".
    assert (
        declaration_hash(document)
        == "38cc23fa118171925fd0ca1dcab743f2f106c111a58a3472e672bc47698b9aa1"
    )
