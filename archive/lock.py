"""The data directory's lock, shared by crawl and rebuild so neither writes while the other runs.

An ``flock`` on ``DATA/crawl.lock``: the kernel drops it when the holder dies, even by kill -9, so
a stale lock never blocks cron. The holder writes its pid into the file so a refused caller can
say who holds it.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

__all__ = ["LOCK_NAME", "Locked", "data_lock"]

LOCK_NAME = "crawl.lock"


class Locked(RuntimeError):
    """Another process (a crawl or a rebuild) holds the data directory's lock."""


@contextmanager
def data_lock(data_dir: str | Path) -> Iterator[Path]:
    """Hold ``DATA/crawl.lock`` (non-blocking); raise `Locked` naming the holder's pid."""
    data_dir = Path(data_dir)
    data_dir.mkdir(parents=True, exist_ok=True)
    path = data_dir / LOCK_NAME
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 64, 0).decode("ascii", "replace").strip() or "?"
            raise Locked(f"another crawl or rebuild (pid {holder}) holds {path}") from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        yield path
    finally:
        os.close(fd)  # closing the descriptor releases the flock
