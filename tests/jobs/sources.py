"""Twenty watched documents served by a real local HTTP server, for the refresh-job tests."""

from __future__ import annotations

from pathlib import Path

import yaml

PRODUCTS = ("whatsapp-business-app", "signal", "threema-work", "wire")
DOCUMENTS_PER_PRODUCT = 5


def declare(root: Path, base_url: str) -> list[str]:
    """Write declarations for 4 × 5 documents at ``base_url``/docs/<product>/<n>; return their paths."""
    root.mkdir(parents=True, exist_ok=True)
    paths = []
    for product in PRODUCTS:
        documents = []
        for number in range(DOCUMENTS_PER_PRODUCT):
            path = f"/docs/{product}/{number}"
            paths.append(path)
            documents.append({
                "id": f"doc-{number}",
                "url": base_url.rstrip("/") + path,
                "type": "privacy-policy",
                "select": ["#content-wrapper"],
                "criteria": ["eu-storage", "encryption"],
            })
        (root / f"{product}.yaml").write_text(yaml.safe_dump({"product_id": product, "documents": documents}), encoding="utf-8")
    return paths


POLICY_PAGE = (
    b"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>Privacy</title></head><body>"
    b"<nav><a href='/'>Home</a></nav><div id='content-wrapper'><h1>Privacy policy</h1>"
    b"<p>We store your messages on servers in the European Union.</p>"
    b"<p>Messages are end-to-end encrypted; we cannot read them.</p></div></body></html>"
)
