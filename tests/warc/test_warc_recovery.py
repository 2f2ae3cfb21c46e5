"""kill -9 safety: recover() closes abandoned files at their last whole group; nothing acked is lost."""

from __future__ import annotations

import random
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from warc_helpers import make_capture, warcio_check

from archive.warc import WarcWriter, iter_captures, iter_raw_records, recover, warc_files, write_index
from archive.warc.naming import index_path, open_files

WRITER = Path(__file__).with_name("writer_proc.py")


def _seq(capture) -> int:
    return int(capture.url.rsplit("=", 1)[1])


def _all_seqs(warc_dir: Path) -> list[int]:
    seqs = []
    for f in warc_files(warc_dir):
        captures = list(iter_captures(f, tolerant=False))  # closed files must read to the end
        assert all(c.request_headers and c.outlet for c in captures), f"partial group in {f.name}"
        seqs += [_seq(c) for c in captures]
    return seqs


@pytest.mark.slow
def test_kill_9_at_ten_random_moments(warc_dir):
    rng = random.Random(20261126)
    acked: set[int] = set()
    next_seq, started, rounds_with_writes = 0, time.monotonic(), 0
    for _ in range(10):
        proc = subprocess.Popen(
            [sys.executable, str(WRITER), str(warc_dir), str(next_seq), "30000"],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert proc.stdout.readline().strip() == "ready"
        time.sleep(rng.uniform(0.05, 0.6))
        proc.kill()
        out, _ = proc.communicate(timeout=10)
        round_acked = {int(line.split()[1]) for line in out.splitlines() if line.startswith("ok ")}
        rounds_with_writes += bool(round_acked)
        acked |= round_acked

        recover(warc_dir)
        assert open_files(warc_dir) == []
        seqs = _all_seqs(warc_dir)
        assert acked <= set(seqs), f"lost: {sorted(acked - set(seqs))[:5]}"
        assert len(seqs) == len(set(seqs)), "duplicated capture"
        assert seqs == list(range(len(seqs))), "gap or disorder"
        next_seq = len(seqs)  # like crawl state: what is in WARC is done
        assert time.monotonic() - started < 90  # bounded, even on a loaded machine
    assert len(acked) > 50
    files = warc_files(warc_dir)
    assert len(files) >= rounds_with_writes + 1  # every run went on in new files, and rotated
    assert all(index_path(f).exists() for f in files)
    result = warcio_check(*files)
    assert result.returncode == 0, result.stdout[-2000:]


def _group_ends(path: Path) -> list[int]:
    recs = list(iter_raw_records(path))
    return [0] + [r.offset + r.length for r in recs if r.type in ("warcinfo", "metadata", "resource")]


def test_recover_cuts_any_partial_tail_back_to_whole_groups(warc_dir, tmp_path):
    with WarcWriter(warc_dir) as w:
        written = [w.write(make_capture(i)) for i in range(4)]
        w.write_event("urn:newsarchive:run:x", {"n": 1})
        written.append(w.write(make_capture(9)))
        written.append(w.write(make_capture(0, kind="revisit")))
        written.append(w.write(make_capture(0, kind="revisit", status=304, headers=(), body=b"")))
    (source,) = warc_files(warc_dir)
    data = source.read_bytes()
    ends = _group_ends(source)
    rng = random.Random(7)
    cuts = sorted({*rng.sample(range(1, len(data)), 15), *ends[1:], *(e + 1 for e in ends[1:-1])})
    for cut in cuts:
        d = tmp_path / f"cut{cut}"
        d.mkdir()
        victim = d / (source.name + ".open")
        victim.write_bytes(data[:cut])
        recovered = recover(d)
        whole = max(e for e in ends if e <= cut)
        if whole == 0:
            assert recovered == [] and list(d.iterdir()) == []
            continue
        assert recovered == [d / source.name]
        assert (d / source.name).stat().st_size == whole
        got = list(iter_captures(d / source.name, tolerant=False))
        expected = [c for c in written if c.location.offset + c.location.length <= whole]
        assert [c.record_id for c in got] == [c.record_id for c in expected]
        reference = write_index(d / source.name, tmp_path / f"ref{cut}.cdxj").read_text()
        assert index_path(d / source.name).read_text() == reference  # one pass, same as cdxj-indexer


def test_recover_leaves_a_live_writer_alone_and_indexes_missing_cdxj(warc_dir):
    with WarcWriter(warc_dir) as done:
        done.write(make_capture(0))
    (closed,) = warc_files(warc_dir)
    index_path(closed).unlink()
    live = WarcWriter(warc_dir)
    live.write(make_capture(1))
    assert recover(warc_dir) == []
    assert live.path.exists()  # still open, still ours
    assert index_path(closed).exists()
    live.write(make_capture(2))
    live.close()
    assert len(warc_files(warc_dir)) == 2


def test_reader_stops_quietly_at_a_partial_tail_of_an_open_file(warc_dir, tmp_path):
    with WarcWriter(warc_dir) as w:
        for i in range(3):
            w.write(make_capture(i))
    (source,) = warc_files(warc_dir)
    data = source.read_bytes()
    half = tmp_path / (source.name + ".open")
    half.write_bytes(data[: len(data) - 40])
    assert len(list(iter_captures(half))) == 3  # the last capture lost only its metadata
    closed_copy = tmp_path / source.name
    shutil.copy(half, closed_copy)
    from archive.warc import WarcFormatError

    with pytest.raises(WarcFormatError, match="ends inside a record"):
        list(iter_captures(closed_copy))
