"""Pins WarcWriter's output bytes: uncompressed records and CDXJ lines, as written before the
per-record speed-ups (fast header encoding, base32, SURT keys, batched UUIDs).

Record ids are random and the file name carries the open time, so both are replaced by
placeholders (``<ID1>``, ``FILE``) in order of appearance; everything else must match byte for
byte. ``python tests/warc/test_warc_writer_golden.py`` rewrites the expected file: only for a
deliberate format change.
"""

from __future__ import annotations

import gzip
import json
import re
import sys
import zlib
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

from archive.capture import Capture
from archive.warc import WarcWriter, warc_files
from archive.warc.naming import index_path

GOLDEN = Path(__file__).with_name("data") / "writer_golden.json"
WHEN = datetime(2026, 11, 26, 5, 30, 12, 345678, tzinfo=UTC)
REQUEST = (
    ("Host", "news.example.co.kr"),
    ("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"),
    ("User-Agent", "newsarchive/0.1 (+https://github.com/newsarchive/newsarchive#operators)"),
    ("Accept-Encoding", "gzip, deflate, br, zstd"),
)


def golden_captures() -> list[Capture]:
    """Captures that walk every branch of the record, header and CDXJ code."""
    body = gzip.compress("<html><body>포항시 보도자료</body></html>".encode("cp949"), mtime=0)
    base = Capture(
        url="https://www.news.example.co.kr/news/articleView.html?idxno=140432&sc=x",
        status=200,
        headers=(
            ("Content-Type", "text/html; charset=euc-kr"),
            ("Set-Cookie", "PHPSESSID=abc; path=/"),
            ("Content-Encoding", "gzip"),
            ("Set-Cookie", "lang=ko; path=/"),
            ("Content-Length", str(len(body))),
            ("X-Title", "포항 소식".encode().decode("latin-1")),
            ("X-Latin", "caf\xe9"),
        ),
        body=body,
        fetched_at=WHEN,
        reason="OK",
        request_headers=REQUEST,
        ip_address="203.0.113.7",
        outlet="kyongbuk",
        run_id="20261126T053000Z-a1b2c3",
        via="https://www.news.example.co.kr/rss/allArticle.xml",
    )
    odd_headers = (
        ("Transfer-Encoding", "chunked"),
        ("Content-Type", ""),
        ("X-Multi\r\nLine", "a\r\nb\nc\rd"),
        (" Spaced:Name ", "  v  "),
        ("X-Wide", "\u4e2d\u6587 beyond latin-1"),
        ("X-\u4e2dName", "ok"),
        ("X-Tab\t", "\ttabbed\x0b"),
        ("X-Empty", ""),
    )
    return [
        base,
        Capture(**{**base.__dict__, "url": "http://127.0.0.11:41827/news/view.php?idx=30695",
                   "fetched_at": WHEN.replace(microsecond=0), "protocol": "h2", "reason": ""}),
        Capture(**{**base.__dict__, "url": "http://NEWS.Example.com:8080/A/B/?Z=1&a=2&a&b=#frag",
                   "headers": odd_headers, "status": 404, "reason": "", "truncated": "length",
                   "fetched_at": datetime(2026, 1, 2, 3, 4, 5, 6), "ip_address": None,
                   "outlet": "경북일보", "run_id": None, "via": "http://127.0.0.1:8123/검색?q=포항"}),
        Capture(**{**base.__dict__, "url": "https://포항.example.kr/기사/1?q=포항 시#x",
                   "fetched_at": datetime(2026, 6, 1, 12, 0, tzinfo=timezone(timedelta(hours=9))),
                   "protocol": "HTTP/1.0", "method": "POST", "request_headers": (),
                   "headers": (("Content-Type", "application/json;charset=utf-8"),), "body": b"{}",
                   "reason": "Fine\r\nReason"}),
        Capture(**{**base.__dict__, "url": "https://www2.example.com/%7Euser/a%20b/../c;x?jsessionid=1",
                   "headers": (), "body": b"", "status": 200, "outlet": None, "via": None}),
        Capture(**{**base.__dict__, "kind": "revisit", "status": 200, "payload_digest": None,
                   "refers_to": "<urn:uuid:00000000-0000-4000-8000-000000000001>",
                   "refers_to_date": WHEN - timedelta(days=1)}),
        Capture(**{**base.__dict__, "kind": "revisit", "status": 304, "reason": "Not Modified",
                   "body": b"", "payload_digest": "sha1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
                   "refers_to": None, "refers_to_date": None}),
        Capture(**{**base.__dict__, "url": "http://[2001:db8::1]:8080/x?b=2&a=1", "status": 500,
                   "body": bytes(range(256)) * 4}),
    ]  # fmt: skip


def normalised_output(directory: Path) -> dict:
    """The capture groups (not the warcinfo) and the CDXJ of one written file, ids replaced."""
    with WarcWriter(directory, info={"operator": "test"}, fsync="never") as writer:
        for capture in golden_captures():
            writer.write(capture)
    (path,) = warc_files(directory)
    data = path.read_bytes()
    members, spans, pos = [], [], 0
    while pos < len(data):
        d = zlib.decompressobj(31)
        members.append(d.decompress(data[pos:]))
        end = len(data) - len(d.unused_data)
        spans.append((pos, end - pos))
        pos = end
    ids: dict[str, str] = {}

    def placeholder(match: re.Match) -> str:
        return ids.setdefault(match.group(0), f"<ID{len(ids) + 1}>")

    id_re = re.compile(r"<urn:uuid:[0-9a-f-]{36}>")
    id_re.sub(placeholder, members[0].decode("latin-1"))  # warcinfo id is ID1
    records = [id_re.sub(placeholder, m.decode("latin-1")) for m in members[1:]]
    cdxj = index_path(path).read_text(encoding="utf-8").replace(path.name, "FILE").splitlines()
    return {"records": records, "cdxj": [_without_position(line, spans) for line in cdxj]}


def _without_position(line: str, spans: list[tuple[int, int]]) -> str:
    """A CDXJ line with offset/length checked against the real members, then blanked.

    They depend on the compressor (its version and level) and on the warcinfo record before.
    """
    key, stamp, fields = line.split(" ", 2)
    data = json.loads(fields)
    assert (int(data["offset"]), int(data["length"])) in spans
    data["offset"] = data["length"] = "-"
    return f"{key} {stamp} {json.dumps(data)}"


def test_writer_output_is_unchanged(tmp_path):
    expected = json.loads(GOLDEN.read_text(encoding="utf-8"))
    got = normalised_output(tmp_path)
    assert got["cdxj"] == expected["cdxj"]
    assert len(got["records"]) == len(expected["records"])
    for i, (g, e) in enumerate(zip(got["records"], expected["records"], strict=True)):
        assert g == e, f"record {i} differs"


if __name__ == "__main__":
    import tempfile

    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    with tempfile.TemporaryDirectory() as tmp:
        out = normalised_output(Path(tmp))
    GOLDEN.write_text(json.dumps(out, indent=1, ensure_ascii=True) + "\n", encoding="utf-8")
    print(f"wrote {GOLDEN}: {len(out['records'])} records, {len(out['cdxj'])} CDXJ lines")
