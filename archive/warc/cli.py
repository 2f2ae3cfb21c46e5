"""`newsarchive warc ls | check | recover | index`: operator tools over DATA/warc."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from archive.cli_options import data_option as shared_data_option
from archive.warc.naming import index_path, open_files, warc_files

data_option = shared_data_option("Data directory (WARC files live in DATA/warc).")


@click.group(name="warc")
def warc() -> None:
    """Inspect, verify and repair the WARC files (the archive's source of truth)."""


@warc.command("ls")
@data_option
def ls_command(data_dir: Path) -> None:
    """List WARC files: closed ones with size and index, then any left open."""
    directory = data_dir / "warc"
    for path in warc_files(directory):
        indexed = "indexed" if index_path(path).exists() else "NO INDEX"
        click.echo(f"{path.name}\t{path.stat().st_size}\t{indexed}")
    for path in open_files(directory):
        click.echo(f"{path.name}\t{path.stat().st_size}\topen (being written, or left by a killed run)")


@warc.command("check")
@data_option
@click.argument("files", nargs=-1, type=click.Path(exists=True, dir_okay=False, path_type=Path))
def check_command(data_dir: Path, files: tuple[Path, ...]) -> None:
    """Verify digests, framing, whole captures and the CDXJ of every closed file (or FILES).

    Exits 1 when any file has a problem.
    """
    from archive.warc.check import check_file

    paths = list(files) or warc_files(data_dir / "warc")
    if not paths:
        click.echo(f"no closed WARC files in {data_dir / 'warc'}", err=True)
    bad = 0
    for path in paths:
        report = check_file(path)
        status = "ok" if report.ok else "PROBLEMS"
        click.echo(f"{path.name}: {status} ({report.records} records, {report.captures} captures)")
        for problem in report.problems:
            click.echo(f"  {problem}")
        bad += not report.ok
    if bad:
        click.echo(f"{bad} of {len(paths)} file(s) have problems", err=True)
        sys.exit(1)


@warc.command("recover")
@data_option
def recover_command(data_dir: Path) -> None:
    """Close files a killed crawl left open (at their last whole capture) and index unindexed ones.

    Files still being written by a running crawl are left alone.
    """
    from archive.warc.recovery import recover

    for path in recover(data_dir / "warc"):
        click.echo(f"recovered {path.name}")


@warc.command("index")
@data_option
@click.option("--force", is_flag=True, help="Rewrite existing indexes too.")
def index_command(data_dir: Path, force: bool) -> None:
    """Write the CDXJ index beside each closed WARC file."""
    from archive.warc.index import write_index

    for path in warc_files(data_dir / "warc"):
        if force or not index_path(path).exists():
            write_index(path)
            click.echo(f"indexed {path.name}")
