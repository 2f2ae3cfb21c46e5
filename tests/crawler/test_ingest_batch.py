"""The ingest worker's batch: one transaction for many captures, without per-capture savepoints.

A failure inside the batch (here a real SQLite error raised by a trigger mid-ingest, after the
capture and article rows were written) rolls the whole batch back and ingests each capture again
on its own, so the other captures are saved and the failing one is kept as an error row, exactly
as one-by-one ingest would have left them.
"""

from __future__ import annotations

import dataclasses
import sqlite3
from datetime import UTC, datetime, timedelta

from archive.capture import Capture
from archive.ingest import Extracted, ingest, prepare
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
            **_text_indexes(db_path),
        }


def _text_indexes(db_path) -> dict:
    """Every posting of both FTS5 tables, keyed by article URL (dead search docids as None).

    The batch writes them just before its commit (one segment per batch), one-by-one ingest at
    once: the postings must be the same, and ``articles_fts`` must match its content table."""
    conn = sqlite3.connect(db_path)
    try:
        conn.execute("INSERT INTO articles_fts (articles_fts) VALUES ('integrity-check')")
        url = dict(conn.execute("SELECT id, url FROM articles"))
        live = {d: url[a] for d, a in conn.execute("SELECT docid, article_id FROM search_docs")}
        out = {}
        for table, owner in (("articles_fts", url), ("search_index", live)):
            conn.execute(f"CREATE VIRTUAL TABLE temp.v_{table} USING fts5vocab(main, {table}, instance)")
            rows = conn.execute(f"SELECT term, doc, col, offset FROM temp.v_{table}").fetchall()
            out[table] = sorted((term, owner.get(doc, "(dead)"), col, offset) for term, doc, col, offset in rows)
        out["search_docsizes"] = conn.execute("SELECT count(*) FROM search_index_docsize").fetchone()[0]
        return out
    finally:
        conn.close()


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


def _edited(cap: Capture, n: int, extracted: Extracted) -> tuple[Capture, Extracted]:
    fields = dict(extracted.fields or {})
    fields["title"] = f"{fields['title']} (수정 {n})"
    fields["body"] = fields["body"] + f"\n\n정정 보도 {n}: 포항시는 일정을 바꿨다."
    later = dataclasses.replace(
        cap, fetched_at=cap.fetched_at + timedelta(hours=n), record_id=f"<urn:uuid:edit-{n}-{cap.record_id}>"
    )
    return later, Extracted(fields=fields)


def test_edits_in_and_across_batches_leave_the_text_indexes_as_one_by_one_ingest(tmp_path):
    caps = _captures(6)
    items = [(cap, prepare(cap)) for cap in caps]
    items += [_edited(caps[0], 1, items[0][1]), _edited(caps[2], 1, items[2][1]), _edited(caps[0], 2, items[0][1])]
    items.append(items[1])  # the same capture again: skipped
    target = StoreIngest(tmp_path / "batch.db")
    batch = IngestBatch(target)
    answers = {}
    for seq, (cap, extracted) in enumerate(items, 1):
        batch.add(seq, cap, None, extracted)
        if seq in (7, 8):  # edits of articles saved in the same batch, and in an earlier one
            answers.update(batch.commit())
    answers.update(batch.commit())
    target.close()
    statuses = [answers[i].status for i in range(1, len(items) + 1)]
    assert statuses == ["saved"] * 6 + ["new_version"] * 3 + ["skipped"]
    with open_store(tmp_path / "single.db") as store:
        assert [ingest(cap, store, extracted=ex).status for cap, ex in items] == statuses
    snap = _snapshot(tmp_path / "batch.db")
    assert snap == _snapshot(tmp_path / "single.db")
    assert {url for term, url, *_ in snap["articles_fts"] if term == "정정"} == {caps[0].url, caps[2].url}
    assert sum(url == "(dead)" for _, url, *_ in snap["search_index"]) > 0  # re-indexing leaves dead docids
    assert snap["search_docsizes"] == 6 + 3


def test_a_committed_batch_is_answered_in_messages_a_pipe_writes_whole():
    # A store writer killed in the middle of a message larger than PIPE_BUF left the crawl's
    # reader waiting for the rest of it; up to PIPE_BUF, a pipe write is all or nothing.
    import pickle
    import queue
    import select

    from crawler.ingestworker import ANSWER_BYTES, IngestOutcome, _send_answers

    assert ANSWER_BYTES + 4 <= select.PIPE_BUF
    answers = [(seq, IngestOutcome("saved", seq, seq + 1)) for seq in range(1, 301)]
    answers[7] = (8, IngestOutcome("error", reason="extract: " + "x" * 900))
    out: queue.Queue = queue.Queue()
    _send_answers(out, answers)
    messages = [out.get_nowait() for _ in range(out.qsize())]
    assert len(messages) > 1
    assert all(len(pickle.dumps(m)) <= ANSWER_BYTES for m in messages)
    assert [answer for m in messages for answer in m] == answers
