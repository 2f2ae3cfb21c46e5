"""WARC writer/reader throughput on real Korean article pages (read at run time, never copied).

Writes the pages of ../shared/kr-pages (or synthetic HTML when absent) as captures, gzip level 6
(our default) and 9 (warcio's), then reads them back, indexes and recovers. Last line: JSON.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from archive.capture import Capture  # noqa: E402
from archive.warc import WarcWriter, iter_captures, recover, warc_files, write_index  # noqa: E402

N = int(os.environ.get("BENCH_WARC_N", "2000"))


def pages() -> list[bytes]:
    shared = REPO.parent / "shared" / "kr-pages"
    found = sorted(shared.glob("*.html")) if shared.is_dir() else []
    if found:
        return [p.read_bytes() for p in found]
    para = "<p>포항시는 26일 시청 대회의실에서 지역 언론인 간담회를 열었다.</p>\n"
    return [("<html><body>" + para * (200 + 37 * i) + "</body></html>").encode() for i in range(20)]


def captures(bodies: list[bytes]) -> list[Capture]:
    return [
        Capture(
            url=f"http://127.0.0.1:9/news/articleView.html?idxno={i}",
            status=200,
            reason="OK",
            headers=(("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(b)))),
            body=b,
            request_headers=(("User-Agent", "bench"),),
            outlet="bench",
            run_id="bench",
        )
        for i, b in enumerate(bodies[i % len(bodies)] for i in range(N))
    ]


def write(caps: list[Capture], directory: Path, level: int) -> tuple[float, float, int]:
    """Default writer settings (CDXJ built while writing), 50 MB files so rotation happens."""
    start, cpu = time.perf_counter(), time.process_time()
    with WarcWriter(directory, gzip_level=level, max_bytes=50_000_000) as w:
        for c in caps:
            w.write(c)
    elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
    size = sum(p.stat().st_size for p in warc_files(directory))
    return elapsed, cpu, size


def main() -> None:
    bodies = pages()
    caps = captures(bodies)
    payload = sum(len(c.body) for c in caps)
    root = Path(tempfile.mkdtemp(prefix="bench-warc-"))
    try:
        t6, cpu6, size6 = write(caps, root / "l6", 6)
        t9, cpu9, size9 = write(caps, root / "l9", 9)
        start, cpu_read = time.perf_counter(), time.process_time()
        n_read = sum(1 for f in warc_files(root / "l6") for _ in iter_captures(f))
        t_read, cpu_read = time.perf_counter() - start, time.process_time() - cpu_read
        start = time.perf_counter()
        for f in warc_files(root / "l6"):
            write_index(f)
        t_index = time.perf_counter() - start
        # recovery of a 50 MB file left open (the worst case after a kill)
        big = warc_files(root / "l6")[0]
        victim = big.with_name(big.name + ".open")
        shutil.copy(big, victim)
        big.unlink()
        with open(victim, "ab") as f:
            f.write(b"\x1f\x8b\x08\x00partial")
        start = time.perf_counter()
        recover(root / "l6")
        t_recover = time.perf_counter() - start
        assert n_read == N
        result = {
            "pages": N,
            "payload_mb": round(payload / 1e6, 1),
            "write_l6_pairs_per_s": round(N / t6),
            "write_l6_payload_mb_s": round(payload / 1e6 / t6, 1),
            "write_l6_cpu_ms_per_capture": round(cpu6 * 1000 / N, 2),
            "write_l9_pairs_per_s": round(N / t9),
            "write_l9_cpu_ms_per_capture": round(cpu9 * 1000 / N, 2),
            "size_ratio_l6": round(size6 / payload, 3),
            "size_ratio_l9": round(size9 / payload, 3),
            "read_captures_per_s": round(N / t_read),
            "read_cpu_ms_per_capture": round(cpu_read * 1000 / N, 2),
            "cdxj_indexer_captures_per_s": round(N / t_index),
            "recover_s_per_50mb_file": round(t_recover, 2),
        }
        for key, value in result.items():
            print(f"{key:32} {value}")
        print(json.dumps(result))
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
