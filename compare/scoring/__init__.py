"""Scoring: pure functions from facts and weights to ranked, explainable score sheets."""
