"""An index built by an older tokenizer is never queried with today's tokens: search says so, and
opening the archive for writing (or `newsarchive reindex`) rebuilds it."""

from __future__ import annotations

import sqlite3

from click.testing import CliRunner

from archive.lock import data_lock
from archive.search import search
from archive.search.results import OLD_INDEX
from archive.search.schema import FORMAT, index_format
from archive.search.tokenize import WORD_RUN, normalize
from archive.store import open_store
from crawler.cli import main


def format1_tokens(text: str | None) -> str:
    """How format 1 indexed text: each run's bigrams, then the run's last character alone."""
    runs = WORD_RUN.findall(normalize(text or ""))
    return " ".join(t for r in runs for t in [r[i : i + 2] for i in range(len(r) - 1)] + [r[-1]])


def make_format1_archive(archive_class, data):
    arc = archive_class(data / "archive.db")
    arc.add("포항 시청 소식", "경북 포항시청은 17일 밝혔다.")
    arc.add("대구 소식", "대구시는 협약을 맺었다.", outlet="idaegu")
    conn = arc.conn
    # turn the index into what a format-1 version wrote: its tokens, and no format record
    rows = conn.execute("SELECT d.docid, a.title, a.subtitle, a.body FROM search_docs d"
                        " JOIN articles a ON a.id = d.article_id").fetchall()
    conn.execute("INSERT INTO search_index (search_index) VALUES ('delete-all')")
    for docid, title, subtitle, body in rows:
        conn.execute("INSERT INTO search_index (rowid, title, subtitle, body) VALUES (?, ?, ?, ?)",
                     (docid, format1_tokens(title), format1_tokens(subtitle), format1_tokens(body)))
    conn.execute("DROP TABLE search_meta")
    arc.commit()
    arc.store.close()
    return data / "archive.db"


def test_old_format_is_reported_not_queried(tmp_path, archive_class):
    path = make_format1_archive(archive_class, tmp_path / "data")
    ro = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    assert index_format(ro) == 1
    result = search(ro, "포항 시청")
    assert result.total == 0 and result.hits == [] and result.warnings == [OLD_INDEX]
    ro.close()


def test_opening_for_writing_rebuilds_an_old_index(tmp_path, archive_class):
    path = make_format1_archive(archive_class, tmp_path / "data")
    store = open_store(path)
    assert index_format(store.conn) == FORMAT
    assert [h.title for h in search(store.conn, "포항 시청").hits] == ["포항 시청 소식"]
    assert [h.title for h in search(store.conn, "시청은").hits] == ["포항 시청 소식"]
    store.close()


def test_reindex_command(tmp_path, archive_class):
    data = tmp_path / "data"
    make_format1_archive(archive_class, data)
    runner = CliRunner()
    with data_lock(data):
        locked = runner.invoke(main, ["reindex", "--data", str(data)])
    assert locked.exit_code == 3 and "holds" in locked.output
    done = runner.invoke(main, ["reindex", "--data", str(data)])
    assert done.exit_code == 0, done.output
    assert "indexed 2 articles" in done.output
    out = runner.invoke(main, ["search", "포항 시청", "--data", str(data), "--json"])
    assert out.exit_code == 0 and '"title": "포항 시청 소식"' in out.output
    missing = runner.invoke(main, ["reindex", "--data", str(tmp_path / "nowhere")])
    assert missing.exit_code != 0 and "no archive database" in missing.output
