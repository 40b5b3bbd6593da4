"""The data audit behind ``criteria check --coverage`` and ``--strict``.

Coverage says how much of the matrix a ranking actually rests on; the strict checks list facts a
second reader must look at again: quotes that mention nothing the criterion is about, sources
off the vendor's own domains that do not say they are third-party, facts not re-read for a year,
one quote used to support two different levels, and a product-wide fact that every edition
overrides with one of its own (it applies to no offer, so what it says is never shown).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from urllib.parse import urlsplit

from compare.facts import Evidence, Fact, Offer, Product
from compare.practical import PracticalFact
from criteria.key_terms import Terms
from criteria.model import Catalogue

CORE_TARGET = 95.0
SCORED_TARGET = 75.0
FLOOR = 60.0
STALE_AFTER = timedelta(days=365)
THIRD_PARTY = "third_party"


@dataclass(frozen=True)
class CoverageRow:
    """One criterion's share of offer cells whose fact is verified, against its target.

    ``open`` holds the offers whose cell is not verified (no fact, or one that does not score),
    in the order given: the cells a researcher still has to fill.
    """

    criterion_id: str
    core: bool
    scored: bool
    cells: int
    open: tuple[Offer, ...]

    @property
    def verified(self) -> int:
        """Cells with a verified fact."""
        return self.cells - len(self.open)

    @property
    def percent(self) -> float:
        """Verified cells as a percentage (0 when there are no offers)."""
        return 100.0 * self.verified / self.cells if self.cells else 0.0

    @property
    def target(self) -> float:
        """95 % for the core criteria, 75 % for other scored ones, else the 60 % floor."""
        return CORE_TARGET if self.core else SCORED_TARGET if self.scored else FLOOR

    @property
    def passed(self) -> bool:
        """Whether the target (and so the floor) is met."""
        return self.percent >= self.target


def coverage(catalogue: Catalogue, offers: tuple[Offer, ...]) -> tuple[CoverageRow, ...]:
    """Per criterion, how many offers have a verified fact for it and which do not, in catalogue order."""
    weighted = {c for p in catalogue.profiles for c, w in p.weights.items() if w > 0}
    rows = []
    for criterion in catalogue.criteria:
        unverified = tuple(offer for offer in offers if (f := offer.facts.get(criterion.id)) is None or not f.scores)
        scored = criterion.id in weighted or criterion.default_weight > 0
        rows.append(CoverageRow(criterion.id, criterion.core, scored, len(offers), unverified))
    return tuple(rows)


@dataclass(frozen=True)
class Finding:
    """One thing a second reader must look at: which check, which fact, and why."""

    check: str
    where: str
    problem: str


def _host_on(url: str, domains: tuple[str, ...]) -> bool:
    parts = urlsplit(url)
    host = (parts.hostname or "").lower().removeprefix("www.")
    path = parts.path.lower()
    for entry in domains:
        domain, _, account = entry.lower().partition("/")
        if not (host == domain or host.endswith(f".{domain}")):
            continue
        # "github.com/nextcloud" covers that account's pages only, never the whole shared host.
        if not account or path == f"/{account}" or path.startswith(f"/{account}/"):
            return True
    return False


def _evidence_findings(where: str, evidence: Evidence, product: Product, today: date) -> list[Finding]:
    findings = []
    if evidence.source_type != THIRD_PARTY and not _host_on(evidence.source_url, product.domains):
        known = ", ".join(product.domains) or "none declared"
        findings.append(
            Finding("domain", where, f"{evidence.source_url} is not on the vendor's domains ({known}) and source_type is not {THIRD_PARTY}")
        )
    last_read = evidence.checked_on or evidence.seen_on
    if today - last_read > STALE_AFTER:
        findings.append(Finding("stale", where, f"last read {last_read.isoformat()}, more than 12 months ago, without a re-check"))
    return findings


def _where(fact: Fact) -> str:
    return "/".join(part or "*" for part in fact.key)


def _normalised(quote: str) -> str:
    return " ".join(quote.replace("’", "'").casefold().split())


def shadowed_findings(products: Mapping[str, Product], facts: tuple[Fact, ...]) -> list[Finding]:
    """Product-wide facts that no offer uses, because each edition has a fact of its own."""
    own = {(f.product_id, f.edition_id, f.criterion_id) for f in facts if f.edition_id is not None}
    findings = []
    for fact in facts:
        editions = products[fact.product_id].editions
        if fact.edition_id is None and editions and all((fact.product_id, e.id, fact.criterion_id) in own for e in editions):
            findings.append(
                Finding("shadowed", _where(fact), "every edition has a fact of its own, so this product-wide fact applies to no offer: remove it or fold it into them")
            )
    return findings


def strict_findings(
    products: tuple[Product, ...],
    facts: tuple[Fact, ...],
    practical: tuple[PracticalFact, ...],
    key_terms: Mapping[str, Terms],
    today: date,
) -> tuple[Finding, ...]:
    """Every strict-audit finding over the facts that score and the trusted practical facts."""
    by_id = {p.id: p for p in products}
    findings: list[Finding] = []
    levels_by_quote: dict[tuple[str, str], dict[str, list[str]]] = {}
    findings.extend(shadowed_findings(by_id, facts))
    for fact in facts:
        if not fact.scores or fact.evidence is None or fact.level_id is None:
            continue
        where = _where(fact)
        terms = key_terms.get(fact.criterion_id)
        if terms is not None and not terms.found_in(fact.evidence.quote):
            findings.append(Finding("key-terms", where, f"quote mentions none of the key terms of {fact.criterion_id}"))
        findings.extend(_evidence_findings(where, fact.evidence, by_id[fact.product_id], today))
        group = levels_by_quote.setdefault((fact.criterion_id, _normalised(fact.evidence.quote)), {})
        group.setdefault(fact.level_id, []).append(where)
    for (criterion_id, _quote), levels in levels_by_quote.items():
        if len(levels) > 1:
            places = "; ".join(f"{level}: {', '.join(wheres)}" for level, wheres in sorted(levels.items()))
            findings.append(Finding("same-quote", criterion_id, f"one quote supports different levels ({places})"))
    for item in practical:
        if item.trusted and item.evidence is not None:
            where = f"{item.product_id}/{item.edition_id or '*'}/{item.topic.value}"
            findings.extend(_evidence_findings(where, item.evidence, by_id[item.product_id], today))
    return tuple(findings)


def coverage_lines(rows: tuple[CoverageRow, ...]) -> list[str]:
    """The coverage table as printed by ``criteria check --coverage``: one line per criterion."""
    lines = [f"{'criterion':<24} {'kind':<7} {'verified':>9} {'cells':>6} {'%':>6} {'target':>7}  result"]
    for row in rows:
        kind = "core" if row.core else "scored" if row.scored else "other"
        lines.append(
            f"{row.criterion_id:<24} {kind:<7} {row.verified:>9} {row.cells:>6} {row.percent:>6.1f} {row.target:>6.0f}%  {'pass' if row.passed else 'FAIL'}"
        )
    failed = sum(1 for row in rows if not row.passed)
    lines.append(f"{len(rows) - failed} of {len(rows)} criteria meet their target" + (f"; {failed} fail" if failed else ""))
    return lines
