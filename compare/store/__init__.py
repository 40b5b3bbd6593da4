"""Persistence: SQLAlchemy 2.x models, sessions, and the one data mapper to domain values."""
