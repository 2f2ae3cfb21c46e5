"""The reader also takes WARCs it did not write: warcio's (gzip or plain), whole-file gzip, chunked."""

from __future__ import annotations

import gzip
from io import BytesIO

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from archive.warc import iter_captures, iter_raw_records, read_capture

URL = "http://127.0.0.1:8123/news/view.php?idx=42"
BODY = "<html><p>경주시는 오늘</p></html>".encode("cp949")


def _warcio_file(gzip_records: bool, chunked: bool = False) -> bytes:
    out = BytesIO()
    writer = WARCWriter(out, gzip=gzip_records)
    headers = [("Content-Type", "text/html; charset=euc-kr"), ("Set-Cookie", "a=1"), ("Set-Cookie", "b=2")]
    payload = BODY
    if chunked:
        headers.append(("Transfer-Encoding", "chunked"))
        payload = b"%x\r\n%s\r\n0\r\n\r\n" % (len(BODY), BODY)
    http = StatusAndHeaders("200 OK", headers, protocol="HTTP/1.1")
    response = writer.create_warc_record(URL, "response", payload=BytesIO(payload), http_headers=http)
    req_http = StatusAndHeaders(
        "GET /news/view.php?idx=42 HTTP/1.1", [("User-Agent", "wget")], is_http_request=True
    )
    request = writer.create_warc_record(URL, "request", http_headers=req_http)
    writer.write_request_response_pair(request, response)  # warcio order: request first
    return out.getvalue()


@pytest.mark.parametrize("layout", ["per-record gzip", "plain", "whole-file gzip"])
def test_reads_warcio_files(tmp_path, layout):
    data = _warcio_file(gzip_records=layout == "per-record gzip")
    if layout == "whole-file gzip":
        data = gzip.compress(data)
    path = tmp_path / "foreign.warc.gz"
    path.write_bytes(data)
    (capture,) = list(iter_captures(path, tolerant=False))
    assert capture.url == URL and capture.status == 200 and capture.reason == "OK"
    assert capture.body == BODY
    assert capture.header_values("Set-Cookie") == ["a=1", "b=2"]
    assert capture.request_headers == (("User-Agent", "wget"),)  # joined although written first
    if layout != "whole-file gzip":  # one member per record: offsets are seekable
        again = read_capture(path, capture.location.offset)
        assert again.body == BODY and again.record_id == capture.record_id
    if layout == "plain":
        rec = next(r for r in iter_raw_records(path) if r.type == "response")
        assert data[rec.offset : rec.offset + 8] == b"WARC/1.0"


def test_chunked_body_from_a_foreign_writer_is_dechunked(tmp_path):
    path = tmp_path / "chunked.warc.gz"
    path.write_bytes(_warcio_file(gzip_records=True, chunked=True))
    (capture,) = list(iter_captures(path))
    assert capture.body == BODY
