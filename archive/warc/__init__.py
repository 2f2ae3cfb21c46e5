"""WARC: the archive's source of truth. Write captures, read them back, recover, index.

One capture = response (or revisit) + request + metadata records, each its own gzip member,
written back-to-back; see ``writer.py`` for the framing and ``recovery.py`` for kill -9 safety.
"""

from __future__ import annotations

from archive.warc.check import FileReport, check_file
from archive.warc.index import read_index, write_index
from archive.warc.naming import index_path, parse_warc_filename, warc_filename, warc_files
from archive.warc.reader import (
    Event,
    RawRecord,
    WarcFormatError,
    iter_captures,
    iter_raw_records,
    iter_records,
    read_capture,
)
from archive.warc.records import decode_header_value, encode_header_value, payload_digest
from archive.warc.recovery import recover
from archive.warc.writer import WarcWriteError, WarcWriter

__all__ = [
    "Event",
    "FileReport",
    "RawRecord",
    "WarcFormatError",
    "WarcWriteError",
    "WarcWriter",
    "check_file",
    "decode_header_value",
    "encode_header_value",
    "index_path",
    "iter_captures",
    "iter_raw_records",
    "iter_records",
    "parse_warc_filename",
    "payload_digest",
    "read_capture",
    "read_index",
    "recover",
    "warc_filename",
    "warc_files",
    "write_index",
]
