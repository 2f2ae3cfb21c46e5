"""`newsarchive demo`: the whole product offline, on the bundled sample outlets.

Starts the sample outlets on loopback, crawls every one of them into ``DIR`` (WARC under
``DIR/warc/``, the database ``DIR/archive.db``), prints what was archived, then serves the archive
browser until interrupted (unless ``--no-serve``).
"""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path
from typing import Any

import click

from archive.cli_options import data_option
from crawler.crawl_cli import sample_crawl_settings, sample_world_faults
from crawler.run import EXIT_CONFIG, EXIT_LOCKED, run_crawl


def summarize(data_dir: Path, record: dict[str, Any]) -> list[str]:
    """Human-readable lines: outlets, pages, articles, duplicates, errors, where things are."""
    lines = []
    outlets = record.get("outlets", [])
    lines.append(f"outlets crawled:   {len(outlets)}  ({', '.join(r['outlet'] for r in outlets)})")
    lines.append(
        f"pages archived:    {record.get('pages', 0)}  "
        f"(revisits {sum(r.get('revisits', 0) for r in outlets)})"
    )
    db_path = data_dir / "archive.db"
    if db_path.exists():
        conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
        try:
            one = lambda sql: conn.execute(sql).fetchone()[0]  # noqa: E731
            articles = one("SELECT count(*) FROM articles")
            versions = one("SELECT count(*) FROM versions")
            stories, copies = conn.execute(
                "SELECT count(*), coalesce(sum(n), 0) FROM (SELECT count(*) AS n FROM articles "
                "WHERE cluster_id IS NOT NULL GROUP BY cluster_id HAVING count(*) > 1)"
            ).fetchone()
            failures = one("SELECT count(*) FROM captures WHERE ingest_status = 'error'")
        finally:
            conn.close()
        lines.append(f"articles:          {articles}  ({versions} versions)")
        lines.append(f"duplicates found:  {stories} stories run by several outlets ({copies} copies)")
        lines.append(f"extraction errors: {failures}")
    errors = [(r["outlet"], e) for r in outlets for e in r.get("errors", [])]
    lines.append(f"crawl errors:      {record.get('errors', 0)}  (per URL; the run went on)")
    for outlet, error in errors[:12]:
        lines.append(f"  - {outlet}: {error.get('url', '')}  {error.get('error', error.get('reason', ''))}")
    if len(errors) > 12:
        lines.append(f"  … {len(errors) - 12} more in the run record")
    warcs = sorted((data_dir / "warc").glob("*.warc.gz"))
    size = sum(p.stat().st_size for p in warcs)
    lines.append(f"WARC files:        {data_dir / 'warc'}  ({len(warcs)} files, {size / 1e6:.1f} MB)")
    lines.append(f"database:          {db_path}")
    lines.append(f"logs, run records: {data_dir / 'logs'}")
    return lines


@click.command("demo")
@data_option("Where WARC, database and logs go.")
@click.option("--articles", default=120, show_default=True, help="Articles in the sample world.")
@click.option("--seed", default=0, show_default=True, help="Seed of the sample world.")
@click.option("--serve/--no-serve", default=True, help="Serve the archive browser after the crawl.")
@click.option("--port", default=8080, show_default=True, type=click.IntRange(0, 65535),
              help="Port of the archive browser (127.0.0.1).")
def demo(data_dir: Path, articles: int, seed: int, serve: bool, port: int) -> None:
    """Offline demo: crawl the bundled sample outlets into DIR, summarize, serve the archive."""
    from crawler.samples import SampleServer, SampleWorld

    click.echo(f"newsarchive demo: starting the sample outlets ({articles} articles, seed {seed}) …")
    world = SampleWorld(seed=seed, articles=articles, faults=sample_world_faults())
    with SampleServer(world) as server:
        entries = server.registry_entries()
        for entry in entries:
            click.echo(f"  {entry['id']:<14} {entry['cms']:<11} {entry['homepage']}")
        click.echo(f"crawling into {data_dir}/ …")
        outcome = run_crawl(data_dir, entries=entries, progress=sys.stderr.isatty(),
                            settings=sample_crawl_settings(world))
    if outcome.exit_code in (EXIT_CONFIG, EXIT_LOCKED) or not outcome.record:
        click.echo(outcome.message, err=True)
        sys.exit(outcome.exit_code or 1)
    click.echo("")
    for line in summarize(data_dir.resolve(), outcome.record):
        click.echo(line)
    if not serve:
        return
    import uvicorn

    from archive.web.app import create_app

    click.echo(f"\narchive browser: http://127.0.0.1:{port}/   (Ctrl-C to stop)")
    uvicorn.run(create_app(data_dir), host="127.0.0.1", port=port, log_level="warning")
