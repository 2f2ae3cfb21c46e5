"""WARC file names: ``{prefix}-{YYYYmmddHHMMSSfff}-{serial:05d}-{host}-{pid}.warc.gz`` (WARC Annex C).

The pid makes names unique per worker process on one host; an open file carries ``.open`` so a
half-written file is never mistaken for a finished one.
"""

from __future__ import annotations

import re
import socket
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

WARC_SUFFIX = ".warc.gz"
OPEN_SUFFIX = ".open"
INDEX_SUFFIX = ".cdxj"

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
_NAME = re.compile(r"^(?P<prefix>.+)-(?P<ts>\d{17})-(?P<serial>\d{5,})-(?P<host>.+)-(?P<pid>\d+)\.warc\.gz$")


@dataclass(frozen=True)
class WarcName:
    prefix: str
    timestamp: datetime
    serial: int
    host: str
    pid: int


def default_host() -> str:
    return safe_part(socket.gethostname()) or "localhost"


def safe_part(text: str) -> str:
    """Make a name part safe for file names (no slashes, spaces or other surprises)."""
    return _UNSAFE.sub("_", text).strip("_")


def warc_filename(prefix: str, when: datetime, serial: int, host: str, pid: int) -> str:
    """The closed file name for one WARC file."""
    stamp = when.astimezone(UTC).strftime("%Y%m%d%H%M%S") + f"{when.microsecond // 1000:03d}"
    return f"{safe_part(prefix)}-{stamp}-{serial:05d}-{safe_part(host)}-{pid}{WARC_SUFFIX}"


def parse_warc_filename(name: str) -> WarcName | None:
    """Split a (closed or open) file name made by :func:`warc_filename`; None for foreign names."""
    name = Path(name).name
    if name.endswith(OPEN_SUFFIX):
        name = name[: -len(OPEN_SUFFIX)]
    m = _NAME.match(name)
    if not m:
        return None
    ts = m["ts"]
    when = datetime.strptime(ts[:14], "%Y%m%d%H%M%S").replace(microsecond=int(ts[14:]) * 1000, tzinfo=UTC)
    return WarcName(m["prefix"], when, int(m["serial"]), m["host"], int(m["pid"]))


def closed_path(path: Path) -> Path:
    """The name a file gets once closed (``x.warc.gz.open`` -> ``x.warc.gz``)."""
    return path.with_name(path.name[: -len(OPEN_SUFFIX)]) if path.name.endswith(OPEN_SUFFIX) else path


def index_path(warc_path: Path | str) -> Path:
    """The CDXJ index beside a closed WARC file: ``x.warc.gz`` -> ``x.cdxj``."""
    path = closed_path(Path(warc_path))
    name = path.name
    for suffix in (WARC_SUFFIX, ".warc"):
        if name.endswith(suffix):
            name = name[: -len(suffix)]
            break
    return path.with_name(name + INDEX_SUFFIX)


def warc_files(directory: Path | str) -> list[Path]:
    """Closed WARC files in a directory, oldest first (names sort by timestamp, then serial)."""
    directory = Path(directory)
    if not directory.is_dir():
        return []
    files = [p for p in directory.iterdir() if p.is_file() and p.name.endswith((WARC_SUFFIX, ".warc"))]
    return sorted(files, key=_sort_key)


def open_files(directory: Path | str) -> list[Path]:
    """In-progress (or abandoned) ``.open`` WARC files in a directory."""
    directory = Path(directory)
    if not directory.is_dir():
        return []
    return sorted(
        (p for p in directory.iterdir() if p.name.endswith(WARC_SUFFIX + OPEN_SUFFIX)), key=_sort_key
    )


def _sort_key(path: Path) -> tuple:
    parsed = parse_warc_filename(path.name)
    if parsed is None:
        return (1, path.name)
    return (0, parsed.timestamp, parsed.serial, parsed.host, parsed.pid, path.name)
