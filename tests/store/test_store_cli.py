"""`show`, `export`, `stats` on a real data directory; Datasette opens the DB; WACZ validates."""

from __future__ import annotations

import asyncio
import csv
import json
import random
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from store_helpers import build_data_dir, make_story, make_words, syndicate

from archive.export import EXPORT_COLUMNS
from archive.store.cli import export, show, stats
from archive.store.cli import rebuild as rebuild_command

BIN = Path(sys.executable).parent


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory):
    """Two outlets; one story syndicated to both; one article edited (two versions)."""
    rng = random.Random(21)
    vocab = make_words(rng, 3000)
    wire, own, other = make_story(rng, vocab), make_story(rng, vocab), make_story(rng, vocab)
    a = "http://127.0.0.11:8000/news/articleView.html?idxno=1"
    b = "http://127.0.0.12:8000/news/articleView.html?idxno=7"
    c = "http://127.0.0.11:8000/news/articleView.html?idxno=2"
    d = "http://127.0.0.12:8000/news/articleView.html?idxno=8"
    items = [
        (a, "o1", "포항시, 해맞이 축제 연다", "\n\n".join(wire)),
        (b, "o2", "포항 해맞이 축제 개막", "\n\n".join(syndicate(rng, wire, vocab))),
        (c, "o1", "경주시 예산 발표", "\n\n".join(own)),
        (d, "o2", "안동 소식", "\n\n".join(other)),
        (c, "o1", "경주시 예산 발표(수정)", "\n\n".join(own[:-1])),
    ]
    path = tmp_path_factory.mktemp("data")
    results = build_data_dir(path, items)
    assert [r.status for r in results] == ["saved", "saved", "saved", "saved", "new_version"]
    return path


def test_show_text_and_json(data_dir):
    runner = CliRunner()
    out = runner.invoke(show, ["1", "--data", str(data_dir)])
    assert out.exit_code == 0, out.output
    assert "포항시, 해맞이 축제 연다" in out.output
    assert "Also published by 1 other" in out.output and "o2" in out.output
    out = runner.invoke(
        show,
        [
            "http://127.0.0.11:8000/news/articleView.html?idxno=2",
            "--data",
            str(data_dir),
            "--versions",
            "--json",
        ],
    )
    assert out.exit_code == 0, out.output
    article = json.loads(out.output)
    assert article["title"] == "경주시 예산 발표(수정)"
    assert [v["seq"] for v in article["versions"]] == [1, 2]
    assert article["versions"][0]["diff"] is None
    diff = article["versions"][1]["diff"]
    assert "-제목: 경주시 예산 발표" in diff and "+제목: 경주시 예산 발표(수정)" in diff
    assert article["cluster"] == []
    assert len(article["captures"]) == 2


def test_show_unknown_article_fails_cleanly(data_dir):
    out = CliRunner().invoke(show, ["999", "--data", str(data_dir)])
    assert out.exit_code != 0 and "no article" in out.output


def test_stats(data_dir):
    runner = CliRunner()
    out = runner.invoke(stats, ["--data", str(data_dir), "--json"])
    assert out.exit_code == 0, out.output
    rows = {r["outlet"]: r for r in map(json.loads, out.output.splitlines())}
    assert rows["o1"]["captures"] == 3 and rows["o1"]["articles"] == 2 and rows["o1"]["versions"] == 3
    assert rows["o1"]["clusters"] == 1 and rows["o2"]["clusters"] == 1
    assert rows["o1"]["extraction_failures"] == 0
    assert rows["o1"]["last_successful_run"] == "2026-03-02T01:00:00Z"
    out = runner.invoke(stats, ["--data", str(data_dir)])
    assert "total: 4 articles, 5 versions, 1 clusters" in out.output


