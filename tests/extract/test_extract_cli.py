"""The ``newsarchive extract`` contract: one JSON object with exactly the 14 keys."""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from click.testing import CliRunner
from extract_pages import BUILDERS

from archive.extract import FIELDS
from crawler.cli import main

KEYS = ["url", "canonical_url", "title", "subtitle", "authors", "published", "modified", "section", "body",
        "images", "cms", "language", "is_article", "warnings"]


@pytest.fixture
def page_file(tmp_path):
    html, truth = BUILDERS["idx_view-old"]()
    path = tmp_path / "page.html"
    path.write_bytes(html.encode("cp949"))
    return path, truth


def test_fields_are_the_contract():
    assert list(FIELDS) == KEYS


def test_json_output(page_file):
    path, truth = page_file
    result = CliRunner().invoke(main, ["extract", str(path), "--url", truth.url])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert list(data) == KEYS
    assert data["title"] == truth.title and data["authors"] == truth.authors
    assert data["published"] == truth.published and data["url"] == truth.url
    assert data["cms"] == "idx_view" and data["is_article"] is True


def test_text_output(page_file):
    path, truth = page_file
    result = CliRunner().invoke(main, ["extract", str(path), "--format", "text"])
    assert result.exit_code == 0
    assert result.output.splitlines()[0] == truth.title
    assert truth.body.split("\n\n")[1] in result.output


def test_missing_file_is_an_error():
    result = CliRunner().invoke(main, ["extract", "/nonexistent/page.html"])
    assert result.exit_code != 0
    assert "cannot read" in result.output and "Traceback" not in result.output


def test_empty_file_is_a_clear_non_article(tmp_path):
    path = tmp_path / "empty.html"
    path.write_bytes(b"")
    result = CliRunner().invoke(main, ["extract", str(path)])
    data = json.loads(result.output)
    assert list(data) == KEYS and data["is_article"] is False and data["warnings"]


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 - http.server API
        html, _ = BUILDERS["page_view"]()
        if self.path.startswith("/page/view/"):
            body = gzip.compress(html.encode("cp949", "xmlcharrefreplace"))
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=euc-kr")
            self.send_header("Content-Encoding", "gzip")
        else:
            body = b"not here"
            self.send_response(404)
            self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_url_is_fetched(server):
    _, truth = BUILDERS["page_view"]()
    result = CliRunner().invoke(main, ["extract", f"{server}/page/view/2023031611461773862"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["title"] == truth.title and data["cms"] == "page_view"
    assert data["url"].startswith(server)


def test_url_http_error_is_an_error(server):
    result = CliRunner().invoke(main, ["extract", f"{server}/missing"])
    assert result.exit_code != 0 and "cannot fetch" in result.output


def test_real_subprocess(page_file):
    path, truth = page_file
    env = {**os.environ, "LANG": "C", "LC_ALL": "C", "PYTHONIOENCODING": "ascii"}  # hostile locale
    proc = subprocess.run([sys.executable, "-m", "crawler.cli", "extract", str(path), "--url", truth.url],
                          capture_output=True, timeout=60, check=False, env=env)
    assert proc.returncode == 0, proc.stderr.decode(errors="replace")
    data = json.loads(proc.stdout.decode("utf-8"))
    assert list(data) == KEYS and data["title"] == truth.title
