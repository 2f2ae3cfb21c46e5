"""``articles_fts`` (Datasette's search box) without sqlite-utils' triggers: written by the store.

Since schema m002 the store deletes and inserts the FTS5 rows itself when an article's text
changes (at once in one-by-one ingest, before the commit in the crawl's batches). An archive made
before m002 still has the triggers: opening it for writing drops them, and its index stays right.
"""

from __future__ import annotations

import sqlite3

from archive.ingest import ingest
from archive.store import open_store
from tests.store.store_helpers import capture, extracted

TRIGGER = (
    'CREATE TRIGGER "articles_au" AFTER UPDATE ON "articles" BEGIN\n'
    '  INSERT INTO "articles_fts" ("articles_fts", rowid, "title", "subtitle", "body")'
    " VALUES('delete', old.rowid, old.\"title\", old.\"subtitle\", old.\"body\");\n"
    '  INSERT INTO "articles_fts" (rowid, "title", "subtitle", "body")'
    ' VALUES (new.rowid, new."title", new."subtitle", new."body");\nEND'
)


def _matches(conn: sqlite3.Connection, word: str) -> list[str]:
    return [
        r[0]
        for r in conn.execute(
            "SELECT a.url FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid"
            " WHERE articles_fts MATCH ? ORDER BY a.url",
            (word,),
        )
    ]


def _check(conn: sqlite3.Connection) -> None:
    conn.execute("INSERT INTO articles_fts (articles_fts) VALUES ('integrity-check')")  # raises when stale


def test_edits_replace_the_old_text_in_articles_fts(tmp_path):
    with open_store(tmp_path / "a.db") as store:
        url = "http://o1.test/news/articleView.html?idxno=1"
        assert ingest(capture(url, 1), store, extracted=extracted(url, "포항 시청 소식", "첫 기사 본문 입니다")).status == "saved"
        edit = extracted(url, "포항 시청 정정", "고친 기사 본문 입니다")
        assert ingest(capture(url, 2), store, extracted=edit).status == "new_version"
        _check(store.conn)
        assert _matches(store.conn, "정정") == [url]
        assert _matches(store.conn, "소식") == [] and _matches(store.conn, "첫") == []
        assert _matches(store.conn, "포항") == [url]
        assert store.conn.execute("SELECT count(*) FROM sqlite_master WHERE type = 'trigger'").fetchone()[0] == 0


def test_an_archive_with_the_old_triggers_is_upgraded_on_open(tmp_path):
    path = tmp_path / "old.db"
    url = "http://o1.test/news/articleView.html?idxno=7"
    with open_store(path) as store:  # make it look like an archive from before m002
        store.conn.execute("DELETE FROM _sqlite_migrations WHERE name = 'm002_articles_fts_without_triggers'")
        store.conn.execute(TRIGGER)
        store.conn.commit()
    with sqlite3.connect(path) as conn:  # an old writer: the trigger keeps articles_fts
        conn.execute("INSERT INTO articles (id, url, title, body) VALUES (1, ?, '옛 제목', '옛 본문')", (url,))
        conn.execute("INSERT INTO articles_fts (rowid, title, body) VALUES (1, '옛 제목', '옛 본문')")
        conn.execute("UPDATE articles SET title = '포항 제목' WHERE id = 1")
    with open_store(path) as store:
        names = [r[0] for r in store.conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")]
        assert names == []
        _check(store.conn)
        assert _matches(store.conn, "포항") == [url]
        store.conn.execute("UPDATE articles SET cluster_id = NULL WHERE id = 1")  # no trigger re-indexes
        _check(store.conn)
