"""Assemble what a page, a CLI command or an export needs: catalogue, offers and their matrix.

Kept apart from the web so the CLI, the refresh job and the pages all score the same way.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from compare.facts import Offer, Product, build_offers
from compare.scoring.matrix import DecisionMatrix, build_matrix
from compare.scoring.rank import ScoreSheet, rank
from compare.store import practical_store, queries
from criteria.model import Catalogue, WeightProfile


@dataclass(frozen=True)
class Comparison:
    """Everything needed to rank offers, as the store stood at ``as_of`` (now when None)."""

    catalogue: Catalogue
    products: tuple[Product, ...]
    matrix: DecisionMatrix
    as_of: datetime | None = None

    @property
    def offers(self) -> tuple[Offer, ...]:
        """One offer per product edition, in product-name order."""
        return self.matrix.offers

    def offer(self, offer_id: str) -> Offer:
        """The offer with this id.

        Raises:
            KeyError: no such offer.
        """
        for offer in self.offers:
            if offer.id == offer_id:
                return offer
        raise KeyError(f"unknown product or edition {offer_id!r}")

    def product(self, product_id: str) -> Product:
        """The product with this id.

        Raises:
            KeyError: no such product.
        """
        for product in self.products:
            if product.id == product_id:
                return product
        raise KeyError(f"unknown product {product_id!r}")

    def score(self, profile: WeightProfile) -> ScoreSheet:
        """Rank every offer under ``profile``."""
        return rank(self.matrix, profile)


def load_comparison(session: Session, catalogue: Catalogue, as_of: datetime | None = None) -> Comparison:
    """Read products and the facts in force at ``as_of`` and build the decision matrix."""
    products = queries.products(session)
    # Open proposals describe today's sources; an "as of" view shows the facts of that day only.
    reviewing = queries.facts_under_review(session) if as_of is None else set()
    offers = build_offers(products, queries.current_facts(session, as_of), reviewing, practical_store.practical_facts(session, as_of=as_of))
    return Comparison(catalogue=catalogue, products=products, matrix=build_matrix(catalogue, offers), as_of=as_of)
