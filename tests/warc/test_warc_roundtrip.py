"""Write -> read gives back the same Capture; the bytes on disk are what an archivist expects."""

from __future__ import annotations

import gzip
import zlib
from dataclasses import replace
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st
from warc_helpers import make_capture, warcio_check
from warcio.archiveiterator import ArchiveIterator

from archive.warc import (
    Event,
    WarcWriter,
    decode_header_value,
    encode_header_value,
    iter_captures,
    iter_raw_records,
    iter_records,
    payload_digest,
    read_capture,
    read_index,
    warc_files,
)
from archive.warc.naming import index_path, parse_warc_filename


def _write(warc_dir: Path, captures, **kwargs):
    with WarcWriter(
        warc_dir, info={"operator": "test", "user_agent": "newsarchive-test"}, **kwargs
    ) as writer:
        written = [writer.write(c) for c in captures]
        event_loc = writer.write_event(
            "urn:newsarchive:run:r1", {"outlets": ["kyongbuk"], "이름": "경북일보"}
        )
    return written, event_loc


def test_round_trip_keeps_every_field(warc_dir):
    captures = [
        make_capture(0),
        make_capture(1, truncated="length", body=make_capture(1).body[:20]),
        make_capture(
            2,
            status=404,
            reason="Not Found",
            headers=(("Content-Type", "text/plain"),),
            body=b"gone",
            via="http://127.0.0.1:8123/검색?q=포항",  # metadata is UTF-8 warc-fields
            outlet="경북일보",
        ),
        make_capture(3, outlet=None, run_id=None, via=None, request_headers=(), ip_address=None),
    ]
    written, event_loc = _write(warc_dir, captures)
    (path,) = warc_files(warc_dir)
    assert not list(warc_dir.glob("*.open"))

    items = list(iter_records(path))
    read = [i for i in items if not isinstance(i, Event)]
    assert read == written
    for original, back in zip(captures, read, strict=True):
        assert back == replace(
            original, record_id=back.record_id, payload_digest=back.payload_digest, location=back.location
        )
        assert back.payload_digest == payload_digest(original.body)
        assert back.location.file == path.name
    # repeated headers and the encoded body survive byte for byte
    assert read[0].header_values("Set-Cookie") == ["PHPSESSID=abc; path=/", "lang=ko; path=/"]
    assert read[0].body[:2] == b"\x1f\x8b" and read[0].header("Content-Encoding") == "gzip"
    assert "포항시는 0번째".encode("cp949") in read[0].decoded_body()
    assert read[1].truncated == "length"

    (event,) = [i for i in items if isinstance(i, Event)]
    assert event.uri == "urn:newsarchive:run:r1"
    assert event.data == {"outlets": ["kyongbuk"], "이름": "경북일보"}
    assert event.location == event_loc
    assert list(iter_captures(path)) == written


def test_read_capture_at_location(warc_dir):
    written, _ = _write(warc_dir, [make_capture(i) for i in range(5)])
    for capture in written:
        assert read_capture(warc_dir / capture.location.file, capture.location.offset) == capture


def test_location_is_one_gzip_member(warc_dir):
    """offset/length cut out exactly one record: the response, decompressible on its own."""
    written, _ = _write(warc_dir, [make_capture(i) for i in range(3)])
    data = (warc_dir / written[0].location.file).read_bytes()
    for capture in written:
        loc = capture.location
        member = data[loc.offset : loc.offset + loc.length]
        d = zlib.decompressobj(31)
        record = d.decompress(member)
        assert d.eof and d.unused_data == b""
        assert record.startswith(b"WARC/1.1\r\nWARC-Type: response\r\n")
        assert f"WARC-Record-ID: {capture.record_id}".encode() in record


def test_open_file_is_readable_while_writing(warc_dir):
    writer = WarcWriter(warc_dir)
    first = writer.write(make_capture(0))
    second = writer.write(make_capture(1))
    assert writer.path is not None and writer.path.name.endswith(".warc.gz.open")
    assert warc_files(warc_dir) == []  # in progress: not listed as closed
    assert list(iter_captures(writer.path)) == [first, second]
    # a location names the final file; reading it resolves to the .open twin until close
    assert read_capture(warc_dir / second.location.file, second.location.offset) == second
    writer.close()
    assert [p.name for p in warc_files(warc_dir)] == [first.location.file]


