"""Rebuild from WARC: equals the live database, swaps atomically, survives a crash mid-way."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from store_helpers import build_data_dir, make_story, make_words, snapshot, syndicate

from archive.rebuild import rebuild
from archive.store import open_store


def _items(seed: int = 4):
    rng = random.Random(seed)
    vocab = make_words(rng, 3000)
    items = []
    for s in range(8):
        story = make_story(rng, vocab)
        for c in range(1 + (s % 3 == 0) * 2):  # stories 0, 3, 6 run at three outlets
            text = story if c == 0 else syndicate(rng, story, vocab)
            url = f"http://127.0.0.{11 + c}:8000/news/articleView.html?idxno={s}"
            items.append((url, f"o{c + 1}", f"기사 {s}", "\n\n".join(text)))
    # Edits: story 1 changes twice, story 3's first copy once; one re-fetch with the same text.
    items.append((items[3][0], "o1", "기사 1 (수정)", items[3][3] + "\n\n추가 문단이다."))
    items.append((items[3][0], "o1", "기사 1 (재수정)", items[3][3] + "\n\n다시 고친 문단이다."))
    items.append((items[4][0], "o1", "기사 3 (수정)", items[4][3].replace("다.", "었다.", 1)))
    items.append(items[0])
    return items


@pytest.fixture
def data_dir(tmp_path):
    results = build_data_dir(tmp_path, _items())
    statuses = [r.status for r in results]
    assert statuses.count("new_version") == 3 and statuses[-1] == "unchanged"
    return tmp_path


def test_rebuilt_database_equals_live(data_dir):
    with open_store(data_dir / "archive.db") as live:
        expected = snapshot(live)
    assert expected["clusters"] and expected["versions"]
    seen = []
    stats = rebuild(data_dir, progress=lambda done, total: seen.append((done, total)))
    assert stats.statuses["new_version"] == 3 and stats.events == 2
    assert seen and seen[-1][0] == seen[-1][1]
    with open_store(data_dir / "archive.db", readonly=True) as rebuilt:
        assert snapshot(rebuilt) == expected
        outlets = {r[0]: r[1] for r in rebuilt.conn.execute("SELECT id, name FROM outlets")}
        assert outlets == {"o1": "o1 일보", "o2": "o2 일보", "o3": "o3 일보"}  # from the WARC events
        run = rebuilt.conn.execute("SELECT status, ended_at FROM runs WHERE id = 'run-1'").fetchone()
        assert run == ("ok", "2026-03-02T01:00:00Z")
        assert rebuilt.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert not [p for p in data_dir.iterdir() if "rebuild" in p.name]


def test_rebuild_twice_is_stable_and_readers_keep_working(data_dir):
    reader = open_store(data_dir / "archive.db", readonly=True)
    before = snapshot(reader)
    rebuild(data_dir)
    rebuild(data_dir)
    assert snapshot(reader) == before  # an open reader keeps its (old) file
    reader.close()
    with open_store(data_dir / "archive.db", readonly=True) as fresh:
        assert snapshot(fresh) == before


def test_crash_mid_rebuild_keeps_the_old_database(data_dir):
    with open_store(data_dir / "archive.db") as live:
        expected = snapshot(live)

    def explode(done: int, total: int) -> None:
        if done > total // 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        rebuild(data_dir, progress=explode)
    assert not [p for p in data_dir.iterdir() if "rebuild" in p.name]
    with open_store(data_dir / "archive.db", readonly=True) as store:
        assert snapshot(store) == expected


def test_rebuild_without_a_previous_database_recovers_outlets_and_runs(data_dir):
    """Reused extraction is only a cache: with the database gone, the WARC alone must do."""
    (data_dir / "archive.db").rename(data_dir / "old.db")
    for suffix in ("-wal", "-shm"):
        (data_dir / f"archive.db{suffix}").unlink(missing_ok=True)
    stats = rebuild(data_dir)
    assert stats.reused == 0 and stats.records > 0
    with open_store(data_dir / "archive.db", readonly=True) as store:
        assert store.conn.execute("SELECT count(*) FROM outlets").fetchone()[0] == 3
        assert store.conn.execute("SELECT count(*) FROM captures").fetchone()[0] == len(_items())


def test_rebuild_removes_temp_files_a_killed_rebuild_left(data_dir):
    """A rebuild killed mid-way (another pid) leaves its temp file; the next rebuild deletes it."""
    stale = [data_dir / "archive.db.rebuild-99999", data_dir / "archive.db.rebuild-99999-journal"]
    for path in stale:
        path.write_bytes(b"\0" * 4096)
    assert rebuild(data_dir).articles > 0
    assert not [p.name for p in data_dir.iterdir() if "rebuild" in p.name]


def test_rebuild_refuses_while_a_crawl_holds_the_lock(data_dir):
    import fcntl
    import os

    from archive.rebuild import RebuildLocked

    fd = os.open(data_dir / "crawl.lock", os.O_RDWR | os.O_CREAT)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        os.pwrite(fd, b"4242\n", 0)
        with pytest.raises(RebuildLocked, match="4242"):
            rebuild(data_dir)
    finally:
        os.close(fd)
    assert rebuild(data_dir).articles > 0  # released: the next rebuild runs


def test_rebuild_reads_the_files_a_killed_crawl_left_open(data_dir):
    """A writer that never closed (kill -9) leaves `.open` files: rebuild recovers and reads them."""
    import os
    import subprocess
    import sys
    import textwrap

    code = textwrap.dedent(
        f"""
        import sys, os
        sys.path.insert(0, {str(Path(__file__).parent)!r})
        from store_helpers import capture, page_html
        from archive.warc import WarcWriter
        w = WarcWriter({str(data_dir / "warc")!r})
        url = "http://127.0.0.11:8000/news/articleView.html?idxno=900"
        w.write(capture(url, 500, body=page_html("늦은 기사", "본문 " * 200)))
        os._exit(0)  # no close(): the file stays `.open`, as after kill -9
        """
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)
    assert [p for p in (data_dir / "warc").iterdir() if p.name.endswith(".open")]
    stats = rebuild(data_dir, reextract=True)
    assert not [p for p in (data_dir / "warc").iterdir() if p.name.endswith(".open")]
    with open_store(data_dir / "archive.db", readonly=True) as store:
        row = store.conn.execute("SELECT count(*) FROM captures WHERE url LIKE '%idxno=900'").fetchone()
    assert row == (1,) and stats.files >= 2
    assert os.path.exists(data_dir / "archive.db")
