"""Sources → fetch → extract → detect: keeping vendor facts fresh without a database or a web app.

Everything here passes plain values between small modules (declarations, fetching, extraction,
change detection, evidence), so the refresh pipeline in ``compare`` decides what is stored and
what a reviewer sees. An import-linter contract keeps Flask and SQLAlchemy out of this package.
"""
