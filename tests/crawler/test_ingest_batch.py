"""The ingest worker's batch: one transaction for many captures, without per-capture savepoints.

A failure inside the batch (here a real SQLite error raised by a trigger mid-ingest, after the
capture and article rows were written) rolls the whole batch back and ingests each capture again
on its own, so the other captures are saved and the failing one is kept as an error row, exactly
as one-by-one ingest would have left them.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from archive.capture import Capture
from archive.ingest import ingest
from archive.store import open_store
from crawler.ingestworker import IngestBatch, StoreIngest
from crawler.samples import SampleWorld, render_article

T0 = datetime(2026, 3, 2, tzinfo=UTC)


def _captures(n: int) -> list[Capture]:
    world = SampleWorld(seed=5, articles=40)
    out = []
    for i, art in enumerate(world.live_articles()[:n]):
        body, ctype = render_article(world, art)
        out.append(
            Capture(
                url=f"http://{art['outlet']}.sample.test{art['url']}",
                status=200,
                headers=(("Content-Type", ctype),),
                body=body,
                fetched_at=T0 + timedelta(seconds=i),
                outlet=art["outlet"],
                record_id=f"<urn:uuid:00000000-0000-0000-0000-{i:012d}>",
            )
        )
    return out


def _snapshot(db_path) -> dict:
    with open_store(db_path, readonly=True) as store:
        conn = store.conn
        return {
            "captures": conn.execute(
                "SELECT record_id, ingest_status, error IS NOT NULL, article_id IS NOT NULL FROM captures"
                " ORDER BY record_id"
            ).fetchall(),
            "articles": conn.execute("SELECT url, title, body, version_count FROM articles ORDER BY url").fetchall(),
            "versions": conn.execute("SELECT url, seq, content_hash FROM versions ORDER BY url").fetchall(),
            "keys": conn.execute("SELECT count(*) FROM dedup_keys").fetchone()[0],
        }


def _fail_on(db_path, *urls: str) -> None:
    with open_store(db_path) as store:
        listed = ", ".join(f"'{u}'" for u in urls)
        store.conn.execute(
            f"CREATE TRIGGER fail_some BEFORE INSERT ON versions WHEN NEW.url IN ({listed})"
            " BEGIN SELECT RAISE(ABORT, 'simulated disk error'); END"
        )
        store.conn.commit()


def _run_batch(db_path, captures: list[Capture]) -> list:
    target = StoreIngest(db_path)
    batch = IngestBatch(target)
    for seq, cap in enumerate(captures, 1):
        batch.add(seq, cap, None)
    answers = batch.commit()
    target.close()
    return answers


def test_a_batch_writes_what_one_by_one_ingest_writes(tmp_path):
    caps = _captures(6)
    answers = _run_batch(tmp_path / "batch.db", caps)
    assert [seq for seq, _ in answers] == list(range(1, 7))
    assert all(outcome.status == "saved" and outcome.article_id for _, outcome in answers)
    with open_store(tmp_path / "single.db") as store:
        for cap in caps:
            assert ingest(cap, store).status == "saved"
    assert _snapshot(tmp_path / "batch.db") == _snapshot(tmp_path / "single.db")


def test_a_failure_mid_batch_rolls_back_and_replays_one_by_one(tmp_path):
    caps = _captures(6)
    bad = caps[3]
    for name in ("batch.db", "single.db"):
        open_store(tmp_path / name).close()
        _fail_on(tmp_path / name, bad.url)
    answers = dict(_run_batch(tmp_path / "batch.db", caps))
    assert [answers[i].status for i in range(1, 7)] == ["saved", "saved", "saved", "error", "saved", "saved"]
    assert "simulated disk error" in answers[4].reason
    with open_store(tmp_path / "single.db") as store:
        singles = [ingest(cap, store).status for cap in caps]
    assert singles == ["saved", "saved", "saved", "error", "saved", "saved"]
    snap = _snapshot(tmp_path / "batch.db")
    assert snap == _snapshot(tmp_path / "single.db")
    assert len(snap["captures"]) == 6 and len(snap["articles"]) == 5  # the failing capture is kept


def test_two_failures_in_one_batch_each_capture_is_ingested_once(tmp_path):
    caps = _captures(8)
    for name in ("batch.db", "single.db"):
        open_store(tmp_path / name).close()
        _fail_on(tmp_path / name, caps[1].url, caps[5].url)
    answers = dict(_run_batch(tmp_path / "batch.db", caps))
    expected = ["saved", "error", "saved", "saved", "saved", "error", "saved", "saved"]
    assert [answers[i].status for i in range(1, 9)] == expected  # none "skipped: already ingested"
    with open_store(tmp_path / "single.db") as store:
        assert [ingest(cap, store).status for cap in caps] == expected
    assert _snapshot(tmp_path / "batch.db") == _snapshot(tmp_path / "single.db")
