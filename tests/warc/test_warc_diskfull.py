"""A full disk (here: RLIMIT_FSIZE in a subprocess, giving EFBIG) never corrupts earlier records."""

from __future__ import annotations

import errno
import subprocess
import sys
from pathlib import Path

from warc_helpers import warcio_check

from archive.warc import iter_captures, iter_raw_records, warc_files

WRITER = Path(__file__).with_name("writer_proc.py")


def test_write_past_the_size_limit_cuts_back_and_raises(warc_dir):
    limit = 120_000
    proc = subprocess.run(
        [sys.executable, str(WRITER), str(warc_dir), "0", "10000000", str(limit)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    lines = proc.stdout.splitlines()
    assert proc.returncode == 0, proc.stderr
    assert lines[-1] == "closed"
    errors = [line for line in lines if line.startswith("err ")]
    assert errors, proc.stdout
    assert errors[0].startswith(f"err {errno.EFBIG} ")
    assert "file size limit" in errors[0] and "cut back to its last whole record" in errors[0]
    acked = [int(line.split()[1]) for line in lines if line.startswith("ok ")]
    assert len(acked) > 5

    (path,) = warc_files(warc_dir)
    assert path.stat().st_size <= limit
    assert [int(c.url.rsplit("=", 1)[1]) for c in iter_captures(path, tolerant=False)] == acked
    last = list(iter_raw_records(path, tolerant=False))[-1]
    assert last.type == "metadata" and last.offset + last.length == path.stat().st_size
    result = warcio_check(path)
    assert result.returncode == 0, result.stdout
    assert not list(warc_dir.glob("*.tmp"))  # a failed index write leaves no debris
