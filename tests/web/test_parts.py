"""Unit tests of the browser's pure parts: diff, charts, health alarms, the serve CLI."""

from __future__ import annotations

import socket
import subprocess
import sys
import time

from archive.web.charts import sparkline_svg, timeline_svg
from archive.web.cli import is_loopback
from archive.web.diff import diff_texts, word_diff
from archive.web.queries import health_warnings


def test_word_diff_escapes_and_marks() -> None:
    markup, added, removed = word_diff("시는 <b>예산</b>을 늘렸다", "시는 <b>예산</b>을 크게 늘렸다")
    assert str(markup) == "시는 &lt;b&gt;예산&lt;/b&gt;을 <ins>크게 </ins>늘렸다"
    assert (added, removed) == (1, 0)


def test_paragraph_diff_collapses_unchanged_runs() -> None:
    old = "\n\n".join(f"문단 {i} 내용입니다." for i in range(10))
    new = old.replace("문단 5 내용입니다.", "문단 5 내용을 고쳤습니다.")
    diff = diff_texts(old, new, context=1)
    kinds = [b.kind for b in diff.blocks]
    assert kinds == ["skip", "same", "changed", "same", "skip"]
    assert diff.changed and diff.added == 2 and diff.removed == 1
    assert not diff_texts(old, old).changed


def test_timeline_stacks_per_outlet_and_escapes_names() -> None:
    rows = [("2026-11-01", "a", 3), ("2026-11-01", "b", 1), ("2026-11-03", "a", 2)]
    svg, legend, unit = timeline_svg(rows, outlet_names={"a": "<가>", "b": "나"})
    assert unit == "일별" and svg.count("<path ") == 2  # one path per outlet
    assert svg.count("<rect ") == 2  # one tooltip per non-empty day: the gap day (11-02) has none
    assert svg.count("M") == 3  # three bar segments: 11-01 a and b, 11-03 a
    assert "&lt;가&gt;" in svg and "<가>" not in svg and "2026-11-01: 4건 (&lt;가&gt; 3, 나 1)" in svg
    assert [(i["outlet"], i["count"]) for i in legend] == [("a", 5), ("b", 1)]
    many = [("2026-11-01", f"o{i}", 1) for i in range(12)]
    _, legend, _ = timeline_svg(many)
    assert legend[-1]["name"] == "기타" and sum(i["count"] for i in legend) == 12
    assert timeline_svg([]) == ("", [], "일별")
    year = [(f"2025-{m:02d}-15", "a", m) for m in range(1, 13)]
    svg, _, unit = timeline_svg(year)
    assert unit == "주별" and svg.count("<rect ") == 12
    decade = [(f"{y}-06-01", "a", 1) for y in range(2016, 2026)]
    assert timeline_svg(decade)[2] == "월별"
    assert sparkline_svg([0, 1, 4]).count("<rect") == 3


def test_health_warnings_fire_on_sharp_drops_only() -> None:
    assert health_warnings(recent_yield=10, base_yield=11, recent_fail=0.02, base_fail=0.01) == []
    drop = health_warnings(recent_yield=1.0, base_yield=12, recent_fail=None, base_fail=None)
    assert len(drop) == 1 and drop[0].startswith("수집량 급감")
    assert health_warnings(recent_yield=0, base_yield=0.5, recent_fail=None, base_fail=None) == []  # quiet outlet
    fail = health_warnings(recent_yield=10, base_yield=10, recent_fail=0.6, base_fail=0.05)
    assert len(fail) == 1 and fail[0].startswith("추출 실패 급증")


def test_loopback_detection() -> None:
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.0.10")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_serve_warns_when_binding_beyond_loopback(tmp_path) -> None:
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "crawler.cli", "serve", "--data", str(tmp_path), "--host", "0.0.0.0", "--port", str(port)],
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        lines = []
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            line = proc.stderr.readline()
            lines.append(line)
            if "serving" in line or not line:
                break
        text = "".join(lines)
        assert "warning: binding 0.0.0.0" in text and "no login" in text
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_index_pass_buckets_like_the_chart() -> None:
    """Pre-bucketing in IndexPass (integer work over docids) draws the same chart as handing
    the chart one row per day and outlet."""
    import random
    from collections import Counter
    from datetime import UTC, date, datetime, timedelta

    from archive.search.docids import MINUTE_SHIFT, OUTLET_SHIFT, minute_of
    from archive.web.searching import IndexPass

    rng = random.Random(5)
    codes = {i: f"outlet{i:02d}" for i in range(1, 13)}
    for span_days in (30, 300, 2000):  # day, week and month buckets
        start = datetime(2024, 1, 1, tzinfo=UTC)
        docids, truth = [], Counter()
        for seq in range(3000):
            when = start + timedelta(minutes=rng.randrange(span_days * 1440))
            code = rng.choice(list(codes))
            docids.append(minute_of(when) << MINUTE_SHIFT | code << OUTLET_SHIFT | seq)
            kst_day = (when + timedelta(hours=9)).date()
            truth[(kst_day, codes[code])] += 1
        docids.sort(reverse=True)
        rows, unit = IndexPass(docids, codes).timeline()
        fast = timeline_svg(rows, unit=unit)
        slow = timeline_svg([(d, o, n) for (d, o), n in truth.items()])
        assert fast == slow, span_days
        assert sum(n for _, _, n in rows) == 3000
        assert all(isinstance(d, date) for d, _, _ in rows)