def test_warcio_check_and_warcio_reads_the_same_bytes(warc_dir):
    captures = [make_capture(i) for i in range(3)]
    written, _ = _write(warc_dir, captures)
    (path,) = warc_files(warc_dir)
    result = warcio_check(path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.count("digest pass") == 1 + 3 * 3 + 1  # warcinfo, 3 groups, the event

    with open(path, "rb") as f:
        it = ArchiveIterator(f)
        responses = []
        for rec in it:
            if rec.rec_type == "response":
                responses.append((rec, rec.raw_stream.read(), it.get_record_offset()))
    assert [body for _, body, _ in responses] == [c.body for c in captures]
    for (rec, _, offset), capture in zip(responses, written, strict=True):
        assert offset == capture.location.offset
        assert rec.http_headers.protocol == "HTTP/1.1"
        assert rec.http_headers.get_statuscode() == "200"
        assert rec.rec_headers.get_header("WARC-IP-Address") == "127.0.0.1"
        assert rec.http_headers.get_header("X-Title") == "포항 소식"


def test_warcinfo_first_and_records_linked(warc_dir):
    written, _ = _write(warc_dir, [make_capture(0)])
    (path,) = warc_files(warc_dir)
    recs = list(iter_raw_records(path))
    assert [r.type for r in recs] == ["warcinfo", "response", "request", "metadata", "resource"]
    info = recs[0].block.decode()
    for line in ("software: newsarchive", "format: WARC File Format 1.1", "conformsTo: https://iipc.github.io",
                 "operator: test", "robots: obey", "http-header-user-agent: newsarchive-test"):  # fmt: skip
        assert line in info
    assert recs[0].get("WARC-Filename") == path.name
    response, request, metadata = recs[1:4]
    assert {request.get("WARC-Concurrent-To"), metadata.get("WARC-Concurrent-To")} == {response.id}
    from archive.warc.records import get_all

    assert set(get_all(response.fields, "WARC-Concurrent-To")) == {request.id, metadata.id}
    assert {r.get("WARC-Date") for r in recs[1:4]} == {"2026-11-26T05:30:12.345678Z"}
    assert {r.get("WARC-Target-URI") for r in recs[1:4]} == {written[0].url}
    assert all(r.get("WARC-Warcinfo-ID") == recs[0].id for r in recs[1:])
    assert request.block.startswith(b"GET /news/articleView.html?idxno=0&sc=x HTTP/1.1\r\n")
    assert (
        b"outlet: kyongbuk\r\nrun: run-20261126T053000\r\nvia: http://127.0.0.1:8123/rss/" in metadata.block
    )


def test_chunked_header_renamed_so_headers_do_not_lie(warc_dir):
    body = b"<html>de-chunked by the HTTP client</html>"
    capture = make_capture(
        7, headers=(("Content-Type", "text/html"), ("Transfer-Encoding", "chunked")), body=body
    )
    written, _ = _write(warc_dir, [capture])
    (path,) = warc_files(warc_dir)
    raw = next(r for r in iter_raw_records(path) if r.type == "response")
    assert b"\r\nX-Crawler-Transfer-Encoding: chunked\r\n" in raw.block
    assert b"\r\nTransfer-Encoding:" not in raw.block
    with open(path, "rb") as f:
        rec = next(r for r in ArchiveIterator(f) if r.rec_type == "response")
        assert rec.content_stream().read() == body  # a reader that de-chunks finds nothing to undo
    assert written[0].header("Transfer-Encoding") == "chunked"  # the Capture keeps the server's view
    assert next(iter_captures(path)).headers == capture.headers


def test_cdxj_points_at_the_records(warc_dir):
    written, _ = _write(warc_dir, [make_capture(i) for i in range(4)])
    (path,) = warc_files(warc_dir)
    rows = read_index(index_path(path))
    assert len(rows) == 4
    by_offset = {int(fields["offset"]): (key, ts, fields) for key, ts, fields in rows}
    for capture in written:
        key, ts, fields = by_offset[capture.location.offset]
        assert int(fields["length"]) == capture.location.length
        assert fields["filename"] == path.name
        assert fields["url"] == capture.url
        assert fields["digest"] == capture.payload_digest
        assert ts == capture.fetched_at.strftime("%Y%m%d%H%M%S")
        assert key == "1,0,0,127:8123)" + capture.url.split(":8123", 1)[1].lower()  # SURT
    assert [r[:2] for r in rows] == sorted(r[:2] for r in rows)


def test_gzip_level_is_configurable(tmp_path):
    def xfl(level):
        d = tmp_path / str(level)
        with WarcWriter(d, gzip_level=level) as w:
            w.write(make_capture(0))
        data = warc_files(d)[0].read_bytes()
        return data[8]  # gzip XFL byte: 2 = best compression (9), 4 = fastest (1), 0 otherwise

    assert xfl(6) == 0 and xfl(9) == 2 and xfl(1) == 4


def test_file_name_shape(warc_dir):
    with WarcWriter(warc_dir, prefix="kb news", host="crawl-01.local") as w:
        capture = w.write(make_capture(0))
    parsed = parse_warc_filename(capture.location.file)
    assert parsed is not None
    assert (parsed.prefix, parsed.serial, parsed.host) == ("kb_news", 0, "crawl-01.local")
    import os

    assert parsed.pid == os.getpid()
    assert capture.location.file.endswith(".warc.gz")


@given(st.binary().filter(lambda b: b"\r" not in b and b"\n" not in b))
def test_header_bytes_round_trip(raw):
    assert encode_header_value(decode_header_value(raw)) == raw


@given(st.text().filter(lambda s: "\r" not in s and "\n" not in s))
def test_header_text_is_written_latin1_or_utf8(text):
    raw = encode_header_value(text)
    if all(ord(ch) < 256 for ch in text):
        assert decode_header_value(raw) == text
    else:
        assert raw.decode("utf-8") == text


def test_header_line_breaks_cannot_inject_fields():
    assert encode_header_value("a\r\nX-Evil: 1") == b"a  X-Evil: 1"


def test_gzip_body_is_never_decoded_on_write(warc_dir):
    capture = make_capture(3)
    written, _ = _write(warc_dir, [capture])
    assert gzip.decompress(read_capture(warc_dir / written[0].location.file, written[0].location.offset).body)


def test_http2_status_line_and_same_millisecond_writers(warc_dir):
    a, b = WarcWriter(warc_dir), WarcWriter(warc_dir)
    first = a.write(make_capture(0, protocol="h2"))
    second = b.write(make_capture(1))
    a.close()
    b.close()
    assert first.location.file != second.location.file
    got = read_capture(warc_dir / first.location.file, first.location.offset)
    assert got.protocol == "HTTP/2" and got.status == 200
    result = warcio_check(*warc_files(warc_dir))
    assert result.returncode == 0, result.stdout


def test_index_built_while_writing_equals_cdxj_indexer_output(warc_dir, tmp_path):
    from datetime import timedelta

    from archive.warc import write_index

    captures = [
        make_capture(0),
        make_capture(1, headers=(), body=b"no content type"),
        make_capture(
            2, headers=(("content-type", "text/plain;charset=utf-8"),), status=404, reason="Not Found"
        ),
        make_capture(3, protocol="h2", truncated="length"),
        make_capture(0, kind="revisit", fetched_at=make_capture(0).fetched_at + timedelta(days=1)),
        make_capture(0, kind="revisit", status=304, headers=(("ETag", '"x"'),), body=b""),
        make_capture(4, url="http://127.0.0.1:8123/%EA%B8%B0%EC%82%AC?b=2&a=1"),
    ]
    with WarcWriter(warc_dir, max_bytes=3_000) as w:  # several files
        for c in captures:
            w.write(c)
        w.write_event("urn:newsarchive:run:r1", {"n": 1})
    files = warc_files(warc_dir)
    assert len(files) > 2
    for path in files:
        built = index_path(path).read_text()
        reference = write_index(path, tmp_path / (path.name + ".cdxj")).read_text()
        assert built == reference
    total = sum(len(read_index(index_path(p))) for p in files)
    assert total == len(captures) - 1  # all but the 304
