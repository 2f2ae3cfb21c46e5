"""Fixtures for the WARC tests."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

# `tests.pywb_harness` must import under plain `pytest` too (python -m pytest adds the cwd anyway).
REPO_ROOT = Path(__file__).resolve().parents[2]
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))


@pytest.fixture
def warc_dir(tmp_path: Path) -> Path:
    d = tmp_path / "warc"
    d.mkdir()
    return d
