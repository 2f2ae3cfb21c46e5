"""pywb (a separate process, its own venv) replays what we wrote, from our own CDXJ."""

from __future__ import annotations

import gzip
import urllib.request
from datetime import timedelta

import pytest
from warc_helpers import html_page, make_capture

from archive.warc import WarcWriter, payload_digest
from tests.pywb_harness import pywb_replay, replay_url  # noqa: F401 - fixture

pytestmark = pytest.mark.slow


def _get(url: str, **headers: str) -> tuple[int, dict, bytes]:
    req = urllib.request.Request(url, headers={"Accept-Encoding": "identity", **headers})
    with urllib.request.urlopen(req, timeout=10) as resp:
        return resp.status, dict(resp.headers.items()), resp.read()


def test_pywb_replays_written_responses(warc_dir, pywb_replay):  # noqa: F811
    plain_body = html_page(1)
    plain = make_capture(
        1,
        headers=(("Content-Type", "text/html; charset=euc-kr"), ("Content-Length", str(len(plain_body)))),
        body=plain_body,
    )
    encoded = make_capture(2)  # gzip body with Content-Encoding: gzip kept
    with WarcWriter(warc_dir) as w:
        plain_w = w.write(plain)
        encoded_w = w.write(encoded)
        revisit_w = w.write(
            make_capture(
                2,
                kind="revisit",
                fetched_at=encoded.fetched_at + timedelta(days=1),
                refers_to=encoded_w.record_id,
                refers_to_date=encoded_w.fetched_at,
                payload_digest=payload_digest(encoded.body),
            )
        )
        not_modified_w = w.write(
            make_capture(
                1,
                kind="revisit",
                status=304,
                reason="Not Modified",
                headers=(("ETag", '"e1"'),),
                body=b"",
                fetched_at=plain.fetched_at + timedelta(days=2),
                refers_to=plain_w.record_id,
                refers_to_date=plain_w.fetched_at,
                payload_digest=plain_w.payload_digest,
            )
        )
    # a second, still-open file must not break replay of the closed ones
    live = WarcWriter(warc_dir)
    live.write(make_capture(3))

    base = pywb_replay(warc_dir)
    status, headers, body = _get(replay_url(base, plain_w.fetched_at, plain.url))
    assert status == 200
    assert body == plain_body  # byte for byte, EUC-KR untouched
    assert headers["Content-Type"] == "text/html; charset=euc-kr"

    status, headers, body = _get(replay_url(base, encoded_w.fetched_at, encoded.url))
    assert status == 200 and gzip.decompress(encoded.body) == body

    # the revisit resolves to the original payload
    status, headers, body = _get(replay_url(base, revisit_w.fetched_at, encoded.url))
    assert status == 200 and body == gzip.decompress(encoded.body)
    # served as the revisit's own memento (its date), with the payload taken from the original
    assert headers["Memento-Datetime"] == "Fri, 27 Nov 2026 05:30:14 GMT"

    # a 304 revisit is not a page: pywb serves the capture it confirmed
    status, headers, body = _get(replay_url(base, not_modified_w.fetched_at, plain.url))
    assert status == 200 and body == plain_body
    assert headers["Memento-Datetime"] == "Thu, 26 Nov 2026 05:30:13 GMT"
    live.close()
