"""Rendering in a shared headless browser: PDF reports and chart images (worker processes only)."""
