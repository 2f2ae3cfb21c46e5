"""`newsarchive warc ls | check | recover | index` against real files."""

from __future__ import annotations

import zlib

from click.testing import CliRunner
from warc_helpers import make_capture, warcio_check

from archive.warc import WarcWriter, warc_files
from archive.warc.cli import warc as main  # the group `newsarchive warc` mounts
from archive.warc.naming import index_path


def _data(tmp_path, n=3):
    with WarcWriter(tmp_path / "warc") as w:
        written = [w.write(make_capture(i)) for i in range(n)]
    return written


def test_check_passes_then_catches_a_changed_byte(tmp_path):
    written = _data(tmp_path)
    runner = CliRunner()
    result = runner.invoke(main, ["check", "--data", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "ok (10 records, 3 captures)" in result.output

    (path,) = warc_files(tmp_path / "warc")
    data = path.read_bytes()
    loc = written[1].location
    record = zlib.decompress(data[loc.offset : loc.offset + loc.length], 31)
    assert b"PHPSESSID=abc" in record
    comp = zlib.compressobj(6, zlib.DEFLATED, 31)
    tampered = comp.compress(record.replace(b"PHPSESSID=abc", b"PHPSESSID=abd")) + comp.flush()
    path.write_bytes(data[: loc.offset] + tampered + data[loc.offset + loc.length :])

    result = runner.invoke(main, ["check", "--data", str(tmp_path)])
    assert result.exit_code == 1
    assert f"offset {loc.offset}: response block digest mismatch" in result.output
    assert warcio_check(path).returncode == 1  # the reference tool agrees


def test_check_reports_a_missing_index_and_index_repairs_it(tmp_path):
    _data(tmp_path)
    (path,) = warc_files(tmp_path / "warc")
    index_path(path).unlink()
    runner = CliRunner()
    result = runner.invoke(main, ["check", "--data", str(tmp_path)])
    assert result.exit_code == 1 and "no index" in result.output
    assert runner.invoke(main, ["index", "--data", str(tmp_path)]).exit_code == 0
    assert runner.invoke(main, ["check", "--data", str(tmp_path)]).exit_code == 0


def test_ls_and_recover(tmp_path):
    _data(tmp_path)
    (path,) = warc_files(tmp_path / "warc")
    left_open = path.with_name(path.name.replace("-00000-", "-00001-") + ".open")
    left_open.write_bytes(path.read_bytes()[:-30])  # a killed writer's partial tail
    runner = CliRunner()
    listing = runner.invoke(main, ["ls", "--data", str(tmp_path)]).output
    assert f"{path.name}\t{path.stat().st_size}\tindexed" in listing
    assert f"{left_open.name}\t" in listing and "open (" in listing
    result = runner.invoke(main, ["recover", "--data", str(tmp_path)])
    assert result.exit_code == 0 and "recovered" in result.output
    assert len(warc_files(tmp_path / "warc")) == 2
    assert runner.invoke(main, ["check", "--data", str(tmp_path)]).exit_code == 0
