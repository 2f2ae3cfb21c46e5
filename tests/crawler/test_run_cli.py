"""`newsarchive crawl` as cron runs it: the lock, exit codes, the run record, a dead outlet."""

from __future__ import annotations

import http.server
import json
import subprocess
import threading
import time
from contextlib import contextmanager

from tests.crawler.conftest import REPO, crawl_cmd, last_run_record, run_crawl, write_registry

ARTICLES = 6


class _SlowSite(http.server.BaseHTTPRequestHandler):
    """A tiny NDSoft-shaped site whose pages take `delay` seconds: long enough to overlap runs."""

    protocol_version = "HTTP/1.1"
    delay = 0.0

    def log_message(self, *args) -> None:
        pass

    def do_GET(self) -> None:
        self.seen.append(time.monotonic())
        self.agents.add(self.headers.get("User-Agent", ""))
        time.sleep(self.delay)
        if self.path == "/robots.txt":
            body, ctype = b"User-agent: *\nDisallow: /private/\n", "text/plain"
        elif self.path == "/":
            links = "".join(
                f'<li><a href="/news/articleView.html?idxno={i}">기사 {i}</a></li>' for i in range(1, ARTICLES + 1)
            )
            links += '<li><a href="/news/articleView.html?idxno=99">첨부 문서</a></li>'  # answers with a PDF
            body, ctype = f"<html><body><ul>{links}</ul></body></html>".encode(), "text/html; charset=utf-8"
        elif self.path == "/sitemap.xml":
            body, ctype = b"\x89PNG\r\n\x1a\n\x00\x00 not a sitemap at all", "application/xml"
        elif self.path == "/rss/allArticle.xml":
            body, ctype = b"<html><body>Service temporarily unavailable</body></html>", "application/rss+xml"
        elif self.path.endswith("idxno=99"):
            body, ctype = b"%PDF-1.4\n% not a web page\n", "application/pdf"
        elif self.path.startswith("/news/articleView.html?idxno="):
            n = self.path.rsplit("=", 1)[1]
            body = (
                f"<html><head><title>포항시 소식 {n}</title></head><body><h3 class='heading'>포항시 소식 {n}</h3>"
                f"<article id='article-view-content-div'><p>포항시는 {n}일 시민 의견을 듣는다고 밝혔다.</p>"
                "</article></body></html>"
            ).encode()
            ctype = "text/html; charset=utf-8"
        else:
            self.send_error(404)
            return
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@contextmanager
def slow_site(delay: float):
    handler = type("Handler", (_SlowSite,), {"delay": delay, "seen": [], "agents": set()})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", handler
    finally:
        server.shutdown()
        server.server_close()


def _entry(base: str, oid: str = "slow") -> dict:
    return {
        "id": oid, "name": "느린일보", "region": "경북", "city": "포항", "homepage": base + "/", "cms": "ndsoft",
        "interval_minutes": 60,
    }


