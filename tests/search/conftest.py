"""Search test helpers: a real store database (archive.store schema) and a way to add articles."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from archive.search import index_article
from archive.store import open_store

REPO = Path(__file__).resolve().parents[2]

OUTLETS = [
    ("kbmaeil", "경북매일", "경북"),
    ("idaegu", "아이대구", "대구"),
    ("usm", "울산매일", "울산"),
]


def load_synth():
    """bench/synth.py (the synthetic Korean article generator) as a module."""
    spec = importlib.util.spec_from_file_location("synth", REPO / "bench" / "synth.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("synth", module)
    spec.loader.exec_module(module)
    return module


class Archive:
    """A store database plus a helper that writes an article row and indexes it."""

    def __init__(self, path: Path):
        self.path = path
        self.store = open_store(path)
        self.conn = self.store.conn
        self.conn.executemany("INSERT INTO outlets (id, name, region) VALUES (?, ?, ?)", OUTLETS)
        self.next_id = 1

    def add(self, title: str, body: str, *, subtitle: str | None = None, outlet: str = "kbmaeil",
            published: str | None = "2024-01-16T17:19:00+09:00", article_id: int | None = None) -> int:
        aid = article_id or self.next_id
        self.next_id = max(self.next_id, aid) + 1
        url = f"https://{outlet}.example.kr/news/articleView.html?idxno={aid}"
        self.conn.execute(
            "INSERT OR REPLACE INTO articles (id, url, canonical_url, outlet, title, subtitle, published, body)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (aid, url, url, outlet, title, subtitle, published, body),
        )
        index_article(self.conn, aid, title, subtitle, body)
        return aid

    def commit(self) -> None:
        self.conn.commit()


@pytest.fixture
def archive(tmp_path):
    arc = Archive(tmp_path / "archive.db")
    yield arc
    arc.store.close()


@pytest.fixture(scope="session")
def archive_class():
    """The Archive helper class, for module-scoped fixtures."""
    return Archive


@pytest.fixture(scope="session")
def synth():
    """The bench's synthetic corpus generator module."""
    return load_synth()
