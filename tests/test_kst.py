"""One meaning for dates everywhere: a bare date is a whole KST day (search, export, browser)."""

from __future__ import annotations

from datetime import datetime

import pytest

from archive.kst import KST, day_bounds, utc_text
from archive.store import open_store
from archive.store.queries import iter_export_rows


def test_day_bounds():
    start, end = day_bounds("2026-01-16", "2026-01-16")
    assert start == datetime(2026, 1, 16, tzinfo=KST) and end == datetime(2026, 1, 17, tzinfo=KST)
    assert utc_text(start) == "2026-01-15 15:00:00"
    start, end = day_bounds("2026-01-16T09:30:00+00:00", "2026-01-16T12:00")  # a time: that minute included
    assert utc_text(start) == "2026-01-16 09:30:00" and end == datetime(2026, 1, 16, 12, 1, tzinfo=KST)
    assert day_bounds(None, None) == (None, None)
    with pytest.raises(ValueError, match="not an ISO date"):
        day_bounds("last week", None)


def test_export_days_are_kst_for_publication_and_capture_times(tmp_path):
    store = open_store(tmp_path / "archive.db")
    rows = [  # (id, published, first_seen)
        (1, "2026-01-16T23:30:00+09:00", "2026-01-16T14:31:00+00:00"),  # 16th KST
        (2, "2026-01-17T00:10:00+09:00", "2026-01-16T15:11:00+00:00"),  # 17th KST
        (3, None, "2026-01-16T20:00:00+00:00"),  # undated; first seen 17th 05:00 KST
        (4, None, "2026-01-16T14:00:00Z"),  # undated; first seen 16th 23:00 KST
    ]
    store.conn.executemany(
        "INSERT INTO articles (id, url, canonical_url, published, first_seen, body) VALUES (?, ?, ?, ?, ?, '')",
        [(i, f"http://x.kr/{i}", f"http://x.kr/{i}", p, f) for i, p, f in rows],
    )
    store.conn.commit()

    def ids(since, until):
        return [r["id"] for r in iter_export_rows(store, since=since, until=until)]

    assert ids("2026-01-16", "2026-01-16") == [1, 4]
    assert ids("2026-01-17", "2026-01-17") == [2, 3]
    assert ids(None, "2026-01-16T23:00") == [4]  # up to and including 23:00 KST
    assert ids("2026-01-16T23:30+09:00", None) == [1, 2, 3]
    store.close()
