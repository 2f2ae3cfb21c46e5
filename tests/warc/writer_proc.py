"""A crawl-like process for the kill -9 and full-disk tests: writes numbered captures forever.

Usage: writer_proc.py DIR START MAX_BYTES [FSIZE_LIMIT]. Prints ``ok N`` after capture N was
written (write() returned), ``err ERRNO MESSAGE`` when a write fails, and exits after a failure
plus one more attempt when FSIZE_LIMIT is given.
"""

from __future__ import annotations

import os
import random
import resource
import signal
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from archive.capture import Capture  # noqa: E402
from archive.warc import WarcWriteError, WarcWriter, recover  # noqa: E402


def capture(n: int, size: int) -> Capture:
    return Capture(
        url=f"http://127.0.0.1:9/news/articleView.html?idxno={n}",
        status=200,
        headers=(("Content-Type", "application/octet-stream"),),
        body=os.urandom(size),
        request_headers=(("User-Agent", "kill-test"),),
        outlet="o1",
        run_id=f"r{os.getpid()}",
    )


def main() -> None:
    directory, start, max_bytes = Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
    limit = int(sys.argv[4]) if len(sys.argv) > 4 else None
    if limit:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # get EFBIG instead of being killed
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    recover(directory)  # what every crawl run does first
    rng = random.Random(start)
    writer = WarcWriter(directory, max_bytes=max_bytes, fsync="never")
    print("ready", flush=True)
    n, failures = start, 0
    while True:
        size = rng.randrange(1_000, 12_000) if not limit or failures == 0 else 100
        try:
            writer.write(capture(n, size))
        except WarcWriteError as exc:
            print(f"err {exc.errno} {exc}", flush=True)
            failures += 1
            if failures >= 2:
                break
            continue
        print(f"ok {n}", flush=True)
        n += 1
        if limit and failures:
            break
    writer.close()
    print("closed", flush=True)


if __name__ == "__main__":
    main()
