"""Rotation at max_bytes: several valid files, warcinfo first, groups never split, indexed."""

from __future__ import annotations

import os

from warc_helpers import make_capture, warcio_check

from archive.warc import WarcWriter, iter_captures, iter_raw_records, parse_warc_filename, warc_files
from archive.warc.naming import index_path


def test_rotation_makes_several_valid_files(warc_dir):
    max_bytes = 40_000
    captures = [make_capture(i, body=os.urandom(3_000 + 97 * i)) for i in range(40)]
    with WarcWriter(warc_dir, max_bytes=max_bytes, host="h1") as w:
        written = [w.write(c) for c in captures]
        assert len(w.closed_files) >= 3  # rotated while writing, not only at close
    files = warc_files(warc_dir)
    assert len(files) >= 4
    assert not list(warc_dir.glob("*.open"))
    result = warcio_check(*files)
    assert result.returncode == 0, result.stdout

    serials = [parse_warc_filename(f.name).serial for f in files]
    assert serials == list(range(len(files)))
    read = []
    for f in files:
        assert f.stat().st_size <= max_bytes
        recs = list(iter_raw_records(f))
        assert recs[0].type == "warcinfo" and recs[0].get("WARC-Filename") == f.name
        assert [r.type for r in recs[1:]] == ["response", "request", "metadata"] * ((len(recs) - 1) // 3)
        assert index_path(f).exists()
        read += list(iter_captures(f))
    assert read == written  # every capture once, in order, each whole (request + metadata joined)
    assert all(c.request_headers and c.outlet == "kyongbuk" for c in read)


def test_oversized_group_gets_a_file_of_its_own(warc_dir):
    with WarcWriter(warc_dir, max_bytes=10_000) as w:
        small = w.write(make_capture(0))
        big = w.write(make_capture(1, body=os.urandom(50_000)))
        after = w.write(make_capture(2))
    files = {c.location.file for c in (small, big, after)}
    assert len(files) == 3
    assert warcio_check(*warc_files(warc_dir)).returncode == 0


def test_nothing_written_means_no_file(warc_dir):
    WarcWriter(warc_dir).close()
    assert list(warc_dir.iterdir()) == []
