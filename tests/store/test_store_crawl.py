"""A real crawl of the sample outlets (Scrapy subprocess, real sockets), twice with edits between:
the live-built database equals the one rebuilt from its WARC files, and edits became versions."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from store_helpers import snapshot

from archive.rebuild import rebuild
from archive.store import open_store
from archive.store.cli import export as export_command
from archive.store.cli import stats as stats_command

REPO = Path(__file__).resolve().parents[2]
SETTINGS = {"DOWNLOAD_TIMEOUT": 2, "NEWSARCHIVE_RETRY_BACKOFF_BASE": 0.1, "NEWSARCHIVE_MAX_BODY": 1_000_000}


def _crawl(data: Path, registry: Path) -> subprocess.CompletedProcess:
    cmd = [
        sys.executable,
        "-m",
        "crawler.cli",
        "crawl",
        "--data",
        str(data),
        "--registry",
        str(registry),
        "--no-progress",
    ]
    for key, value in SETTINGS.items():
        cmd += ["--set", f"{key}={value}"]
    return subprocess.run(cmd, cwd=REPO, capture_output=True, text=True, timeout=240)


@pytest.mark.slow
def test_crawled_archive_rebuilds_to_the_same_database(tmp_path):
    import crawler.samples.server as server_mod
    import crawler.samples.world as world_mod

    world = world_mod.SampleWorld(seed=2, articles=60, faults=False)
    data = tmp_path / "data"
    with server_mod.SampleServer(world, faults=False) as server:
        registry = tmp_path / "registry.json"
        registry.write_text(json.dumps(server.registry_entries(), ensure_ascii=False), encoding="utf-8")
        first = _crawl(data, registry)
        assert first.returncode in (0, 1), first.stderr[-2000:]
        changes = server.advance(1)
        second = _crawl(data, registry)
        assert second.returncode in (0, 1), second.stderr[-2000:]
    with open_store(data / "archive.db", readonly=True) as live_store:
        live = snapshot(live_store)
        outlets = live_store.conn.execute("SELECT count(*) FROM outlets WHERE name IS NOT NULL").fetchone()[0]
        runs = live_store.conn.execute("SELECT count(*) FROM runs WHERE ended_at IS NOT NULL").fetchone()[0]
    assert len(live["articles"]) >= 0.8 * len(world.live_articles())
    assert live["clusters"], "the sample world syndicates stories: some clusters must form"
    if getattr(changes, "edited", None):
        assert any(v[1] > 1 for v in live["versions"]), "an edited article must have a second version"
    assert runs == 2 and outlets == len(world.outlets)

    result = rebuild(data)  # reusing extractions: exactly the live database
    assert result.files >= 2
    with open_store(data / "archive.db", readonly=True) as rebuilt:
        assert snapshot(rebuilt) == live
        assert rebuilt.conn.execute("SELECT count(*) FROM runs WHERE ended_at IS NOT NULL").fetchone()[0] == 2
        assert rebuilt.conn.execute("PRAGMA foreign_key_check").fetchall() == []
        assert rebuilt.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"

    rebuild(data, reextract=True)  # the current extractor on every capture: same extractor, same DB
    with open_store(data / "archive.db", readonly=True) as reextracted:
        assert snapshot(reextracted) == live

    wacz = tmp_path / "crawl.wacz"
    exported = CliRunner().invoke(
        export_command, ["--data", str(data), "--format", "wacz", "--out", str(wacz)]
    )
    assert exported.exit_code == 0, exported.output
    check = subprocess.run(
        [Path(sys.executable).parent / "wacz", "validate", "-f", wacz],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert check.returncode == 0, check.stdout + check.stderr

    out = CliRunner().invoke(stats_command, ["--data", str(data), "--json"])
    rows = [json.loads(line) for line in out.output.splitlines()]
    assert sum(r["articles"] for r in rows) == len(live["articles"])
    assert all(r["last_successful_run"] for r in rows)
