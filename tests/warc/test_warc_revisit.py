"""Revisit records: identical-payload-digest for unchanged bodies, server-not-modified for 304s."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from warc_helpers import make_capture, warcio_check
from warcio.archiveiterator import ArchiveIterator

from archive.warc import WarcWriter, iter_captures, payload_digest, read_capture, warc_files
from archive.warc.records import PROFILE_IDENTICAL, PROFILE_NOT_MODIFIED


def _write_original_and_revisits(warc_dir):
    original = make_capture(0)
    later = original.fetched_at + timedelta(days=1)
    with WarcWriter(warc_dir) as w:
        first = w.write(original)
        same = w.write(
            make_capture(
                0,
                kind="revisit",
                fetched_at=later,
                refers_to=first.record_id,
                refers_to_date=first.fetched_at,
                payload_digest=payload_digest(original.body),  # what crawl state compares
            )
        )
        not_modified = w.write(
            make_capture(
                0,
                kind="revisit",
                status=304,
                reason="Not Modified",
                headers=(("ETag", '"abc"'), ("Date", "Fri, 27 Nov 2026 05:30:12 GMT")),
                body=b"",
                fetched_at=later + timedelta(hours=1),
                refers_to=first.record_id,
                refers_to_date=first.fetched_at,
            )
        )
    return first, same, not_modified


def _warcio_records(path):
    with open(path, "rb") as f:
        return [(r.rec_type, r.rec_headers, r.http_headers, r.raw_stream.read()) for r in ArchiveIterator(f)]


def test_identical_payload_revisit(warc_dir):
    first, same, _ = _write_original_and_revisits(warc_dir)
    (path,) = warc_files(warc_dir)
    revisits = [r for r in _warcio_records(path) if r[0] == "revisit"]
    _, head, http, payload = revisits[0]
    assert head.get_header("WARC-Profile") == PROFILE_IDENTICAL
    assert head.get_header("WARC-Payload-Digest") == first.payload_digest
    assert head.get_header("WARC-Refers-To") == first.record_id
    assert head.get_header("WARC-Refers-To-Target-URI") == first.url
    assert head.get_header("WARC-Refers-To-Date") == "2026-11-26T05:30:12.345678Z"
    assert head.get_header("WARC-Truncated") == "length"
    assert http.get_statuscode() == "200"
    assert http.get_header("Content-Encoding") == "gzip"  # server headers kept
    assert payload == b""  # no body: that is the point
    assert same.payload_digest == first.payload_digest


def test_not_modified_revisit(warc_dir):
    first, _, not_modified = _write_original_and_revisits(warc_dir)
    (path,) = warc_files(warc_dir)
    revisits = [r for r in _warcio_records(path) if r[0] == "revisit"]
    _, head, http, payload = revisits[1]
    assert head.get_header("WARC-Profile") == PROFILE_NOT_MODIFIED
    assert head.get_header("WARC-Refers-To") == first.record_id
    assert head.get_header("WARC-Truncated") is None
    assert head.get_header("WARC-Payload-Digest") is None
    assert http.get_statuscode() == "304"
    assert http.get_header("ETag") == '"abc"'
    assert payload == b""


def test_revisits_read_back_and_pass_check(warc_dir):
    first, same, not_modified = _write_original_and_revisits(warc_dir)
    (path,) = warc_files(warc_dir)
    result = warcio_check(path)
    assert result.returncode == 0, result.stdout
    read = list(iter_captures(path))
    # the writer hands back the caller's capture (body included); the record holds no body
    assert read == [first, replace(same, body=b""), not_modified]
    assert [c.kind for c in read] == ["response", "revisit", "revisit"]
    assert read[1].body == b"" and read[1].refers_to == first.record_id
    assert read[1].refers_to_date == first.fetched_at
    assert read[2].status == 304 and read[2].outlet == "kyongbuk"
    assert read_capture(path, same.location.offset) == read[1]
    # a revisit is much smaller than the response it stands for
    assert same.location.length < first.location.length


def test_replay_index_keeps_identical_revisits_but_not_304s(warc_dir):
    from archive.warc import read_index
    from archive.warc.naming import index_path

    first, same, not_modified = _write_original_and_revisits(warc_dir)
    (path,) = warc_files(warc_dir)
    offsets = {int(fields["offset"]) for _, _, fields in read_index(index_path(path))}
    assert offsets == {first.location.offset, same.location.offset}
    assert not_modified.location.offset not in offsets  # still in the WARC, see iter_captures
