"""Close WARC files a killed writer left ``.open``: cut at the last whole group, rename, index.

A file still locked (flock) by a live writer is left alone, so recover() is safe to call at the
start of every run even with several crawl processes sharing one directory.
"""

from __future__ import annotations

import fcntl
import logging
import os
from pathlib import Path

from archive.warc.index import raw_cdxj_line, write_lines
from archive.warc.naming import closed_path, index_path, open_files, warc_files
from archive.warc.reader import RawRecord, WarcFormatError, iter_raw_records
from archive.warc.records import get_all

log = logging.getLogger(__name__)


def last_whole_group_end(path: Path | str) -> int:
    """Offset just past the last complete record group (or lone record) in ``path``.

    Our groups are response/revisit + request + metadata; a group cut short by a kill is dropped
    whole, so no capture survives without its request and metadata.
    """
    return scan_open_file(path)[0]


def scan_open_file(path: Path | str) -> tuple[int, list[str]]:
    """One pass over a file: (end of the last whole group, CDXJ lines of the records before it)."""
    name = closed_path(Path(path)).name
    good, lines, pending = 0, [], []
    group: tuple[str | None, set[str]] | None = None  # (main record id, partner types seen)
    try:
        for rec in iter_raw_records(path, tolerant=True):
            end = rec.offset + rec.length
            if rec.type in ("response", "revisit"):
                line = raw_cdxj_line(rec, name)
                pending = [line] if line else []
            if rec.type in ("response", "revisit") and get_all(rec.fields, "WARC-Concurrent-To"):
                group = (rec.id, set())
            elif group and rec.type in ("request", "metadata") and group[0] in _targets(rec):
                group[1].add(rec.type)
                if group[1] == {"request", "metadata"}:
                    group, good, lines, pending = None, end, lines + pending, []
            else:
                group, good, lines, pending = None, end, lines + pending, []
    except WarcFormatError as exc:
        log.warning("%s: damaged data at offset %d (%s); cutting there", path, exc.offset, exc.reason)
    return good, lines


def _targets(rec: RawRecord) -> list[str]:
    return get_all(rec.fields, "WARC-Concurrent-To")


def recover_file(path: Path | str) -> Path | None:
    """Close one abandoned ``.open`` file; returns the closed path (None if it held nothing)."""
    path = Path(path)
    fd = os.open(path, os.O_RDWR)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            log.info("%s is being written by a live process; left alone", path.name)
            return None
        size = os.fstat(fd).st_size
        end, lines = scan_open_file(path)
        if end < size:
            log.warning(
                "%s: cutting %d bytes of partial record(s) after offset %d", path.name, size - end, end
            )
            os.ftruncate(fd, end)
        os.fsync(fd)
    finally:
        os.close(fd)
    if end == 0:
        path.unlink()
        log.warning("%s held no whole record; removed", path.name)
        return None
    final = closed_path(path)
    os.replace(path, final)
    try:
        write_lines(index_path(final), lines)
    except OSError:
        log.exception("could not index %s", final.name)
    return final


def recover(directory: Path | str) -> list[Path]:
    """Close every abandoned ``.open`` file and index closed files lacking a ``.cdxj``.

    Returns the files closed by this call. Safe to run while other writers are active.
    """
    from archive.warc.index import write_index

    directory = Path(directory)
    recovered = []
    for path in open_files(directory):
        try:
            final = recover_file(path)
        except FileNotFoundError:
            continue  # its writer closed it meanwhile
        if final is not None:
            recovered.append(final)
            log.info("recovered %s", final.name)
    for path in warc_files(directory):
        if path.name.endswith(".warc.gz") and not index_path(path).exists():
            try:
                write_index(path)
            except Exception:  # noqa: BLE001 - an unindexable file must not stop the run
                log.exception("could not index %s", path.name)
    return recovered
