"""Build realistic vendor pages from the real policy texts in tests/fixtures/scrapers.

Vendors' legal pages are never just the text: they carry navigation, a cookie banner, "back to
top" links, footers, inline and external scripts, tracking pixels, and sometimes an old charset.
These helpers wrap the archived Markdown (rendered to HTML) in that clutter, so the extractor is
tested on what it will really meet.
"""

from __future__ import annotations

from pathlib import Path

from markdown_it import MarkdownIt

from scrapers.declarations import DocumentDeclaration

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "scrapers"
POLICIES = FIXTURES / "policies"
OTA = FIXTURES / "ota-declarations"

_MARKDOWN = MarkdownIt("commonmark").enable("table")

# The criteria model's levels, worst first (the catalogue is loaded by compare; scrapers only
# needs ids, and these tests must not depend on the catalogue files being complete).
LEVELS: dict[str, tuple[str, ...]] = {
    "processor-agreement": ("none", "terms-only", "standard-dpa", "negotiable-dpa", "not-needed"),
    "eu-storage": ("us-or-global", "eu-option", "adequate-country", "eu-only", "customer-chosen"),
    "encryption": ("none", "transport-only", "e2ee-optional", "e2ee-default"),
    "central-control": ("none", "basic", "full"),
    "retention-management": ("none", "per-chat-timer", "org-policy", "org-policy-with-export"),
    "vendor-data-use": (
        "advertising-or-sharing",
        "own-business-purposes",
        "limited-telemetry",
        "no-secondary-use",
    ),
    "forwarding-controls": ("none", "partial", "managed"),
    "cloud-backups": (
        "consumer-cloud-unencrypted",
        "consumer-cloud-e2ee",
        "vendor-managed",
        "no-chat-backup",
        "organisation-controlled",
    ),
    "account-security": ("none", "two-factor", "sso-and-policies"),
    "metadata-minimisation": ("extensive", "moderate", "minimal"),
    "openness-audits": ("closed-unaudited", "open-or-audited", "open-and-audited"),
    "hosting-control": (
        "vendor-cloud",
        "vendor-cloud-customer-keys",
        "partner-hosted",
        "self-hosted",
    ),
    "operations": (
        "own-staff",
        "hosting-partner",
        "vendor-operated",
    ),
}
CRITERION_IDS = frozenset(LEVELS)


def declaration(
    url: str, select: list[object] | None = None, remove: list[object] | None = None
) -> DocumentDeclaration:
    """A privacy-policy declaration for ``url`` with the given selectors."""
    return DocumentDeclaration.model_validate(
        {
            "id": "privacy-policy",
            "url": url,
            "type": "privacy-policy",
            "select": ["#content-wrapper"] if select is None else select,
            "remove": ["[href='#top-of-page']"] if remove is None else remove,
            "criteria": sorted(CRITERION_IDS),
        }
    )


def policy(path: str) -> str:
    """The Markdown of one archived document, e.g. ``telegram/privacy-policy/2024-09-27.md``."""
    return (POLICIES / path).read_text(encoding="utf-8")


def render(markdown: str) -> str:
    """Markdown → HTML body, as the vendor's CMS would have produced it."""
    return _MARKDOWN.render(markdown)


def vendor_page(
    markdown: str,
    *,
    vendor: str = "Example Messenger",
    encoding: str = "utf-8",
    meta_charset: bool = True,
    container: str = '<div id="content-wrapper"><article class="legal-text">{body}</article></div>',
) -> bytes:
    """A full page around the document, encoded in ``encoding``.

    Characters the encoding lacks become numeric character references, as a CMS would emit.
    """
    meta = f'<meta charset="{encoding}">' if meta_charset else ""
    body = container.format(body=render(markdown) + '<p><a href="#top-of-page">Back to top</a></p>')
    page = f"""<!DOCTYPE html>
<html lang="en"><head>{meta}
<title>{vendor} – Legal</title>
<style>body {{ font-family: sans-serif }} .cookie-banner {{ position: fixed }}</style>
<script>window.dataLayer = window.dataLayer || []; dataLayer.push({{"event": "pageview"}});</script>
</head>
<body>
<a id="top-of-page"></a>
<header class="site-header"><nav aria-label="Main"><ul>
  <li><a href="/">Home</a></li><li><a href="/download">Download</a></li>
  <li><a href="/features">Features</a></li><li><a href="/legal">Legal</a></li>
</ul></nav></header>
<div class="cookie-banner" role="dialog" aria-label="Cookie consent">
  <p>We use cookies to understand how you use our site and to improve your experience.</p>
  <button>Accept all</button> <button>Reject non-essential</button>
</div>
{body}
<footer class="site-footer"><p>© 2024 {vendor}. All rights reserved.</p>
<ul><li><a href="/legal/privacy">Privacy</a></li><li><a href="/legal/terms">Terms</a></li></ul></footer>
<script src="/static/app.7f3a.js"></script>
<script>trackPageview("legal");</script>
<noscript><img src="/pixel.gif?noscript=1" alt=""></noscript>
</body></html>"""
    return page.encode(encoding, errors="xmlcharrefreplace")


RESTYLED = """
<main class="page page--legal">
  <div class="grid">
    <div class="grid__col grid__col--wide" id="content-wrapper">
      <section   class="prose  prose--large" data-version="2">
        {body}
      </section>
    </div>
  </div>
</main>"""
"""The same document after a site redesign: new wrappers, classes and indentation, same words."""
