"""`newsarchive search`: human output, --json lines, filters, bad input."""

from __future__ import annotations

import json
import subprocess
import sys

from click.testing import CliRunner

from crawler.cli import main


def make_data(tmp_path, archive_class):
    data = tmp_path / "data"
    arc = archive_class(data / "archive.db")
    arc.add("포항시는 <새해> 예산", "경북 포항시가 17일 밝혔다. & 기타", published="2024-01-17T09:00:00+09:00")
    arc.add("대구 소식", "대구시는 포항과 협약을 맺었다.", outlet="idaegu", published="2024-01-16T09:00:00+09:00")
    arc.add("경주 소식", "관광객이 늘었다.", outlet="usm")
    arc.commit()
    arc.store.close()
    return data


def test_json_lines_subprocess(tmp_path, archive_class):
    data = make_data(tmp_path, archive_class)
    out = subprocess.run(
        [sys.executable, "-m", "crawler.cli", "search", "포항", "--data", str(data), "--json"],
        capture_output=True, text=True, check=True, timeout=60,
    )
    lines = [json.loads(line) for line in out.stdout.splitlines()]
    assert [h["title"] for h in lines] == ["포항시는 <새해> 예산", "대구 소식"]
    for hit in lines:
        assert {"id", "url", "outlet", "title", "published", "snippet"} <= set(hit)
    assert "<mark>포항</mark>" in lines[0]["snippet"] and "&amp;" in lines[0]["snippet"]
    assert "2 results" in out.stderr


def test_human_output_and_filters(tmp_path, archive_class):
    data = make_data(tmp_path, archive_class)
    runner = CliRunner()
    res = runner.invoke(main, ["search", "포항", "--data", str(data)])
    assert res.exit_code == 0, res.output
    assert res.output.startswith("2 results")
    assert "[포항]시가" in res.output and "& 기타" in res.output  # marks as brackets, text unescaped
    res = runner.invoke(main, ["search", "포항", "--data", str(data), "--region", "대구", "--json"])
    assert [json.loads(x)["outlet"] for x in res.stdout.splitlines()] == ["idaegu"]
    res = runner.invoke(main, ["search", "포항", "--data", str(data), "--until", "2024-01-16", "--json"])
    assert len(res.stdout.splitlines()) == 1
    res = runner.invoke(main, ["search", "--data", str(data), "--", "-대구 포항"])
    assert res.exit_code == 0 and res.output.startswith("1 results")
    res = runner.invoke(main, ["search", '"', "--data", str(data)])
    assert res.exit_code == 0 and res.output.startswith("0 results")


def test_bad_input_is_a_clear_error(tmp_path, archive_class):
    data = make_data(tmp_path, archive_class)
    runner = CliRunner()
    res = runner.invoke(main, ["search", "포항", "--data", str(data), "--since", "yesterday"])
    assert res.exit_code == 2 and "ISO date" in res.output
    res = runner.invoke(main, ["search", "포항", "--data", str(tmp_path / "nothing")])
    assert res.exit_code == 1 and "no archive database" in res.output
