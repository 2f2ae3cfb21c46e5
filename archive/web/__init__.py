"""The archive browser (Starlette + Jinja2): search, articles, captured pages, outlets, runs."""

from __future__ import annotations

from archive.web.app import create_app

__all__ = ["create_app"]