def test_export_jsonl_and_csv(data_dir, tmp_path):
    runner = CliRunner()
    out = runner.invoke(
        export, ["--data", str(data_dir), "--format", "jsonl", "--out", str(tmp_path / "a.jsonl")]
    )
    assert out.exit_code == 0, out.output
    rows = [json.loads(line) for line in (tmp_path / "a.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(rows) == 4
    assert all(list(r) == list(EXPORT_COLUMNS) for r in rows)
    assert rows[0]["cluster"] is not None and rows[0]["cluster"] == rows[1]["cluster"]
    assert rows[2]["cluster"] is None and rows[0]["authors"] == ["홍길동"]
    out = runner.invoke(
        export, ["--data", str(data_dir), "--format", "csv", "--out", str(tmp_path / "a.csv")]
    )
    assert out.exit_code == 0, out.output
    with (tmp_path / "a.csv").open(encoding="utf-8-sig", newline="") as fh:
        table = list(csv.DictReader(fh))
    assert [r["id"] for r in table] == ["1", "2", "3", "4"] and table[0][
        "title"
    ] == "포항시, 해맞이 축제 연다"
    out = runner.invoke(
        export, ["--data", str(data_dir), "--since", "2027-01-01", "--out", str(tmp_path / "none.jsonl")]
    )
    assert (tmp_path / "none.jsonl").read_text() == ""


def test_export_wacz_validates(data_dir, tmp_path):
    target = tmp_path / "archive.wacz"
    out = CliRunner().invoke(export, ["--data", str(data_dir), "--format", "wacz", "--out", str(target)])
    assert out.exit_code == 0, out.output
    check = subprocess.run(
        [BIN / "wacz", "validate", "-f", target], capture_output=True, text=True, timeout=120
    )
    assert check.returncode == 0, check.stdout + check.stderr
    with zipfile.ZipFile(target) as z:
        names = z.namelist()
        pages = [json.loads(line) for line in z.read("pages/pages.jsonl").decode().splitlines()]
    assert any(n.startswith("archive/") and n.endswith(".warc.gz") for n in names)
    assert any(n.startswith("indexes/") for n in names)
    assert {p.get("url") for p in pages[1:]} >= {"http://127.0.0.11:8000/news/articleView.html?idxno=1"}


def test_datasette_inspect_and_search_box(data_dir):
    db = data_dir / "archive.db"
    out = subprocess.run([BIN / "datasette", "inspect", db], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    tables = json.loads(out.stdout)["archive"]["tables"]
    assert {"outlets", "runs", "captures", "articles", "versions", "clusters"} <= set(tables)
    assert tables["articles"]["count"] == 4

    from datasette.app import Datasette

    async def search_box():
        ds = Datasette([str(db)], immutables=[])
        page = await ds.client.get("/archive/articles")
        response = await ds.client.get("/archive/articles.json?_search=해맞이&_shape=array")
        return page.text, response.status_code, response.json()

    html, status, rows = asyncio.run(search_box())
    assert 'name="_search"' in html  # Datasette found articles_fts: the search box is shown
    assert status == 200
    assert {r["id"] for r in rows} == {1, 2}  # whole-word unicode61 match in both titles


def test_show_finds_an_article_by_a_variant_url(data_dir):
    variant = "http://127.0.0.11:8000/news/articleView.html?idxno=1&utm_source=feed"
    out = CliRunner().invoke(show, [variant, "--data", str(data_dir), "--json"])
    assert out.exit_code == 0, out.output
    assert json.loads(out.output)["id"] == 1


def test_rebuild_command_and_the_installed_entry_point(data_dir, tmp_path):
    import shutil

    copy = tmp_path / "data"
    shutil.copytree(data_dir, copy)
    out = CliRunner().invoke(rebuild_command, ["--data", str(copy), "--quiet"])
    assert out.exit_code == 0, out.output
    assert json.loads(out.output)["articles"] == 4
    # The real `newsarchive` program has the commands registered.
    run = subprocess.run(
        [BIN / "newsarchive", "stats", "--data", copy], capture_output=True, text=True, timeout=120
    )
    assert run.returncode == 0, run.stderr
    assert "total: 4 articles, 5 versions, 1 clusters" in run.stdout
    missing = CliRunner().invoke(rebuild_command, ["--data", str(tmp_path / "nowhere")])
    assert missing.exit_code != 0 and "no WARC directory" in missing.output
