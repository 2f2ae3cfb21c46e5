"""Read-only database access for the web app.

Every connection is the store's ``open_store(path, readonly=True)`` (a ``mode=ro`` URI plus
``query_only``), one per worker thread, reopened when ``rebuild`` swaps a new database file in
(the inode changes). The web app never holds a write connection.
"""

from __future__ import annotations

import logging
import os
import threading
from pathlib import Path

from archive.store import Store, open_store

log = logging.getLogger(__name__)


class ArchiveNotFound(Exception):
    """There is no archive database yet (nothing crawled)."""


class ReadOnlyDB:
    """Per-thread read-only stores over ``archive.db``."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self._local = threading.local()
        self._generation = 0  # bumped by reset(); connections of an older generation are reopened

    def reset(self) -> None:
        """After a database error: every thread reopens its connection on its next request."""
        self._generation += 1

    def store(self) -> Store:
        try:
            ident = os.stat(self.path).st_ino
        except FileNotFoundError as exc:
            raise ArchiveNotFound(str(self.path)) from exc
        key = (ident, self._generation)
        cached = getattr(self._local, "store", None)
        if cached is not None and self._local.key == key:
            return cached
        if cached is not None:
            try:
                cached.close()
            except Exception:  # noqa: BLE001 - a broken connection may fail to close
                log.debug("closing a stale connection failed", exc_info=True)
        store = open_store(self.path, readonly=True)
        self._local.store, self._local.key = store, key
        return store
