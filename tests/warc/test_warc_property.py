"""Property: any capture the crawler can produce reads back identical (hypothesis, real files)."""

from __future__ import annotations

import tempfile
from datetime import UTC, datetime
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from archive.capture import Capture
from archive.warc import WarcWriter, iter_captures, read_capture, warc_files

TOKEN = st.text(
    alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_", min_size=1, max_size=20
)
# Latin-1 text = raw header bytes, one char per byte (what crawler.capture produces); no CR/LF,
# no surrounding blanks (HTTP parsers strip them)
LATIN1 = st.text(
    alphabet=st.characters(min_codepoint=0x20, max_codepoint=0xFF, blacklist_characters="\x7f"), max_size=60
).map(lambda s: s.strip(" \t"))
HEADERS = st.lists(
    st.tuples(
        st.one_of(TOKEN, st.sampled_from(["Set-Cookie", "Transfer-Encoding", "Content-Encoding"])), LATIN1
    ),
    max_size=12,
).map(tuple)

captures = st.builds(
    Capture,
    url=st.sampled_from(
        [
            "http://127.0.0.1:8123/news/articleView.html?idxno=1",
            "https://127.0.0.1/%ED%8F%AC%ED%95%AD?q=a+b#frag",
        ]
    ),
    status=st.integers(100, 599),
    headers=HEADERS,
    body=st.binary(max_size=3000),
    fetched_at=st.datetimes(
        min_value=datetime(2000, 1, 1), max_value=datetime(2099, 1, 1), timezones=st.just(UTC)
    ),
    protocol=st.sampled_from(["HTTP/1.1", "HTTP/1.0", "HTTP/2"]),
    reason=LATIN1.filter(bool),
    method=st.sampled_from(["GET", "HEAD", "POST"]),
    request_headers=HEADERS,
    ip_address=st.one_of(st.none(), st.ip_addresses().map(str)),
    truncated=st.sampled_from([None, "length", "time", "disconnect", "unspecified"]),
    outlet=st.one_of(
        st.none(), st.text(min_size=1, max_size=20).filter(lambda s: s.strip() == s and s.isprintable())
    ),
    run_id=st.one_of(st.none(), TOKEN),
    via=st.one_of(st.none(), st.just("http://127.0.0.1:8123/rss/allArticle.xml")),
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(captures, min_size=1, max_size=4))
def test_any_capture_round_trips(batch):
    with tempfile.TemporaryDirectory() as tmp:
        directory = Path(tmp)
        with WarcWriter(directory, index=False) as writer:
            written = [writer.write(c) for c in batch]
        (path,) = warc_files(directory)
        read = list(iter_captures(path, tolerant=False))
        assert read == written
        for capture in written:
            assert read_capture(path, capture.location.offset) == capture
