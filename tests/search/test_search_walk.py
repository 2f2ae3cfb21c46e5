"""The public one-walk API the web uses (``newest_docids``, ``hits_for``, ``outlet_codes``): the same
matches, filters and order as ``search()``, without reaching into archive.search's private parts."""

from __future__ import annotations

from archive.search import hits_for, newest_docids, outlet_codes, parse_query, search, unindex_article
from archive.search.query import match_expression


def test_newest_docids_and_hits_for_agree_with_search(archive):
    a = archive.add("포항 1", "본문", outlet="kbmaeil", published="2024-01-16T23:30:00+09:00")
    b = archive.add("포항 2", "<b>포항시는</b> 본문", outlet="idaegu", published="2024-01-16T15:00:00+00:00")
    c = archive.add("포항 3", "본문", outlet="usm", published="2023-12-31T10:00:00+09:00")
    archive.add("경주", "본문", outlet="kbmaeil", published="2024-01-10T10:00:00+09:00")
    archive.add("포항 5", "본문", outlet="kbmaeil", published=None)
    archive.commit()
    conn = archive.conn
    parsed = parse_query("포항")
    expr = match_expression(parsed)
    filters = [{}, {"outlet": "kbmaeil"}, {"region": "대구"}, {"outlet": "kbmaeil", "region": "대구"},
               {"outlet": "nosuch"}, {"since": "2024-01-01", "until": "2024-01-16"}, {"since": "2024-01-17"}]  # fmt: skip
    for f in filters:
        docids = newest_docids(conn, expr, limit=100, **f)
        hits = hits_for(conn, docids, parsed)
        assert [h.to_dict() for h in hits] == [h.to_dict() for h in search(conn, "포항", **f).hits], f
    assert [h.id for h in hits_for(conn, newest_docids(conn, expr, limit=2), parsed)] == [b, a]
    assert "<mark>포항</mark>시는" in hits_for(conn, newest_docids(conn, expr, limit=1), parsed)[0].snippet
    assert set(outlet_codes(conn).values()) == {"kbmaeil", "idaegu", "usm"}
    # expr=None walks every indexed article (browsing) under the same filters
    assert len(newest_docids(conn, None, limit=100)) == 5
    assert len(newest_docids(conn, None, limit=100, outlet="kbmaeil")) == 3
    assert len(newest_docids(conn, None, limit=100, region="울산")) == 1
    unindex_article(conn, c)
    assert c not in [h.id for h in hits_for(conn, newest_docids(conn, expr, limit=100), parsed)]
