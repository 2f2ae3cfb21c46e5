"""Replay WARC files with a real pywb (``wayback``) in its own process, for tests.

pywb pins old dependencies, so it lives in its own venv: ``$NEWSARCHIVE_PYWB_VENV``, else
``<repo root>/.venv-pywb`` (what ``make install`` creates, locally and in CI), else a ``wayback``
on PATH. Without one the calling test is skipped. Usage::

    from tests.pywb_harness import pywb_server, replay_url

    with pywb_server(data_dir / "warc") as base:
        body = httpx.get(replay_url(base, capture.fetched_at, capture.url)).content

or the ``pywb_replay`` fixture (``from tests.pywb_harness import pywb_replay``), which starts
servers on demand and stops them after the test. Closed WARC files lacking a ``.cdxj`` are
indexed first with ``archive.warc.write_index``; ``.open`` files are invisible to pywb, as in
production.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from datetime import UTC, datetime
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
COLLECTION = "archive"


def find_wayback() -> Path | None:
    """The pywb ``wayback`` executable, or None."""
    candidates = []
    if os.environ.get("NEWSARCHIVE_PYWB_VENV"):
        candidates.append(Path(os.environ["NEWSARCHIVE_PYWB_VENV"]))
    candidates.append(REPO_ROOT / ".venv-pywb")
    for venv in candidates:
        exe = venv / "bin" / "wayback"
        if exe.is_file() and os.access(exe, os.X_OK):
            return exe
    found = shutil.which("wayback")
    return Path(found) if found else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _index_missing(warc_dir: Path) -> None:
    from archive.warc import index_path, warc_files, write_index

    for path in warc_files(warc_dir):
        if not index_path(path).exists():
            write_index(path)


@contextmanager
def pywb_server(
    warc_dir: Path | str, *, collection: str = COLLECTION, timeout: float = 30.0
) -> Iterator[str]:
    """Serve the closed WARCs of ``warc_dir`` (and their CDXJ) with pywb; yields the base URL."""
    exe = find_wayback()
    if exe is None:
        pytest.skip("pywb not installed (make install creates .venv-pywb)")
    warc_dir = Path(warc_dir).resolve()
    _index_missing(warc_dir)
    workdir = Path(tempfile.mkdtemp(prefix="pywb-"))
    config = workdir / "config.yaml"
    config.write_text(
        "collections:\n"
        f"  {collection}:\n"
        f"    index_paths: {json.dumps(str(warc_dir) + '/')}\n"  # JSON strings are YAML strings
        f"    archive_paths: {json.dumps(str(warc_dir) + '/')}\n"
        "enable_memento: true\n",
        encoding="utf-8",
    )
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    log_path = workdir / "wayback.log"
    env = {**os.environ, "PYWB_CONFIG_FILE": str(config)}
    with open(log_path, "wb") as log:
        proc = subprocess.Popen(
            [str(exe), "--port", str(port), "--bind", "127.0.0.1", "--threads", "2"],
            cwd=workdir,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        _wait_ready(proc, base, timeout, log_path)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        shutil.rmtree(workdir, ignore_errors=True)


def _wait_ready(proc: subprocess.Popen, base: str, timeout: float, log_path: Path) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"pywb exited with {proc.returncode}:\n{log_path.read_text(errors='replace')}")
        try:
            with urllib.request.urlopen(base + "/", timeout=2) as resp:
                if resp.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.2)
    raise RuntimeError(f"pywb not ready after {timeout}s:\n{log_path.read_text(errors='replace')}")


def replay_url(
    base: str, when: datetime | str, url: str, *, collection: str = COLLECTION, mode: str = "id_"
) -> str:
    """``{base}/{collection}/{14-digit timestamp}{mode}/{url}``; ``id_`` returns the original bytes."""
    if isinstance(when, datetime):
        when = when.astimezone(UTC).strftime("%Y%m%d%H%M%S")
    return f"{base}/{collection}/{when}{mode}/{url}"


@pytest.fixture
def pywb_replay() -> Iterator[Callable[..., str]]:
    """``start(warc_dir, collection=...) -> base URL``; every server is stopped after the test."""
    with ExitStack() as stack:

        def start(warc_dir: Path | str, collection: str = COLLECTION) -> str:
            return stack.enter_context(pywb_server(warc_dir, collection=collection))

        yield start
