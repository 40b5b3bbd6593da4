"""Presenters: score sheets and facts as plain documents, shared by pages, JSON, CLI and exports."""