def test_overlapping_run_exits_at_once_with_locked_code(tmp_path):
    with slow_site(0.4) as (base, _):
        registry = write_registry(tmp_path / "reg.json", [_entry(base)])
        data = tmp_path / "data"
        first = subprocess.Popen(crawl_cmd(data, registry), cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        try:
            lock = data / "crawl.lock"
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline and not (lock.exists() and lock.read_text().strip()):
                time.sleep(0.05)
            time.sleep(0.3)
            assert first.poll() is None, "the first run ended too early to overlap"
            started = time.monotonic()
            second = run_crawl(data, registry, timeout=30)
            took = time.monotonic() - started
            assert second.returncode == 3, second.stderr
            assert "another crawl" in second.stderr and str(first.pid) in second.stderr
            assert took < 10
            assert first.poll() is None, "the locked run must not disturb the running one"
        finally:
            rc = first.wait(timeout=120)
        assert rc == 0, first.stderr.read().decode()[-2000:]
        record = last_run_record(data)
        assert record["outlets"][0]["articles_fetched"] == ARTICLES + 1
        # The lock is free again: a third run starts and finds nothing new to fetch.
        third = run_crawl(data, registry)
        assert third.returncode == 0, third.stderr[-2000:]
        assert last_run_record(data)["outlets"][0]["articles_fetched"] == 0
        # --due: the outlet ran moments ago (interval 60 min), so nothing is crawled.
        runs = len(list((data / "logs").glob("run-*.json")))
        due = run_crawl(data, registry, "--due")
        assert due.returncode == 0 and len(list((data / "logs").glob("run-*.json"))) == runs


def test_config_errors_exit_2(tmp_path):
    registry = write_registry(tmp_path / "reg.json", [_entry("http://127.0.0.1:9")])
    out = run_crawl(tmp_path / "d", registry, "--outlet", "nosuch", timeout=60)
    assert out.returncode == 2 and "nosuch" in out.stderr
    bad = tmp_path / "bad.toml"
    bad.write_text("[[outlet]]\nid = \n", encoding="utf-8")
    out = run_crawl(tmp_path / "d", bad, timeout=60)
    assert out.returncode == 2 and "config error" in out.stderr


def test_dead_outlet_fails_the_run_but_is_recorded(tmp_path):
    # Port 9 on loopback: connection refused, every time.
    with slow_site(0.0) as (base, _):
        live = {**_entry(base, "live"), "feeds": [base + "/rss/allArticle.xml"], "sitemaps": [base + "/sitemap.xml"]}
        registry = write_registry(tmp_path / "reg.json", [_entry("http://127.0.0.1:9", "dead"), live])
        data = tmp_path / "data"
        out = run_crawl(data, registry, settings={"RETRY_TIMES": 1}, timeout=90)
    assert out.returncode == 1, out.stderr[-2000:]
    assert "failed: dead" in out.stderr
    record = last_run_record(data)
    by_id = {o["outlet"]: o for o in record["outlets"]}
    assert by_id["dead"]["status"] == "failed" and by_id["dead"]["error_count"] >= 1
    assert "ConnectionRefused" in json.dumps(by_id["dead"]["errors"])
    assert by_id["live"]["status"] == "ok" and by_id["live"]["articles_fetched"] == ARTICLES + 1
    live_errors = " | ".join(e["error"] for e in by_id["live"]["errors"])
    assert "non-HTML response (application/pdf)" in live_errors
    # A broken feed and a broken sitemap are per-URL errors; the homepage still yields the articles.
    assert "unreadable feed" in live_errors and "unreadable sitemap" in live_errors
    # The run record is in the store too, and in WARC as a resource record.
    import sqlite3

    row = sqlite3.connect(data / "archive.db").execute("SELECT status FROM runs WHERE id = ?", (record["id"],)).fetchone()
    assert row is not None and row[0] == "failed"
    from archive.warc import iter_records, warc_files

    uris = [r.uri for p in warc_files(data / "warc") for r in iter_records(p) if hasattr(r, "uri")]
    assert f"urn:newsarchive:run:{record['id']}" in uris
    assert "urn:newsarchive:outlet:dead" in uris


def test_registry_override_sets_the_hosts_delay(tmp_path):
    with slow_site(0.0) as (base, site):
        entry = {**_entry(base), "overrides": {"download_delay": 0.3, "concurrency": 1}}
        registry = write_registry(tmp_path / "reg.json", [entry])
        out = run_crawl(tmp_path / "data", registry, settings={"NEWSARCHIVE_CONTACT_URL": "https://ops.example/na"})
        assert out.returncode == 0, out.stderr[-2000:]
        seen, agents = site.seen, site.agents
    # An honest User-Agent, naming the operator's contact page, on every request.
    assert agents == {"newsarchive/0.1 (+https://ops.example/na)"}
    gaps = [b - a for a, b in zip(seen, seen[1:], strict=False)]
    assert len(seen) >= ARTICLES + 2
    # Loopback hosts get no delay by default; the registry's override applies to every request.
    # (Arrival times at the server add connection-setup jitter: check the rate and the median gap.)
    assert seen[-1] - seen[0] >= (len(seen) - 1) * 0.3 * 0.95, gaps
    assert sorted(gaps)[len(gaps) // 2] >= 0.3 * 0.95 and min(gaps) >= 0.3 * 0.7, gaps
