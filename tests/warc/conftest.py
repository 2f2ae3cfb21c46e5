"""Fixtures for the WARC tests."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture
def warc_dir(tmp_path: Path) -> Path:
    d = tmp_path / "warc"
    d.mkdir()
    return d
