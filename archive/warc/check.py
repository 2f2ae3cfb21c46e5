"""Verify WARC files without warcio: digests, framing, warcinfo first, whole groups, index lines.

``warcio check`` stays the reference in tests; this check also knows our own invariants (a
capture never split, every replayable record in the CDXJ) and runs inside ``newsarchive warc``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from archive.warc import records as r
from archive.warc.naming import index_path, parse_warc_filename
from archive.warc.reader import RawRecord, WarcFormatError, iter_raw_records

REQUIRED = ("WARC-Record-ID", "WARC-Date", "WARC-Type", "Content-Length")


@dataclass
class FileReport:
    path: Path
    records: int = 0
    captures: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def check_file(path: Path | str, *, index: bool = True) -> FileReport:
    """Read every record of ``path`` and list what is wrong (an empty list means valid)."""
    path = Path(path)
    report = FileReport(path)
    ours = parse_warc_filename(path.name) is not None
    ids: set[str] = set()
    partners: dict[str, list[str]] = {}
    replayable: set[int] = set()
    try:
        for rec in iter_raw_records(path, tolerant=False):
            report.records += 1
            if report.records == 1 and ours and rec.type != "warcinfo":
                report.problems.append(f"offset {rec.offset}: first record is {rec.type}, not warcinfo")
            report.problems += [f"offset {rec.offset}: {p}" for p in _record_problems(rec)]
            ids.add(rec.id or "")
            if rec.type in ("response", "revisit"):
                report.captures += 1
                partners[rec.id or ""] = r.get_all(rec.fields, "WARC-Concurrent-To")
                if not _is_not_modified(rec):
                    replayable.add(rec.offset)
    except WarcFormatError as exc:
        report.problems.append(f"offset {exc.offset}: {exc.reason}")
    if ours:
        for main_id, linked in partners.items():
            missing = [x for x in linked if x not in ids]
            if missing:
                report.problems.append(f"capture {main_id} lacks linked record(s) {', '.join(missing)}")
    if index and path.name.endswith(".warc.gz"):
        report.problems += _index_problems(path, replayable)
    return report


def _record_problems(rec: RawRecord) -> list[str]:
    problems = [f"missing {name}" for name in REQUIRED if rec.get(name) is None]
    block_digest = rec.get("WARC-Block-Digest")
    if block_digest and not _digest_matches(block_digest, rec.block):
        problems.append(f"{rec.type} block digest mismatch")
    payload_digest = rec.get("WARC-Payload-Digest")
    if payload_digest and rec.type == "response":
        head = r.split_head(rec.block)
        payload = rec.block[head[1] :] if head else rec.block
        if not _digest_matches(payload_digest, payload):
            problems.append("response payload digest mismatch")
    return problems


def _digest_matches(declared: str, data: bytes) -> bool:
    algorithm, _, _ = declared.partition(":")
    if algorithm.lower() != "sha1":
        return True  # not ours; warcio check covers other algorithms
    return declared.split(":", 1)[1].upper() == r.payload_digest(data).split(":", 1)[1]


def _is_not_modified(rec: RawRecord) -> bool:
    return rec.type == "revisit" and (rec.get("WARC-Profile") or "").endswith("/server-not-modified")


def _index_problems(path: Path, replayable: set[int]) -> list[str]:
    from archive.warc.index import read_index

    cdxj = index_path(path)
    if not cdxj.exists():
        return [f"no index {cdxj.name} (run `newsarchive warc recover`)"]
    indexed = {
        int(fields["offset"]) for _, _, fields in read_index(cdxj) if fields.get("filename") == path.name
    }
    missing = sorted(replayable - indexed)
    extra = sorted(indexed - replayable)
    problems = []
    if missing:
        problems.append(f"{len(missing)} capture(s) not in {cdxj.name}, first at offset {missing[0]}")
    if extra:
        problems.append(f"{cdxj.name} points at {len(extra)} offset(s) with no capture, first {extra[0]}")
    return problems
